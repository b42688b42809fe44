"""Referral services: every allowed move and every refused one."""

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentor.models import Citizen, Notification, ProviderKind
from mentor.services import DomainError
from tests.conftest import People
from tests.factories import (
    CitizenFactory,
    ProviderFactory,
    draft_referral,
    referral_input,
    submitted_referral,
)
from visitation.models import Referral, ReferralStatus
from visitation.services.referrals import (
    referral_approve,
    referral_reject,
    referral_return,
    referral_save_and_submit,
    referral_save_draft,
    referral_submit,
    referral_withdraw,
)

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, in_employment_activity=True)


@pytest.fixture
def submitted(people: People, citizen: Citizen) -> Referral:
    return submitted_referral(citizen=citizen, caseworker=people.caseworker)


# --- Draft --------------------------------------------------------------------------------------
def test_saving_a_draft_snapshots_the_facts_and_todays_decision(
        people: People, citizen: Citizen) -> None:
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker)
    assert referral.status == ReferralStatus.DRAFT
    assert referral.decision_kind == "offer"
    assert referral.facts_snapshot["in_employment_activity"] is True
    assert referral.facts_snapshot["decision_date"] == "2026-11-22"
    assert referral.rule_set_version == referral.decision["rule_set_version"] != ""
    assert list(referral.goals.values_list("description", flat=True)) == [
        "Møde stabilt i praktik"]


def test_facts_changed_on_the_referral_are_saved_on_the_citizen(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=False)
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker,
                              facts={"in_employment_activity": True})
    citizen.refresh_from_db()
    assert citizen.in_employment_activity is True
    assert referral.decision_kind == "offer"


def test_a_caseworker_of_another_team_cannot_file_a_referral(
        people: People, citizen: Citizen) -> None:
    with pytest.raises(DomainError, match="sagsbehandler i borgerens team"):
        draft_referral(citizen=citizen, caseworker=people.outsider)


def test_a_submitted_referral_cannot_be_edited(people: People, citizen: Citizen,
                                               submitted: Referral) -> None:
    with pytest.raises(DomainError, match="kan ikke længere ændres"):
        referral_save_draft(actor=people.caseworker, citizen=citizen, referral=submitted,
                            data=referral_input())


# --- Submit ---------------------------------------------------------------------------------------
def test_submitting_sends_the_draft_to_the_team_leaders(people: People, citizen: Citizen) -> None:
    referral = referral_submit(actor=people.caseworker,
                               referral=draft_referral(citizen=citizen,
                                                       caseworker=people.caseworker))
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.submitted_at == NOW
    assert Notification.objects.filter(user=people.team_leader).exists()


def test_a_referral_cannot_be_submitted_twice(people: People, submitted: Referral) -> None:
    with pytest.raises(DomainError, match="fra 'indstillet' til 'indstillet'"):
        referral_submit(actor=people.caseworker, referral=submitted)


def test_submitting_without_goals_or_grounds_is_refused(people: People, citizen: Citizen) -> None:
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker, goals=[],
                              visitation_grounds=[])
    with pytest.raises(DomainError, match=r"mindst ét visitationsgrundlag.*mindst ét mål"):
        referral_submit(actor=people.caseworker, referral=referral)


def test_submitting_when_the_citizen_is_not_covered_is_refused(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=False)
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker)
    with pytest.raises(DomainError, match="ikke omfattet"):
        referral_submit(actor=people.caseworker, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_a_company_provider_needs_the_section_31d_justification(
        people: People, citizen: Citizen) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY)
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker,
                              preferred_provider=company)
    with pytest.raises(DomainError, match="LAB § 31 d"):
        referral_submit(actor=people.caseworker, referral=referral)


def test_a_returned_referral_can_be_submitted_again(people: People, submitted: Referral) -> None:
    referral_return(actor=people.team_leader, referral=submitted, comment="Uddyb målet.")
    referral = referral_submit(actor=people.caseworker, referral=submitted)
    assert referral.status == ReferralStatus.SUBMITTED
    assert list(referral.events.values_list("to_status", flat=True)) == [
        "draft", "submitted", "returned", "submitted"]


