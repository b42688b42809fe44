"""Admin of single sign-on: the group mapping, the break-glass accounts, the links to the
identity providers. Imported by ``mentor/admin.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from mentor.models_sso import BreakGlassAccount, ExternalIdentity, IdentityGroupMapping


@admin.register(IdentityGroupMapping)
class IdentityGroupMappingAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Read at every sign-in: a change takes effect at each user's next sign-in."""

    list_display = ("group", "provider", "role", "team", "municipality")
    list_filter = ("provider", "role", "municipality")
    search_fields = ("group",)
    list_select_related = ("team", "municipality")


@admin.register(BreakGlassAccount)
class BreakGlassAccountAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("user", "reason", "created_at")
    autocomplete_fields = ("user",)
    list_select_related = ("user",)


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin[ExternalIdentity]):
    """Made at a user's first sign-in; deleting one lets the next sign-in with that identity
    start afresh."""

    list_display = ("user", "provider", "subject", "created_at", "last_sign_in_at")
    list_filter = ("provider",)
    search_fields = ("subject", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "provider", "subject", "created_at", "last_sign_in_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
