"""Four eyes for a person with both the caseworker and the team-leader role, the way the issue
tells it: a colleague's referral comes back from visitation, the dual-role user edits it and
sends it again, and then tries to decide it. Refused through the services and through the
pages; the referral's history names everyone who acted."""

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
from tests.factories import CitizenFactory, UserFactory, referral_input, submitted_referral
from tests.visitation.test_referral_form import form_data
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
    user: User = UserFactory.create(username="both", first_name="Bodil", last_name="Begge",
                                    roles=[Role.CASEWORKER, Role.TEAM_LEADER],
                                    teams=[people.team])
    return user


@pytest.fixture
def returned(people: People) -> Referral:
    """The caseworker's referral, sent back by the team leader."""
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit",
                             in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    return referral_return(actor=people.team_leader, referral=referral,
                           comment="Uddyb målene.")


def _actors(referral: Referral) -> list[tuple[str, str]]:
    return [(event.actor.username, event.to_status)
            for event in referral.events.select_related("actor").order_by("at", "id")]


def test_through_the_services(people: People, both: User, returned: Referral) -> None:
    referral_save_draft(actor=both, citizen=returned.citizen, referral=returned,
                        data=referral_input(grounds_text="Uddybet af Bodil."))
    referral = referral_submit(actor=both, referral=returned)
    assert both.pk in referral_author_ids(referral) and not may_approve(both, referral)
    for decide in (lambda: referral_approve(actor=both, referral=referral, mentor=people.mentor),
                   lambda: referral_reject(actor=both, referral=referral, reason="Nej tak"),
                   lambda: referral_return(actor=both, referral=referral, comment="Ret")):
        with pytest.raises(NotPermitted):
            decide()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED and not Course.objects.exists()
    referral_approve(actor=people.team_leader, referral=referral, mentor=people.mentor)
    assert _actors(referral) == [
        ("caseworker", ReferralStatus.DRAFT), ("caseworker", ReferralStatus.SUBMITTED),
        ("teamleader", ReferralStatus.RETURNED), ("both", ReferralStatus.RETURNED),
        ("both", ReferralStatus.SUBMITTED), ("teamleader", ReferralStatus.APPROVED)]
    assert referral.events.get(actor=both, to_status=ReferralStatus.RETURNED).note == "Ændret"


def test_an_editor_who_did_not_send_it_is_in_the_history(people: People, both: User,
                                                         returned: Referral) -> None:
    referral_save_draft(actor=both, citizen=returned.citizen, referral=returned,
                        data=referral_input(grounds_text="Uddybet af Bodil."))
    referral = referral_submit(actor=people.caseworker, referral=returned)
    assert ("both", ReferralStatus.RETURNED) in _actors(referral)
    with pytest.raises(NotPermitted):
        referral_approve(actor=both, referral=referral, mentor=people.mentor)


def test_through_the_pages(client: Client, people: People, both: User,
                           returned: Referral) -> None:
    client.force_login(both)
    response = client.post(f"/referrals/{returned.pk}/edit/", form_data(
        "submit", grounds_text="Uddybet af Bodil."))
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == ReferralStatus.SUBMITTED

    page = client.get(f"/referrals/{returned.pk}/")
    assert "approve_form" not in page.context and page.context["own_referral"]
    for action, data in (("approve", {"mentor": people.mentor.pk}),
                         ("reject", {"reason": "Nej tak"}),
                         ("return", {"comment": "Ret målene"})):
        client.post(f"/visitation/{returned.pk}/{action}/", data)
    returned.refresh_from_db()
    assert returned.status == ReferralStatus.SUBMITTED and not Course.objects.exists()

    client.force_login(people.team_leader)
    response = client.post(f"/visitation/{returned.pk}/approve/", {"mentor": people.mentor.pk})
    assert response.status_code == 302 and Course.objects.get().referral == returned
    history = client.get(f"/referrals/{returned.pk}/").content.decode()
    history = history.split('id="history-heading"')[1].split("</section>")[0]
    for person in (people.caseworker, people.team_leader, both):
        assert str(person) in history, person
    # Bodil changed it and sent it; the team leader returned and approved it.
    assert history.count(str(both)) == 2 and history.count(str(people.team_leader)) == 2
