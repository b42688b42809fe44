from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorConfig(AppConfig):
    name = "mentor"
    verbose_name = _("Mentorstøtte")

    def ready(self) -> None:
        # Connects the login signal that remembers whether the user owes a two-factor code.
        # Connects the login signal that starts every session without the provider's MFA.
        from mentor import (
            sso,  # noqa: F401
            two_factor,  # noqa: F401
        )
