from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorConfig(AppConfig):
    name = "mentor"
    verbose_name = _("Mentorstøtte")

    def ready(self) -> None:
        # Connect the sign-in signals: where the user stands with the second factor, and the
        # throttle's count of failed sign-ins.
        from mentor import sign_in_throttle, two_factor  # noqa: F401
