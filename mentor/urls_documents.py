"""Documents on the case and the citizen's own data (GDPR art. 15)."""

from django.urls import path

from mentor import views_documents as views

urlpatterns = [
    path("citizens/<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/rescan/", views.document_rescan, name="document_rescan"),
    path("citizens/<int:pk>/export/", views.citizen_export, name="citizen_export"),
]
