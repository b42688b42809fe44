from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorConfig(AppConfig):
    name = "mentor"
    verbose_name = _("Mentorstøtte")

    def ready(self) -> None:
        # Connect the sign-in signals: where the user stands with the second factor, the
        # throttle's count of failed sign-ins, and every session starting without the
        # provider's MFA.
        from mentor import sign_in_throttle, sso, two_factor  # noqa: F401
