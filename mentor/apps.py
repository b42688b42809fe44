from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorConfig(AppConfig):
    name = "mentor"
    verbose_name = _("Mentorstøtte")
