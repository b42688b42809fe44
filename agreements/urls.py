"""Agreement URLs; every name starts with ``agreement_``."""

from django.urls import path

from agreements import views

urlpatterns = [
    path("courses/<int:course_pk>/agreements/", views.agreement_course,
         name="agreement_course"),
    path("courses/<int:course_pk>/agreements/draft/", views.agreement_draft_open,
         name="agreement_draft_open"),
    path("courses/<int:course_pk>/agreements/new-version/", views.agreement_new_version,
         name="agreement_new_version"),
    path("agreements/bulk/", views.agreement_bulk_issue, name="agreement_bulk_issue"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/issue/", views.agreement_issue, name="agreement_issue"),
    path("agreements/<int:pk>/discard/", views.agreement_discard, name="agreement_discard"),
    path("agreements/<int:pk>/acceptance/", views.agreement_acceptance,
         name="agreement_acceptance"),
    path("agreements/<int:pk>/pdf/", views.agreement_download, name="agreement_download"),
    path("agreements/<int:pk>/preview/", views.agreement_preview, name="agreement_preview"),
]
