"""What the base layout (``templates/base.html``) shows around every page: the main menu with
the links each role may use and nothing else, the unread notifications, the user's roles,
whether two-factor is offered, the languages and the idle timeout.

``layout`` is a context processor: every template rendered with a request gets ``nav``. Its
parts are worked out when a template first reads them, so a fragment rendered with a request
(the live decision panel) costs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from mentor import permissions
from mentor.models import Role, User

# ``Role.values`` builds a new list at every use; the menu is on every page.
ROLE_VALUES = frozenset(Role.values)

# (who sees the link, URL name, label): the predicate of the page it leads to.
# Links whose URL does not exist are skipped.
NAVIGATION: list[tuple[Callable[[User], bool], str, Any]] = [
    (permissions.does_case_work, "citizen_list", _("Borgere")),
    # Caseworkers and team leaders alike: the referrals and the follow-up list.
    (permissions.does_case_work, "referral_list", _("Indstillinger")),
    (permissions.may_approve, "approval_queue", _("Visitation")),
    (permissions.does_case_work, "course_list", _("Mentorforløb")),
    (permissions.may_use_mentor_workspace, "mentor_workspace", _("Mine borgere")),
    (permissions.does_case_work, "followup_overview", _("Opfølgning")),
    (permissions.may_view_caseloads, "team_caseloads", _("Team")),
    (permissions.may_print_letters, "letter_print", _("Breve til print")),
    (permissions.may_view_dashboard, "dashboard", _("Ledelsesinformation")),
    (permissions.may_view_money_reports, "money_limit", _("Økonomi")),
    (permissions.may_look_up_citizen, "manager_lookup", _("Opslag")),
    (permissions.is_administrator, "policy_list", _("Serviceniveau")),
    (permissions.is_administrator, "policy_simulator", _("Simulator")),
    (permissions.is_administrator, "costline_list", _("Udgifter")),
    (permissions.may_edit_letter_templates, "letter_template_list", _("Brevskabeloner")),
    (permissions.is_administrator, "access_log_search", _("Adgangslog")),
    (permissions.is_administrator, "admin:index", _("Administration")),
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
        if self.user is None or not self.authenticated:
            return set()
        roles = set(self.user.roles)
        if self.user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        return roles

    @cached_property
    def links(self) -> list[dict[str, Any]]:
        links: list[dict[str, Any]] = []
        if not self.authenticated:
            return links
        for allowed, name, label in NAVIGATION:
            if not allowed(self.user):  # type: ignore[arg-type]
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
        if self.user is None or not self.authenticated:
            return 0
        return int(self.user.state.unread_notifications)

    @cached_property
    def role_labels(self) -> list[str]:
        return sorted(str(Role(r).label) for r in self.roles if r in ROLE_VALUES)

    @cached_property
    def two_factor(self) -> bool:
        return self.authenticated and permissions.may_enrol_two_factor(
            self.user)  # type: ignore[arg-type]


def layout(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for the base layout."""
    return {"nav": Navigation(request)}
