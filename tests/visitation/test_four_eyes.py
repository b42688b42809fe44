"""Four eyes: whoever created, edited or submitted a referral never decides it, even when
they hold both the caseworker and the team-leader role (``permissions.may_approve``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from mentor.models import Role, User
from mentor.permissions import may_approve, referral_author_ids
from mentor.services import NotPermitted
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, draft_referral, referral_input
from visitation.models import Course, Referral, ReferralStatus
from visitation.services.referrals import (
    referral_approve,
    referral_reject,
    referral_return,
    referral_save_draft,
    referral_submit,
)

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def both(people: People) -> User:
    """A caseworker who is also a team leader of the same team."""
    user: User = UserFactory.create(username="both", first_name="Bo",
                                    roles=[Role.CASEWORKER, Role.TEAM_LEADER],
                                    teams=[people.team])
    return user


@pytest.fixture
def draft(people: People) -> Referral:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    return draft_referral(citizen=citizen, caseworker=people.caseworker)


def test_who_created_it_may_not_approve_it(people: People, both: User) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = referral_submit(actor=both, referral=draft_referral(citizen=citizen,
                                                                   caseworker=both))
    assert not may_approve(both, referral) and may_approve(people.team_leader, referral)
    with pytest.raises(NotPermitted, match="din egen indstilling"):
        referral_approve(actor=both, referral=referral, mentor=people.mentor)


def test_who_edited_it_may_not_approve_it(people: People, both: User, draft: Referral) -> None:
    referral_save_draft(actor=both, citizen=draft.citizen, referral=draft,
                        data=referral_input(grounds_text="Uddybet af en kollega."))
    referral = referral_submit(actor=people.caseworker, referral=draft)
    assert both.pk in referral_author_ids(referral)
    for decide in (lambda: referral_approve(actor=both, referral=referral, mentor=people.mentor),
                   lambda: referral_reject(actor=both, referral=referral, reason="Nej"),
                   lambda: referral_return(actor=both, referral=referral, comment="Ret")):
        with pytest.raises(NotPermitted, match="oprettet, ændret eller indsendt"):
            decide()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_who_submitted_it_may_not_approve_it(people: People, both: User, draft: Referral) -> None:
    referral = referral_submit(actor=both, referral=draft)
    assert not may_approve(both, referral)
    with pytest.raises(NotPermitted):
        referral_reject(actor=both, referral=referral, reason="Nej")


def test_a_team_leader_who_only_returned_it_may_approve_it_when_it_comes_back(
        people: People, both: User, draft: Referral) -> None:
    referral = referral_submit(actor=people.caseworker, referral=draft)
    referral_return(actor=both, referral=referral, comment="Uddyb målene.")
    referral = referral_submit(actor=people.caseworker, referral=referral)
    assert referral_author_ids(referral) == {people.caseworker.pk}
    course = referral_approve(actor=both, referral=referral, mentor=people.mentor)
    assert course.referral == referral


def test_another_team_leader_approves_what_the_both_role_user_wrote(
        people: People, both: User) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = referral_submit(actor=both, referral=draft_referral(citizen=citizen,
                                                                   caseworker=both))
    course = referral_approve(actor=people.team_leader, referral=referral,
                              mentor=people.mentor)
    assert course.referral == referral


def test_the_page_shows_no_decision_forms_to_who_edited_it(client: Client, people: People,
                                                           both: User, draft: Referral) -> None:
    referral_save_draft(actor=both, citizen=draft.citizen, referral=draft,
                        data=referral_input(grounds_text="Uddybet af en kollega."))
    referral = referral_submit(actor=people.caseworker, referral=draft)
    client.force_login(both)
    response = client.get(f"/referrals/{referral.pk}/")
    assert response.context["can_visit"] and response.context["own_referral"]
    assert "approve_form" not in response.context
    assert "Du kan ikke visitere den selv" in response.content.decode()
    response = client.post(f"/visitation/{referral.pk}/approve/", {"mentor": people.mentor.pk})
    assert "Du kan ikke visitere din egen indstilling" in response.content.decode()
    assert not Course.objects.exists()


def test_the_page_offers_the_decision_to_a_team_leader_who_did_not_write_it(
        client: Client, people: People, both: User, draft: Referral) -> None:
    referral = referral_submit(actor=people.caseworker, referral=draft)
    client.force_login(both)
    response = client.get(f"/referrals/{referral.pk}/")
    assert "approve_form" in response.context and not response.context["own_referral"]
    response = client.post(f"/visitation/{referral.pk}/approve/", {"mentor": people.mentor.pk})
    assert response.status_code == 302 and Course.objects.get().referral == referral
