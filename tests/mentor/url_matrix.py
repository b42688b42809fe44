"""Machinery of the permission matrix: walk every URL pattern, request it as every role
against an object the role may and may not see, and compare with the expectation.

The expectations live in ``tests/mentor/test_permission_matrix.py`` (``MATRIX``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mentor.models import AccessLog, User
from tests.mentor.security_world import ROLES, Side, World
from tests.second_factor import TwoFactorClient

# Not the project's own pages: Django's admin (its own permission system), the language
# switch, static and media files, and the API (clients with tokens, not roles: its own matrix
# in tests/mentor/api/test_api_permission_matrix.py).
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "media/", "api/")

AUTHENTICATED = frozenset(ROLES) - {"anonymous"}
CASE_WORK = frozenset({"caseworker", "team_leader", "outsider"})
CASEWORKERS = frozenset({"caseworker", "outsider"})
TEAM_LEADERS = frozenset({"team_leader"})
MENTORS = frozenset({"mentor", "other_mentor"})
MANAGERS = frozenset({"manager", "manager_lookup"})
ADMINISTRATORS = frozenset({"administrator"})
# Everyone who may open a citizen they are allowed to see.
CITIZEN_READERS = CASE_WORK | MENTORS | {"manager_lookup"}


@dataclass(frozen=True)
class Target:
    world: World
    side: Side
    owner: User | None = None

    @property
    def own(self) -> User:
        """The user owning the object of an "own"-scoped case."""
        assert self.owner is not None, "only a target of an 'own' case has an owner"
        return self.owner


@dataclass(frozen=True)
class Case:
    """What one URL answers.

    ok:      roles that may use the page, on an object they may see;
    args:    URL arguments from the target (a side: A or B), None for a URL without any;
    scope:   "case" (the object belongs to a citizen's case: A or B), "any" (no object-level
             rule: an ok role may use it on any citizen, e.g. the administrator's access log),
             "own" (an object owned by the user, e.g. a notification);
    status:  what an ok role gets on an object it may see;
    denied:  what any other role gets: 404 (it does not learn that the object exists) or 403
             (a page gated on the role); a pair (visible, invisible) when the view first
             fetches the object (404) and then checks the role (403);
    logs:    the AccessAction that an ok request writes exactly once; None: no row;
    logs_each: the AccessAction written once for each of the citizens a list page names;
    unlogged: why a case page answering 200 writes no access-log row;
    anonymous: what a visitor who is not logged in gets (302 to the login page).
    """

    ok: frozenset[str]
    args: Callable[[Target], list[Any]] | None = None
    scope: str = "case"
    method: str = "GET"
    status: int = 200
    denied: int | tuple[int, int] = 404
    logs: str | None = None
    logs_each: str | None = None
    unlogged: str = ""
    anonymous: int = 302
    data: Callable[[Target], dict[str, Any]] | dict[str, Any] | None = None
    query: str = ""


def walk_urls() -> Iterator[tuple[str, str | None]]:
    """(route, name) of every URL pattern, recursively, without the skipped prefixes."""

    def walk(resolver: URLResolver, prefix: str) -> Iterator[tuple[str, str | None]]:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern.name

    yield from walk(get_resolver(), "")


def url_names() -> list[str]:
    return sorted({name or f"<unnamed {route}>" for route, name in walk_urls()})


@dataclass
class Outcome:
    role: str
    target: str
    expected: int
    got: int
    problem: str = ""

    def __str__(self) -> str:
        text = f"  {self.role:15} on {self.target:8}: expected {self.expected}, got {self.got}"
        return text + (f" ({self.problem})" if self.problem else "")


def _targets(case: Case, world: World, role: str) -> list[tuple[Target | None, bool, str]]:
    """(target, visible to the role, label) pairs to request."""
    if case.args is None:
        return [(None, True, "-")]
    if case.scope == "any":
        return [(Target(world, world.a), True, "A")]
    if case.scope == "own":
        user = world.user(role)
        other = world.users["administrator" if role != "administrator" else "caseworker"]
        pairs: list[tuple[Target | None, bool, str]] = []
        if user is not None:
            pairs.append((Target(world, world.a, owner=user), True, "own"))
        pairs.append((Target(world, world.a, owner=other), False, "other's"))
        return pairs
    pairs = []
    visible = world.may_see(role) if role != "anonymous" else None
    if visible is not None:
        pairs.append((Target(world, visible), True, visible.name))
    hidden = world.may_not_see(role)
    pairs.append((Target(world, hidden), False, hidden.name))
    return pairs


def expected_status(case: Case, role: str, visible: bool) -> int:
    if role == "anonymous":
        return case.anonymous
    if role in case.ok:
        return case.status if visible else 404
    if isinstance(case.denied, tuple):
        return case.denied[0] if visible else case.denied[1]
    return case.denied


def _hidden_names(case: Case, world: World, role: str, target: Target | None) -> list[str]:
    """Names that must not appear on a page shown to ``role``."""
    if case.scope == "any" and case.args is None and role in case.ok:
        return []  # e.g. the administrator's search: any citizen may be listed
    names = []
    for side in (world.a, world.b):
        if role != "anonymous" and world.may_see(role) is side:
            continue
        if case.scope == "any" and target is not None and target.side is side:
            continue
        names.append(side.citizen.last_name)
    return names


def case_data(case: Case, target: Target | None) -> dict[str, Any]:
    """The form data a case posts; a function of the target for a case that has one."""
    if callable(case.data):
        assert target is not None, "a case whose data depends on its target has one"
        return case.data(target)
    return case.data or {}


def run_case(name: str, case: Case, world: World) -> list[Outcome]:
    problems: list[Outcome] = []
    for role in ROLES:
        client = TwoFactorClient()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        for target, visible, label in _targets(case, world, role):
            args = case.args(target) if case.args is not None and target else []
            url = reverse(name, args=args) + (f"?{case.query}" if case.query else "")
            data = case_data(case, target)
            expected = expected_status(case, role, visible)
            with transaction.atomic():
                before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first()
                response = (client.post(url, data) if case.method == "POST"
                            else client.get(url, data))
                written = list(AccessLog.objects.filter(id__gt=before or 0).order_by("id"))
                body = (response.content.decode(errors="replace")
                        if response.get("Content-Type", "").startswith("text/html") else "")
                transaction.set_rollback(True)
            outcome = Outcome(role, label, expected, response.status_code)
            if response.status_code != expected:
                problems.append(outcome)
                continue
            if role == "anonymous" and expected == 302 and not response["Location"].startswith(
                    "/login/"):
                outcome.problem = f"redirects to {response['Location']}, not the login page"
                problems.append(outcome)
                continue
            leaked = [n for n in _hidden_names(case, world, role, target) if n in body]
            if leaked:
                outcome.problem = f"shows {', '.join(leaked)}, whom {role} may not see"
                problems.append(outcome)
            should_log = (case.logs is not None and role in case.ok and visible
                          and role != "anonymous")
            if should_log:
                assert target is not None
                rows = [(r.action, r.citizen_id, r.user_id) for r in written]
                wanted = (case.logs, target.side.citizen.pk, user.pk if user else None)
                if rows != [wanted]:
                    outcome.problem = f"access log rows {rows}, expected exactly [{wanted}]"
                    problems.append(outcome)
            elif case.logs_each is not None and role in case.ok:
                pairs = [(r.action, r.user_id) for r in written]
                if not pairs or {r[0] for r in pairs} != {case.logs_each} \
                        or {r[1] for r in pairs} != {user.pk if user else None} \
                        or len({r.citizen_id for r in written}) != len(pairs):
                    outcome.problem = f"access log rows {pairs}, expected one per listed citizen"
                    problems.append(outcome)
            elif written:
                outcome.problem = (f"wrote access-log rows {[r.action for r in written]}, but "
                                   "the matrix expects none here (set logs= if it should)")
                problems.append(outcome)
    return problems
