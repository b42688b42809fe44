"""Agreements in the admin: metadata only, and read-only for issued versions.

Administrators configure; they do not read citizens' cases, so the content and the PDF are
not shown here. Issued and superseded versions can be neither changed nor deleted: a change is
a new version, made by the caseworker through the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from agreements.models import Agreement, AgreementStatus

METADATA = ("course", "version", "status", "checksum", "source_key", "created_by",
            "created_at", "issued_by", "issued_at", "accepted_on", "acceptance_method",
            "acceptance_recorded_by")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ("id", "course", "version", "status", "issued_at", "accepted_on")
    list_filter = ("status", "acceptance_method")
    fields = METADATA
    readonly_fields = METADATA
    list_select_related = ("course",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("pdf", "content")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Agreement | None = None) -> bool:
        # Viewing stays possible; with every field read-only nothing can be saved.
        if obj is not None and obj.status != AgreementStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Agreement | None = None) -> bool:
        if obj is None:
            return False
        return obj.status == AgreementStatus.DRAFT and super().has_delete_permission(request, obj)
