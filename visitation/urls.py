"""Visitation URLs, split by area so that each area's module can grow on its own."""

from django.urls import include, path

from visitation.views_mentors import mentor_search_view

urlpatterns = [
    path("", include("visitation.urls_referrals")),
    path("", include("visitation.urls_courses")),
    path("", include("visitation.urls_journal")),
    path("", include("visitation.urls_team")),
    path("", include("visitation.urls_complaints")),
    path("mentors/search/", mentor_search_view, name="mentor_search"),
]
