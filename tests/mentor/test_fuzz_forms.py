"""Property-based tests over every form and every endpoint that accepts posted data: whatever
is posted, no server error; a refused submit saves nothing; every field error is shown.
(CSRF on every POST: tests/mentor/test_security_csrf.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.forms_security import EraseForm
from tests.conftest import People
from tests.mentor.fuzz import Target, data_strategy, posted_fields, table_counts, unshown_errors
from tests.mentor.security_world import World, build_world
from tests.second_factor import TwoFactorClient

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def _other_spend_fields(w: World) -> dict[str, Any]:
    from django.utils import timezone

    from reporting.forms_money import OtherSpendForm

    form = OtherSpendForm(today=timezone.localdate(), prefix="other")
    return {form.add_prefix(name): field for name, field in form.fields.items()}


def _citizen_a(w: World) -> list[Any]:
    return [w.a.citizen.pk]


def _form_fields(form_class: type[forms.Form], **kwargs: Any) -> Any:
    return lambda w: dict(form_class(**kwargs).fields)


def _course_a(w: World) -> list[Any]:
    return [w.a.course.pk]


def _draft_referral_a(w: World) -> list[Any]:
    return [w.a.draft_referral.pk]


def _submitted_referral_a(w: World) -> list[Any]:
    return [w.a.submitted_referral.pk]


def _entry_a(w: World) -> list[Any]:
    return [w.a.journal_entry.pk]


def _review_a(w: World) -> list[Any]:
    return [w.a.review.pk]


def _issued_agreement_a(w: World) -> list[Any]:
    from tests.agreements.matrix import issued_agreement
    from tests.mentor.url_matrix import Target as MatrixTarget

    return [issued_agreement(MatrixTarget(w, w.a)).pk]


def _draft_agreement_a(w: World) -> list[Any]:
    from tests.agreements.matrix import draft_agreement
    from tests.mentor.url_matrix import Target as MatrixTarget

    return [draft_agreement(MatrixTarget(w, w.a)).pk]


def _new_version_fields(w: World) -> dict[str, forms.Field]:
    from agreements.forms import NewVersionForm

    _issued_agreement_a(w)  # a new version needs an issued one
    return dict(NewVersionForm().fields)


def _bulk_issue_fields(w: World) -> dict[str, forms.Field]:
    """An issued agreement whose complaint guidance the municipality has since changed."""
    import datetime

    from django.utils import timezone

    from agreements.forms import BulkIssueForm
    from mentor.services import DEFAULT_LEVELS, policy_version_create

    _issued_agreement_a(w)
    policy_version_create(
        actor=w.users["administrator"], municipality=w.people.municipality, name="Ny tekst",
        effective_from=timezone.localdate() - datetime.timedelta(days=1),
        right_and_duty_contact_days=None, review_lead_days=14,
        complaint_guidance="Ny klagevejledning: klag inden 4 uger.", levels=DEFAULT_LEVELS)
    return dict(BulkIssueForm().fields)


def _cost_line_a(w: World) -> list[Any]:
    return [w.a.cost_line.pk]


def _journal_fields(w: World) -> dict[str, forms.Field]:
    from visitation.forms_journal import JournalEntryForm

    return dict(JournalEntryForm(course=w.a.course).fields)


def _reporting_form(name: str, **kwargs: Any) -> Any:
    def fields(w: World) -> dict[str, forms.Field]:
        from reporting import forms as reporting_forms

        return dict(getattr(reporting_forms, name)(**kwargs).fields)

    return fields


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
    "referral_edit": Target("caseworker", args=_draft_referral_a,
                            source=("referral_edit", _draft_referral_a)),
    "referral_withdraw": Target("caseworker", args=_submitted_referral_a,
                                fields=lambda w: {"reason": forms.CharField()}),
    "referral_approve": Target("team_leader", args=_submitted_referral_a,
                               source=("referral_detail", _submitted_referral_a),
                               form_keys=("approve_form",)),
    "referral_reject": Target("team_leader", args=_submitted_referral_a,
                              source=("referral_detail", _submitted_referral_a),
                              form_keys=("reject_form",)),
    "referral_return": Target("team_leader", args=_submitted_referral_a,
                              source=("referral_detail", _submitted_referral_a),
                              form_keys=("return_form",)),
    # Courses (caseworker)
    "course_extend": Target("caseworker", args=_course_a, source=("course_extend", _course_a)),
    "course_end": Target("caseworker", args=_course_a, source=("course_end", _course_a)),
    "course_reassign": Target("caseworker", args=_course_a,
                              source=("course_reassign", _course_a)),
    # Journal and reviews (the course's mentor); the draft endpoint answers JSON
    "journal_entry_add": Target("mentor", args=_course_a,
                                source=("journal_entry_add", _course_a)),
    "journal_entry_edit": Target("mentor", args=_entry_a, source=("journal_entry_edit", _entry_a)),
    "journal_entry_correct": Target("mentor", args=_entry_a,
                                    source=("journal_entry_correct", _entry_a)),
    "journal_draft_save": Target("mentor", args=_course_a, success=frozenset({200}),
                                 fields=_journal_fields, extra={"form_key": "new"}),
    "review_form": Target("mentor", args=_review_a, source=("review_form", _review_a)),
    # Agreements (caseworker); a refused submit answers 400
    "agreement_edit": Target("caseworker", args=_draft_agreement_a,
                             source=("agreement_edit", _draft_agreement_a)),
    "agreement_new_version": Target("caseworker", args=_course_a,
                                    fields=_new_version_fields),
    "agreement_acceptance": Target("caseworker", args=_issued_agreement_a,
                                   source=("agreement_detail", _issued_agreement_a),
                                   form_keys=("acceptance_form",)),
    "agreement_bulk_issue": Target("administrator", fields=_bulk_issue_fields),
    # Cost lines (administrator); delete and generate always go back to the list
    "costline_create": Target("administrator", source=("costline_create", None)),
    "costline_edit": Target("administrator", args=_cost_line_a,
                            source=("costline_edit", _cost_line_a), form_keys=("form",)),
    "costline_delete": Target("administrator", args=_cost_line_a,
                              fields=_reporting_form("CostLineDeleteForm")),
    "costline_generate": Target("administrator", source=("costline_list", None),
                                form_keys=("generate_form",)),
    # Filter forms read from the query string
    "dashboard": Target("manager", source=("dashboard", None), method="GET"),
    "policy_simulator": Target("manager", source=("policy_simulator", None), method="GET"),
    "money_limit": Target("manager", source=("money_limit", None), method="GET"),
    "money_norms": Target("manager", source=("money_norms", None), method="GET"),
    "money_providers": Target("manager", source=("money_providers", None), method="GET"),
    # The money pages' settings (manager) and basis (administrator: one month of ØVO)
    "money_limit_settings": Target("manager", source=("money_limit_settings", None)),
    "money_limit_basis": Target("administrator", fields=_other_spend_fields,
                                extra={"action": "other"}),
    # Policy (administrator)
    "policy_create": Target("administrator", source=("policy_create", None)),
    # Security
    "manager_lookup": Target("manager", source=("manager_lookup", None)),
    "citizen_erase": Target("administrator", args=_citizen_a, fields=_form_fields(EraseForm)),
    "otp_password": Target("manager", source=("otp_password", None)),
    "otp_recovery_regenerate": Target("manager", source=("otp_setup", None)),
    "two_factor_reset": Target("administrator", args=lambda w: [w.users["caseworker"].pk],
                               source=("two_factor_reset",
                                       lambda w: [w.users["caseworker"].pk])),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_any_input_is_refused_cleanly_or_saved(name: str, people: People) -> None:
    world = build_world(people)
    target = TARGETS[name]
    client = TwoFactorClient()
    client.force_login(world.users[target.role])
    fields = posted_fields(client, target, world)
    url = reverse(name, args=target.args(world) if target.args else [])

    @FUZZ
    @given(data=data_strategy(fields, target.extra))
    def check(data: dict[str, Any]) -> None:
        with transaction.atomic():
            before = table_counts()
            response = (client.get(url, data) if target.method == "GET"
                        else client.post(url, data))
            after = table_counts()
            transaction.set_rollback(True)
        assert response.status_code < 500
        if response.status_code not in target.success or target.method == "GET":
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
def test_any_query_string_answers_without_a_server_error(name: str, people: People) -> None:
    role, params = QUERY_PAGES[name]
    world = build_world(people)
    client = TwoFactorClient()
    client.force_login(world.users[role])
    url = reverse(name)

    @FUZZ
    @given(query=st.fixed_dictionaries({}, optional={p: st.text(max_size=60) for p in params}))
    def check(query: dict[str, str]) -> None:
        assert client.get(url, query).status_code in (200, 302)

    check()
