from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mentor import caching, models


class BumpsCacheVersions(admin.ModelAdmin[Any]):
    """The admin writes without the services: after a save (with its many-to-many fields) or a
    delete it bumps the cache versions that the rows feed (``docs/caching.md``)."""

    cache_versions: tuple[str, ...] = ()

    def versions_for(self, objs: Iterable[Any]) -> list[str]:
        return list(self.cache_versions)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any,
                     change: bool) -> None:
        super().save_related(request, form, formsets, change)
        caching.bump(*self.versions_for([form.instance]))

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        caching.bump(*self.versions_for([obj]))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        objs = list(queryset)
        super().delete_queryset(request, queryset)
        caching.bump(*self.versions_for(objs))


@admin.register(models.User)
class UserAdmin(BumpsCacheVersions, SimpleHistoryAdmin, BaseUserAdmin[models.User]):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Jobcenter", {"fields": ("teams", "phone",
                                                                            "title")}),
                 (_("Totrinsbekræftelse"), {"fields": ("second_factor",)}))
    readonly_fields = ("second_factor",)
    filter_horizontal = ("groups", "user_permissions", "teams")

    @admin.display(description=_("Godkendelsesapp"))
    def second_factor(self, obj: models.User) -> str:
        """Whether the user has set up an app, and the way to the reset (a page of its own,
        with a reason, through the service)."""
        if obj.pk is None:
            return "–"
        from mentor.two_factor import has_confirmed_device

        status = _("Sat op") if has_confirmed_device(obj) else _("Ikke sat op endnu")
        return format_html('{} · <a href="{}">{}</a>', status,
                           reverse("two_factor_reset", args=[obj.pk]),
                           _("Nulstil totrinsbekræftelse"))

    def versions_for(self, objs: Iterable[Any]) -> list[str]:
        return [caching.user_version(user.pk) for user in objs]

    def user_change_password(self, request: HttpRequest, id: str,
                             form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            caching.bump(caching.user_version(int(id)))
        return response


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BumpsCacheVersions, BaseGroupAdmin):
    cache_versions = (caching.USERS,)  # a role renamed or deleted: its members' roles


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("name",)


@admin.register(models.Team)
class TeamAdmin(BumpsCacheVersions, SimpleHistoryAdmin):
    list_display = ("name", "municipality", "visitation_deputy")
    # Names; a deleted team's members; the deputy's (``UserState.deputy_team_ids``).
    cache_versions = (caching.TEAMS, caching.USERS)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        if db_field.name == "visitation_deputy":
            # Another team's leader or a manager (``mentor.permissions.may_approve``).
            kwargs["queryset"] = models.User.objects.filter(
                is_active=True, groups__name__in=(models.Role.TEAM_LEADER,
                                                  models.Role.MANAGER)).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(models.MentorType)
class MentorTypeAdmin(BumpsCacheVersions, SimpleHistoryAdmin):
    list_display = ("name", "code", "legal_basis")
    cache_versions = (caching.CATALOGUE,)


@admin.register(models.TargetGroup)
class TargetGroupAdmin(BumpsCacheVersions, SimpleHistoryAdmin):
    list_display = ("name", "code", "kind", "legal_basis")
    cache_versions = (caching.CATALOGUE,)


@admin.register(models.MentorTask)
class MentorTaskAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "guide_hours_per_week")


@admin.register(models.Provider)
class ProviderAdmin(BumpsCacheVersions, SimpleHistoryAdmin):
    cache_versions = (caching.PROVIDERS,)  # the dashboard's provider filter
    list_display = ("name", "kind", "hourly_price", "agreement_start", "agreement_end", "active")
    list_filter = ("kind", "active")


class CertificationInline(admin.TabularInline[models.Certification, models.Mentor]):
    model = models.Certification
    extra = 0
    filter_horizontal = ("tasks",)


@admin.register(models.Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "provider", "weekly_capacity_hours", "active")
    list_filter = ("provider", "active")
    inlines = (CertificationInline,)


@admin.register(models.AccessLog)
class AccessLogAdmin(admin.ModelAdmin[models.AccessLog]):
    """Read-only: the access log is append-only, also for administrators."""

    list_display = ("at", "user", "citizen_id", "action", "what")
    list_filter = ("action",)
    # The citizen by number only: a name shown here would be a display without a log row.
    # (The administrator's own access-log page shows the name and logs it.)
    fields = ("at", "user", "citizen_id", "action", "what", "reason")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# The API's clients, requests and webhooks.
# Single sign-on: the group mapping, break-glass accounts, external identities.
from mentor import admin_sso  # noqa: E402, F401
from mentor.api import admin as api_admin  # noqa: E402, F401
