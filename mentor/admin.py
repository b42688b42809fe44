from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from mentor import models


@admin.register(models.User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Jobcenter", {"fields": ("teams", "phone",
                                                                            "title")}))
    filter_horizontal = ("groups", "user_permissions", "teams")


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name",)


@admin.register(models.Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "municipality")


@admin.register(models.MentorType)
class MentorTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "legal_basis")


@admin.register(models.TargetGroup)
class TargetGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "legal_basis")


@admin.register(models.MentorTask)
class MentorTaskAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "guide_hours_per_week")


@admin.register(models.Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "hourly_price", "agreement_start", "agreement_end", "active")
    list_filter = ("kind", "active")


class CertificationInline(admin.TabularInline):
    model = models.Certification
    extra = 0
    filter_horizontal = ("tasks",)


@admin.register(models.Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "provider", "weekly_capacity_hours", "active")
    list_filter = ("provider", "active")
    inlines = [CertificationInline]


@admin.register(models.AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only, also for administrators."""

    list_display = ("at", "user", "citizen_id", "action", "what")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
