"""A caseworker of another team, a mentor, a manager and an administrator get 404 on a
referral's pages and actions; a caseworker cannot act as a team leader."""

import pytest
from django.test import Client

from tests.conftest import People
from tests.factories import CitizenFactory, submitted_referral
from visitation.models import Referral, ReferralStatus

PAGES = ["/referrals/{pk}/", "/referrals/{pk}/edit/"]
ACTIONS = ["/referrals/{pk}/withdraw/", "/visitation/{pk}/approve/", "/visitation/{pk}/reject/",
           "/visitation/{pk}/return/"]


@pytest.fixture
def referral(people: People) -> Referral:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    return submitted_referral(citizen=citizen, caseworker=people.caseworker)


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "manager", "administrator"])
@pytest.mark.parametrize("url", PAGES)
def test_outside_the_team_the_referral_pages_are_404(client: Client, people: People,
                                                     referral: Referral, who: str,
                                                     url: str) -> None:
    client.force_login(getattr(people, who))
    assert client.get(url.format(pk=referral.pk)).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "manager"])
@pytest.mark.parametrize("url", ACTIONS)
def test_outside_the_team_the_actions_are_404_and_change_nothing(client: Client, people: People,
                                                                 referral: Referral, who: str,
                                                                 url: str) -> None:
    client.force_login(getattr(people, who))
    assert client.post(url.format(pk=referral.pk), {"reason": "x", "comment": "x",
                                                    "provider": "1"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_a_caseworker_posting_an_approval_is_refused(client: Client, people: People,
                                                     referral: Referral) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/visitation/{referral.pk}/approve/",
                           {"mentor": people.mentor.pk})
    assert "Kun en teamleder i indstillingens team" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
