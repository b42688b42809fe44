"""CSRF protection on every URL that accepts a POST: without the token, a user who may use the
page is refused (403), and nothing is saved."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import People
from tests.mentor.fuzz import table_counts
from tests.mentor.security_world import build_world
from tests.mentor.test_permission_matrix import MATRIX
from tests.mentor.url_matrix import Case, Target


def _post_cases() -> list[tuple[str, Case]]:
    return [(name, case) for name, cases in sorted(MATRIX.items())
            for case in (cases if isinstance(cases, tuple) else (cases,))
            if case.method == "POST" and case.ok]


def test_matrix_lists_the_post_urls() -> None:
    assert {"logout", "citizen_cpr_reveal", "manager_lookup"} <= {n for n, _ in _post_cases()}


def test_every_post_without_the_csrf_token_is_refused(people: People) -> None:
    world = build_world(people)
    refused_too_little = []
    for name, case in _post_cases():
        role = next(r for r in sorted(case.ok)
                    if case.scope != "case" or case.args is None or world.may_see(r))
        side = world.may_see(role) or world.a
        target = Target(world, side, owner=world.user(role))
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[role])
        url = reverse(name, args=case.args(target) if case.args else [])
        data = case.data(target) if callable(case.data) else (case.data or {})
        before = table_counts()
        response = client.post(url, data)
        if response.status_code != 403 or "CSRF" not in response.content.decode():
            refused_too_little.append(f"{name} as {role}: {response.status_code}")
        elif table_counts() != before:
            refused_too_little.append(f"{name} as {role}: saved without a token")
    assert not refused_too_little, "\n".join(refused_too_little)
