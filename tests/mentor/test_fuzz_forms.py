"""Property-based tests over every form and every endpoint that accepts posted data: whatever
is posted, no server error; a refused submit saves nothing; every field error is shown."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.forms_security import EraseForm, TokenForm
from tests.mentor.fuzz import Target, data_strategy, posted_fields, table_counts, unshown_errors
from tests.mentor.security_world import World, build_world

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def _citizen_a(w: World) -> list[Any]:
    return [w.a.citizen.pk]


def _form_fields(form_class: type[forms.Form]) -> Any:
    return lambda w: dict(form_class().fields)


TARGETS: dict[str, Target] = {
    # Citizens (caseworker)
    "citizen_create": Target("caseworker", source=("citizen_create", None)),
    "citizen_edit": Target("caseworker", args=_citizen_a, source=("citizen_edit", _citizen_a)),
    "citizen_support_add": Target("caseworker", args=_citizen_a,
                                  source=("citizen_support_add", _citizen_a)),
    # Referrals and the live decision
    "referral_create": Target("caseworker", args=_citizen_a,
                              source=("referral_create", _citizen_a)),
    "referral_decision_preview": Target("caseworker", args=_citizen_a, success=frozenset(),
                                        source=("referral_create", _citizen_a)),
    # Policy (administrator)
    "policy_create": Target("administrator", source=("policy_create", None)),
    # Security
    "manager_lookup": Target("manager", source=("manager_lookup", None)),
    "citizen_erase": Target("administrator", args=_citizen_a, fields=_form_fields(EraseForm)),
    "otp_setup": Target("manager", source=("otp_setup", None)),
    "otp_disable": Target("manager", fields=_form_fields(TokenForm)),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_any_input_is_refused_cleanly_or_saved(name: str, people) -> None:
    world = build_world(people)
    target = TARGETS[name]
    client = Client()
    client.force_login(world.users[target.role])
    fields = posted_fields(client, target, world)
    url = reverse(name, args=target.args(world) if target.args else [])

    @FUZZ
    @given(data=data_strategy(fields, target.extra))
    def check(data: dict[str, Any]) -> None:
        with transaction.atomic():
            before = table_counts()
            response = client.post(url, data)
            after = table_counts()
            transaction.set_rollback(True)
        assert response.status_code < 500
        if response.status_code not in target.success:
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, f"a refused submit ({response.status_code}) saved {changed}"
        assert not unshown_errors(response), "errors not shown on the page"

    check()


# GET pages that read query parameters: filters, searches, pagination.
QUERY_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "citizen_list": ("caseworker", ("q", "page")),
    "access_log_search": ("administrator", ("q", "page")),
    "notification_list": ("caseworker", ("page",)),
}


@pytest.mark.parametrize("name", sorted(QUERY_PAGES))
def test_any_query_string_answers_without_a_server_error(name: str, people) -> None:
    role, params = QUERY_PAGES[name]
    world = build_world(people)
    client = Client()
    client.force_login(world.users[role])
    url = reverse(name)

    @FUZZ
    @given(query=st.fixed_dictionaries({}, optional={p: st.text(max_size=60) for p in params}))
    def check(query: dict[str, str]) -> None:
        assert client.get(url, query).status_code in (200, 302)

    check()


@pytest.mark.parametrize("name, role, args", [
    ("citizen_create", "caseworker", None),
    ("manager_lookup", "manager", None),
    ("policy_create", "administrator", None),
    ("citizen_cpr_reveal", "caseworker", _citizen_a),
    ("logout", "caseworker", None),
])
def test_a_post_without_the_csrf_token_is_refused(name: str, role: str, args: Any,
                                                  people) -> None:
    world = build_world(people)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[role])
    response = client.post(reverse(name, args=args(world) if args else []), {})
    assert response.status_code == 403
