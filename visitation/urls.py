"""Visitation URLs, split by area so that each area's module can grow on its own."""

from django.urls import include, path

urlpatterns = [
    path("", include("visitation.urls_referrals")),
    path("", include("visitation.urls_courses")),
    path("", include("visitation.urls_journal")),
]
