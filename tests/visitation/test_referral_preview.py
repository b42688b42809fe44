"""The live decision: the form posted as it is, the decision fragment rendered back."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from mentor.models import Citizen
from tests.conftest import People
from tests.factories import CitizenFactory
from visitation.models import Referral

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


class Preview(Protocol):
    """Posts the referral form with these facts (``facts-<name>``) over the defaults."""

    def __call__(self, **facts: str) -> TestResponse: ...

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True)


@pytest.fixture
def preview(client: Client, people: People, citizen: Citizen) -> Preview:
    client.force_login(people.caseworker)

    def post(**facts: str) -> TestResponse:
        data = {"facts-benefit": "cash_benefit", "facts-can_take_part_in_offers": "on",
                "facts-previous_jobcentre_contact": "on", "service_level": "1",
                "hours_per_week": "1", "proposed_start": "2026-12-01"}
        data.update({f"facts-{name}": value for name, value in facts.items()})
        return client.post(f"/citizens/{citizen.pk}/referrals/preview/", data)
    return post


def test_the_fragment_shows_kind_legal_basis_contact_period_reviews_and_explanation(
        preview: Preview) -> None:
    response = preview(in_employment_activity="on")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'data-decision-kind="offer"' in page
    assert "LAB § 167, stk. 1" in page and "intet lovkrav" in page
    assert "01.12.2026–01.06.2027" in page
    assert "01.03.2027" in page and "18.05.2027" in page
    assert "Tilbud om mentor for at opnå eller fastholde aktiviteter" in page


def test_changing_a_fact_changes_the_decision(preview: Preview) -> None:
    assert 'data-decision-kind="not_eligible"' in preview().content.decode()
    page = preview(psychiatric_discharge_date="2027-01-10").content.decode()
    assert 'data-decision-kind="right"' in page and "LAB § 167, stk. 2" in page


def test_the_preview_saves_nothing(preview: Preview, citizen: Citizen) -> None:
    preview(in_employment_activity="on")
    assert Citizen.objects.get(pk=citizen.pk).in_employment_activity is False
    assert not Referral.objects.exists()


def test_an_unreadable_fact_is_shown_in_the_panel(preview: Preview) -> None:
    page = preview(prison_release_date="2027-02-31").content.decode()
    assert "Forventet løsladelse" in page and "alert-warning" in page


def test_the_explanation_is_english_when_the_interface_is(client: Client, preview: Preview) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = preview(in_employment_activity="on").content.decode()
    assert "Offer of a mentor to obtain or keep an activity" in page
    assert "Tilbud om mentor for at opnå" not in page


def test_the_preview_only_answers_posts(client: Client, people: People, citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    assert client.get(f"/citizens/{citizen.pk}/referrals/preview/").status_code == 405


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "team_leader"])
def test_only_the_citizens_caseworkers_get_a_preview(client: Client, people: People,
                                                     citizen: Citizen, who: str) -> None:
    client.force_login(getattr(people, who))
    assert client.post(f"/citizens/{citizen.pk}/referrals/preview/", {}).status_code == 404
