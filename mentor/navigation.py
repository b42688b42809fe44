"""Navigation: each role sees the links it may use, nothing else (the main menu of the base
layout, ``templates/includes/navigation.jinja``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mentor.models import Role
from mentor.templatetags.pk_urls import named_url

# ``Role.values`` builds a new list at every use; the menu is on every page.
ROLE_VALUES = frozenset(Role.values)

# (roles that see the link, URL name, label). Links whose URL does not exist are skipped.
NAVIGATION: list[tuple[frozenset[str], str, Any]] = [
    (frozenset({Role.CASEWORKER, Role.TEAM_LEADER}), "citizen_list", _("Borgere")),
    (frozenset({Role.CASEWORKER}), "referral_list", _("Indstillinger")),
    (frozenset({Role.TEAM_LEADER}), "approval_queue", _("Visitation")),
    (frozenset({Role.CASEWORKER, Role.TEAM_LEADER}), "course_list", _("Mentorforløb")),
    (frozenset({Role.MENTOR}), "mentor_workspace", _("Mine borgere")),
    (frozenset({Role.TEAM_LEADER}), "followup_overview", _("Opfølgning")),
    (frozenset({Role.MANAGER, Role.TEAM_LEADER}), "dashboard", _("Ledelsesinformation")),
    (frozenset({Role.MANAGER}), "manager_lookup", _("Opslag")),
    (frozenset({Role.ADMINISTRATOR}), "policy_list", _("Serviceniveau")),
    (frozenset({Role.ADMINISTRATOR}), "policy_simulator", _("Simulator")),
    (frozenset({Role.ADMINISTRATOR}), "costline_list", _("Udgifter")),
    (frozenset({Role.ADMINISTRATOR}), "access_log_search", _("Adgangslog")),
    (frozenset({Role.ADMINISTRATOR}), "admin:index", _("Administration")),
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
        if not roles & allowed:
            continue
        url = named_url(name)
        if url is None:
            continue
        links.append({"url": url, "label": label,
                      "active": request.path.startswith(url) and url != "/"})
    return {"nav_links": links, "unread_notifications": user.state.unread_notifications,
            "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT,
            "user_roles": sorted(Role(r).label for r in roles if r in ROLE_VALUES)}
