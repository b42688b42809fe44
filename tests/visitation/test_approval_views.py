"""Visitation in the browser: approve with a mentor, reject with a reason, return with a
comment; refusals are shown clearly and change nothing."""

import html
import re

import pytest
from django.test import Client

from mentor.models import Role
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, submitted_referral
from visitation.models import Course, Referral, ReferralStatus
from visitation.services.referrals import referral_approve


@pytest.fixture
def referral(people: People) -> Referral:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    return submitted_referral(citizen=citizen, caseworker=people.caseworker)


@pytest.fixture
def leader(client: Client, people: People) -> Client:
    client.force_login(people.team_leader)
    return client


def test_the_referral_page_offers_certified_mentors_with_capacity(leader: Client, people: People,
                                                                  referral: Referral) -> None:
    response = leader.get(f"/referrals/{referral.pk}/")
    mentors = list(response.context["approve_form"].fields["mentor"].queryset)
    assert mentors == [people.mentor]
    # The page's mentor picker searches with the same limits as the field.
    picker = re.search(r'data-picker-url="([^"]+)"', response.content.decode())
    assert picker is not None
    search_url = html.unescape(picker.group(1))
    found = leader.get(f"{search_url}&q=Maja").json()["results"]
    assert [m["id"] for m in found] == [people.mentor.pk]
    assert found[0]["label"].endswith("20,0 timer ledigt pr. uge")


def test_approving_opens_the_course_and_returns_to_the_queue(
        leader: Client, people: People, referral: Referral) -> None:
    response = leader.post(f"/visitation/{referral.pk}/approve/", {"mentor": people.mentor.pk})
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == "/visitation/"
    assert course.mentor == people.mentor and course.referral == referral


def test_rejecting_needs_a_reason(leader: Client, referral: Referral) -> None:
    response = leader.post(f"/visitation/{referral.pk}/reject/", {"reason": ""})
    assert "Skriv en begrundelse." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_returning_with_a_comment(leader: Client, referral: Referral) -> None:
    leader.post(f"/visitation/{referral.pk}/return/", {"comment": "Uddyb målene."})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RETURNED
    assert referral.decision_reason == "Uddyb målene."


def test_a_team_leader_is_told_clearly_that_a_colleague_got_there_first(
        leader: Client, people: People, referral: Referral) -> None:
    colleague = UserFactory(first_name="Tove", last_name="Teamleder", roles=[Role.TEAM_LEADER],
                            teams=[people.team])
    referral_approve(actor=colleague, referral=referral, mentor=people.mentor)
    response = leader.post(f"/visitation/{referral.pk}/reject/", {"reason": "Nej"})
    assert "Indstillingen er allerede godkendt af Tove Teamleder" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED and Course.objects.count() == 1


def test_a_team_leaders_own_referral_shows_no_approval_form(client: Client, people: People) -> None:
    people.team_leader.groups.add(*people.caseworker.groups.all())
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    own = submitted_referral(citizen=citizen, caseworker=people.team_leader)
    client.force_login(people.team_leader)
    response = client.get(f"/referrals/{own.pk}/")
    assert "approve_form" not in response.context
    assert "Du kan ikke visitere den selv" in response.content.decode()
    response = client.post(f"/visitation/{own.pk}/approve/", {"mentor": people.mentor.pk})
    assert "Du kan ikke visitere din egen indstilling" in response.content.decode()
    assert not Course.objects.exists()


def test_the_caseworkers_preferred_mentor_is_preselected(leader: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker,
                                  preferred_mentor=people.mentor)
    response = leader.get(f"/referrals/{referral.pk}/")
    assert response.context["approve_form"]["mentor"].value() == people.mentor.pk