# --- Save and submit (the form's "Send til visitation") -------------------------------------------
def test_save_and_submit_records_the_draft_and_the_submission(
        people: People, citizen: Citizen) -> None:
    referral, refused = referral_save_and_submit(actor=people.caseworker, citizen=citizen,
                                                 data=referral_input())
    referral.refresh_from_db()
    assert refused is None
    assert referral.status == ReferralStatus.SUBMITTED and referral.submitted_at == NOW
    assert referral.decision_kind == "offer" and referral.facts_snapshot["decision_date"] == \
        "2026-11-22"
    assert list(referral.events.values_list("from_status", "to_status", "reason")) == [
        ("", "draft", ""), ("draft", "submitted", "")]
    assert [event.note for event in referral.events.all()] == ["Kladde oprettet", ""]
    # Written once, as submitted (the draft was never seen outside the transaction); the
    # events keep both steps.
    assert list(referral.history.order_by("history_id").values_list(
        "history_type", "status", "history_user")) == [("+", "submitted", people.caseworker.pk)]
    assert list(referral.goals.values_list("description", flat=True)) == [
        "Møde stabilt i praktik"]
    assert Notification.objects.filter(user=people.team_leader,
                                       url=f"/referrals/{referral.pk}/").count() == 1


def test_save_and_submit_keeps_the_draft_when_it_may_not_be_sent(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=False)
    referral, refused = referral_save_and_submit(actor=people.caseworker, citizen=citizen,
                                                 data=referral_input())
    assert refused is not None and "ikke omfattet" in str(refused)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT and referral.submitted_at is None
    assert list(referral.events.values_list("to_status", flat=True)) == ["draft"]
    assert referral.history.count() == 1
    assert not Notification.objects.exists()


def test_save_and_submit_saves_nothing_when_the_draft_is_refused(
        people: People, citizen: Citizen) -> None:
    with pytest.raises(DomainError, match="sagsbehandler i borgerens team"):
        referral_save_and_submit(actor=people.outsider, citizen=citizen, data=referral_input())
    assert not Referral.objects.exists()


def test_save_and_submit_sends_a_returned_referral_again(people: People,
                                                         submitted: Referral) -> None:
    referral_return(actor=people.team_leader, referral=submitted, comment="Uddyb målet.")
    referral, refused = referral_save_and_submit(
        actor=people.caseworker, citizen=submitted.citizen, referral=submitted,
        data=referral_input(goals=[("Nyt mål", "Ny måling")], tasks=[]))
    assert refused is None
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert list(referral.goals.values_list("description", flat=True)) == ["Nyt mål"]
    assert [(event.to_status, event.note) for event in referral.events.all()] == [
        ("draft", "Kladde oprettet"), ("submitted", ""), ("returned", "Uddyb målet."),
        ("submitted", "Indsendt igen efter retur")]


def test_save_and_submit_refuses_a_submitted_referral(people: People, submitted: Referral) -> None:
    with pytest.raises(DomainError, match="kan ikke længere ændres"):
        referral_save_and_submit(actor=people.caseworker, citizen=submitted.citizen,
                                 referral=submitted, data=referral_input())


def test_a_draft_keeps_its_tasks_and_replaces_them_when_saved_again(
        people: People, citizen: Citizen) -> None:
    from mentor.models import MentorTask

    first, second = MentorTask.objects.order_by("pk")[:2]
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker, tasks=[first])
    assert list(referral.tasks.all()) == [first]
    referral = referral_save_draft(actor=people.caseworker, citizen=citizen, referral=referral,
                                   data=referral_input(tasks=[second], goals=[]))
    assert list(referral.tasks.all()) == [second]
    assert not referral.goals.exists()


# --- Withdraw -------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_an_undecided_referral_can_be_withdrawn(people: People, citizen: Citizen,
                                                state: str) -> None:
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker)
    if state != "draft":
        referral = referral_submit(actor=people.caseworker, referral=referral)
    if state == "returned":
        referral = referral_return(actor=people.team_leader, referral=referral, comment="Ret.")
    referral = referral_withdraw(actor=people.caseworker, referral=referral, reason="Flyttet")
    assert referral.status == ReferralStatus.WITHDRAWN
    assert referral.events.latest("at", "id").reason == "Flyttet"


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_a_decided_referral_cannot_be_withdrawn(people: People, submitted: Referral,
                                                decide: str) -> None:
    if decide == "approve":
        referral_approve(actor=people.team_leader, referral=submitted, mentor=people.mentor)
    else:
        referral_reject(actor=people.team_leader, referral=submitted, reason="Ikke relevant")
    with pytest.raises(DomainError, match="allerede"):
        referral_withdraw(actor=people.caseworker, referral=submitted)


def test_a_withdrawn_referral_cannot_be_submitted_or_approved(
        people: People, submitted: Referral) -> None:
    referral_withdraw(actor=people.caseworker, referral=submitted)
    with pytest.raises(DomainError, match="fra 'trukket tilbage' til 'indstillet'"):
        referral_submit(actor=people.caseworker, referral=submitted)
    with pytest.raises(DomainError, match="venter ikke på visitation"):
        referral_approve(actor=people.team_leader, referral=submitted, mentor=people.mentor)
