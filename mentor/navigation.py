"""Navigation: each role sees the links it may use, nothing else (the main menu of the base
layout, ``templates/includes/navigation.jinja``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentor import permissions
from mentor.models import Role, User
from mentor.templatetags.pk_urls import named_url

# ``Role.values`` builds a new list at every use; the menu is on every page.
ROLE_VALUES = frozenset(Role.values)

# (who sees the link, URL name, label): the predicate of the page it leads to.
# Links whose URL does not exist are skipped.
NAVIGATION: list[tuple[Callable[[User], bool], str, Any]] = [
    (permissions.does_case_work, "citizen_list", _("Borgere")),
    (permissions.may_file_referral, "referral_list", _("Indstillinger")),
    (permissions.may_approve, "approval_queue", _("Visitation")),
    (permissions.does_case_work, "course_list", _("Mentorforløb")),
    (permissions.may_use_mentor_workspace, "mentor_workspace", _("Mine borgere")),
    (permissions.may_run_followup, "followup_overview", _("Opfølgning")),
    (permissions.may_view_dashboard, "dashboard", _("Ledelsesinformation")),
    (permissions.may_look_up_citizen, "manager_lookup", _("Opslag")),
    (permissions.is_administrator, "policy_list", _("Serviceniveau")),
    (permissions.is_administrator, "policy_simulator", _("Simulator")),
    (permissions.is_administrator, "costline_list", _("Udgifter")),
    (permissions.is_administrator, "access_log_search", _("Adgangslog")),
    (permissions.is_administrator, "admin:index", _("Administration")),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu's links for the request's user, the unread notifications and the roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [], "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT}
    roles = set(user.roles)
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    links = []
    for allowed, name, label in NAVIGATION:
        if not allowed(user):
            continue
        url = named_url(name)
        if url is None:
            continue
        links.append({"url": url, "label": label,
                      "active": request.path.startswith(url) and url != "/"})
    return {"nav_links": links, "unread_notifications": user.state.unread_notifications,
            "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT,
            "user_roles": sorted(Role(r).label for r in roles if r in ROLE_VALUES)}
