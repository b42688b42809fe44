from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "visitation"
