"""Small things a user met (issue 24): one test each."""

import datetime
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from mentor.models import Citizen
from tests.conftest import People
from tests.factories import CitizenFactory, draft_referral, open_course, submitted_referral
from visitation.forms import GoalForm
from visitation.services.referrals import referral_approve

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                          in_employment_activity=True)


def preview(client: Client, citizen: Citizen, **fields: str) -> str:
    data = {"facts-benefit": "cash_benefit", "facts-can_take_part_in_offers": "on",
            "facts-in_employment_activity": "on", "service_level": "1", "hours_per_week": "1",
            "proposed_start": "2026-12-01"}
    data.update(fields)
    return client.post(f"/citizens/{citizen.pk}/referrals/preview/", data).content.decode()


def test_an_approved_referral_shows_the_mentor_type_chosen_not_the_rules_suggestion(
        client: Client, people: People, citizen: Citizen) -> None:
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    assert referral.mentor_type is None  # left to the rules
    course = referral_approve(actor=people.team_leader, referral=referral, mentor=people.mentor)
    referral.refresh_from_db()
    assert referral.mentor_type == course.mentor_type
    client.force_login(people.caseworker)
    page = client.get(reverse("referral_detail", args=[referral.pk])).content.decode()
    assert "Reglernes forslag" not in page and course.mentor_type.name in page


def test_a_course_that_starts_in_the_future_reads_planned(client: Client, people: People,
                                                          citizen: Citizen) -> None:
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=TODAY,
                         start_date=TODAY + datetime.timedelta(days=10))
    client.force_login(people.caseworker)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert 'data-testid="course-status">Planlagt<' in page
    with time_machine.travel(NOW + datetime.timedelta(days=10), tick=False):
        assert course.status_label == "Aktivt"


def test_a_past_psychiatric_discharge_date_warns_on_the_referral(client: Client, people: People,
                                                                 citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    page = preview(client, citizen, **{"facts-psychiatric_discharge_date": "2026-10-01"})
    assert "Den forventede udskrivning fra psykiatrisk afdeling (01.10.2026) er passeret" in page
    assert "er passeret" not in preview(
        client, citizen, **{"facts-psychiatric_discharge_date": "2027-01-10"})
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker,
                              facts={"psychiatric_discharge_date": datetime.date(2026, 10, 1)})
    detail = client.get(reverse("referral_detail", args=[referral.pk])).content.decode()
    assert "er passeret" in detail


def test_the_rules_panel_lists_every_error(client: Client, people: People,
                                           citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    page = preview(client, citizen, **{"facts-prison_release_date": "2027-02-31",
                                       "facts-psychiatric_discharge_date": "2027-13-01",
                                       "facts-education_start_date": "x",
                                       "proposed_start": "2020-01-01"})
    warnings = page.split("alert-warning")[1]
    assert warnings.count("<li>") == 4
    for label in ("Forventet løsladelse", "Forventet udskrivning", "Start på ordinær uddannelse",
                  "Foreslået start"):
        assert label in warnings


def test_a_proposed_start_more_than_a_year_ahead_is_refused(client: Client, people: People,
                                                            citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    assert "højst ligge et år ude i fremtiden" in preview(client, citizen,
                                                          proposed_start="2027-11-24")
    assert "højst ligge et år ude i fremtiden" not in preview(client, citizen,
                                                              proposed_start="2027-11-22")


def test_the_calendar_page_says_an_old_link_stopped_working_only_when_there_was_one(
        client: Client, people: People) -> None:
    client.force_login(people.mentor_user)
    first = client.post(reverse("calendar_token_regenerate"), follow=True).content.decode()
    assert "Der er lavet et kalenderlink." in first and "tidligere link" not in first
    again = client.post(reverse("calendar_token_regenerate"), follow=True).content.decode()
    assert "Et tidligere link virker ikke længere" in again


def test_a_moment_ago_reads_just_now() -> None:
    template = Template("{% load time_tags %}{{ at|ago }}")
    assert template.render(Context({"at": NOW})) == "lige nu"
    assert template.render(Context({"at": NOW - datetime.timedelta(hours=2)})) == "2\xa0timer siden"


def test_a_goal_has_room_for_more_than_one_line() -> None:
    form = GoalForm()
    assert '<textarea name="description"' in str(form["description"])
    assert '<textarea name="measure"' in str(form["measure"])


def test_the_service_level_choice_has_the_full_width(client: Client, people: People,
                                                     citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("referral_create", args=[citizen.pk])).content.decode()
    assert re.search(r'class="col-12"\s*>\s*<div id="div_id_service_level"', page)

