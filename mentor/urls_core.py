"""Core pages, split by area: citizens, the policy screens, security and audit."""

from django.urls import include, path

urlpatterns = [
    path("", include("mentor.urls_citizens")),
    path("", include("mentor.urls_policy")),
    path("", include("mentor.urls_security")),
    path("", include("mentor.urls_lists")),
    path("", include("mentor.urls_documents")),
]
