"""What the base layout (``templates/base.html``) shows around every page: the main menu with
the links each role may use and nothing else, the unread notifications, the user's roles,
whether two-factor is offered, the languages and the idle timeout.

``layout`` is a context processor: every template rendered with a request gets ``nav``. Its
parts are worked out when a template first reads them, so a fragment rendered with a request
(the live decision panel) costs nothing here.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from mentor.models import Role

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


class Navigation:
    """The layout's values for one request (``{{ nav.links }}``, ``{{ nav.unread }}``, …)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user = getattr(request, "user", None)

    @property
    def idle_timeout(self) -> int:
        return int(settings.SESSION_IDLE_TIMEOUT)

    @property
    def authenticated(self) -> bool:
        return self.user is not None and bool(self.user.is_authenticated)

    @cached_property
    def roles(self) -> set[str]:
        if not self.authenticated:
            return set()
        assert self.user is not None
        roles = set(self.user.roles)
        if self.user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        return roles

    @cached_property
    def links(self) -> list[dict[str, Any]]:
        links = []
        for allowed, name, label in NAVIGATION:
            if not self.roles & allowed:
                continue
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
            links.append({"url": url, "label": label,
                          "active": self.request.path.startswith(url) and url != "/"})
        return links

    @cached_property
    def unread(self) -> int:
        if not self.authenticated:
            return 0
        assert self.user is not None
        return int(self.user.state.unread_notifications)

    @cached_property
    def role_labels(self) -> list[str]:
        return sorted(str(Role(r).label) for r in self.roles if r in ROLE_VALUES)

    @cached_property
    def two_factor(self) -> bool:
        from mentor.two_factor import may_enrol

        return self.authenticated and may_enrol(self.user)  # type: ignore[arg-type]


def layout(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for the base layout."""
    return {"nav": Navigation(request)}
