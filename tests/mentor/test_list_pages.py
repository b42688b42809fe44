"""The list pages sort by their columns, filter by what is in the URL, page with a total, and
ignore a sort key they do not know (mentor/listing.py and the apps' filters.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentor.models import AccessAction, Citizen, DecisionKind, MentorType, Role
from mentor.permissions import log_access
from reporting.models import CostKind, CostLine
from tests.conftest import People
from tests.factories import (
    CitizenFactory,
    TeamFactory,
    UserFactory,
    open_course,
    submitted_referral,
)
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import Course

pytestmark = pytest.mark.django_db


def body(client: Client, name: str, params: dict[str, str] | None = None) -> str:
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return response.content.decode()


def in_order(text: str, *names: str) -> bool:
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


def citizens(people: People, *last_names: str) -> list[Citizen]:
    return [CitizenFactory(team=people.team, first_name="Borger", last_name=name,
                           in_employment_activity=True) for name in last_names]


def course_for(people: People, citizen: Citizen, **kwargs: object) -> Course:
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader,
                       decision_date=timezone.localdate() - datetime.timedelta(days=30),
                       **kwargs)  # type: ignore[arg-type]


# --- Citizens ----------------------------------------------------------------------------------
def test_citizens_are_sorted_by_name_and_the_other_way_on_request(people: People,
                                                                  client: Client) -> None:
    citizens(people, "Bech", "Andersen", "Clausen")
    client.force_login(people.caseworker)
    assert in_order(body(client, "citizen_list"), "Andersen", "Bech", "Clausen")
    assert in_order(body(client, "citizen_list", {"sort": "-name"}), "Clausen", "Bech",
                    "Andersen")


def test_the_sorted_column_says_so_and_links_to_the_other_direction(people: People,
                                                                   client: Client) -> None:
    citizens(people, "Andersen")
    client.force_login(people.caseworker)
    text = body(client, "citizen_list", {"sort": "team"})
    assert 'aria-sort="ascending"' in text
    assert "?sort=-team" in text
    assert text.count("aria-sort=") == 1


def test_an_unknown_sort_key_is_ignored(people: People, client: Client) -> None:
    citizens(people, "Bech", "Andersen")
    client.force_login(people.caseworker)
    text = body(client, "citizen_list", {"sort": "cpr_encrypted"})
    assert in_order(text, "Andersen", "Bech")
    assert 'aria-sort="ascending"' in text  # the default column


def test_citizens_filter_by_team_from_the_url(people: People, client: Client) -> None:
    second = TeamFactory(municipality=people.municipality, name="Ungeindsatsen")
    caseworker = UserFactory(roles=[Role.CASEWORKER], teams=[people.team, second])
    citizens(people, "Andersen")
    CitizenFactory(team=second, last_name="Ungersen")
    client.force_login(caseworker)
    text = body(client, "citizen_list", {"team": str(second.pk)})
    assert "Ungersen" in text and "Andersen" not in text
    assert 'name="team"' in text


def test_a_team_filter_needs_two_teams_to_choose_from(people: People, client: Client) -> None:
    citizens(people, "Andersen")
    client.force_login(people.caseworker)
    text = body(client, "citizen_list", {"team": str(people.other_team.pk)})
    assert "Andersen" in text  # not a filter of this user's: it narrows nothing
    assert 'name="team"' not in text


def test_the_list_shows_its_total_and_pages_keep_the_order(people: People,
                                                          client: Client) -> None:
    citizens(people, *[f"Borgersen {n:02d}" for n in range(30)])
    client.force_login(people.caseworker)
    text = body(client, "citizen_list", {"sort": "-name"})
    assert "30 borgere" in text
    assert "sort=-name&amp;page=2" in text
    second = body(client, "citizen_list", {"sort": "-name", "page": "2"})
    assert "Side 2 af 2" in second
    assert "Borgersen 00" in second and "Borgersen 29" not in second


def test_a_name_search_keeps_the_filter(people: People, client: Client) -> None:
    client.force_login(people.caseworker)
    url = reverse("citizen_list") + f"?team={people.team.pk}&sort=-name"
    response = client.post(url, {"q": "Hansen"})
    assert response["Location"] == (reverse("citizen_list")
                                    + f"?team={people.team.pk}&sort=-name&q=Hansen")


# --- Referrals ---------------------------------------------------------------------------------
def test_referrals_sort_by_citizen_and_filter_by_status(people: People, client: Client) -> None:
    for citizen in citizens(people, "Bech", "Andersen"):
        submitted_referral(citizen=citizen, caseworker=people.caseworker)
    client.force_login(people.caseworker)
    assert in_order(body(client, "referral_list", {"sort": "citizen"}), "Andersen", "Bech")
    assert in_order(body(client, "referral_list", {"sort": "-citizen"}), "Bech", "Andersen")
    assert "Andersen" not in body(client, "referral_list", {"status": "draft"})
    assert "Andersen" in body(client, "referral_list", {"status": "submitted", "sort": "nope"})


def test_referrals_filter_by_decision_kind(people: People, client: Client) -> None:
    citizen, = citizens(people, "Andersen")
    submitted_referral(citizen=citizen, caseworker=people.caseworker)
    client.force_login(people.caseworker)
    assert "Andersen" in body(client, "referral_list", {"kind": DecisionKind.OFFER})
    assert "Andersen" not in body(client, "referral_list", {"kind": DecisionKind.RIGHT})


def test_the_approval_queue_sorts_and_filters(people: People, client: Client) -> None:
    for citizen in citizens(people, "Bech", "Andersen"):
        submitted_referral(citizen=citizen, caseworker=people.caseworker)
    client.force_login(people.team_leader)
    assert in_order(body(client, "approval_queue"), "Bech", "Andersen")  # oldest first
    text = body(client, "approval_queue", {"sort": "citizen"})
    assert in_order(text, "Andersen", "Bech")
    assert "Viser 1–2 af 2" in text
    assert "Andersen" not in body(client, "approval_queue", {"kind": DecisionKind.RIGHT})


# --- Courses -----------------------------------------------------------------------------------
def test_courses_sort_by_citizen_and_filter_by_end_date(people: People, client: Client) -> None:
    bech, andersen = citizens(people, "Bech", "Andersen")
    course_for(people, bech)
    late = course_for(people, andersen)
    Course.objects.filter(pk=late.pk).update(end_date=late.end_date + datetime.timedelta(days=60))
    client.force_login(people.caseworker)
    assert in_order(body(client, "course_list"), "Bech", "Andersen")  # by end date
    assert in_order(body(client, "course_list", {"sort": "citizen"}), "Andersen", "Bech")
    limit = (late.end_date + datetime.timedelta(days=1)).isoformat()
    text = body(client, "course_list", {"end_to": limit})
    assert "Bech" in text and "Andersen" not in text


def test_courses_filter_by_mentor_type(people: People, client: Client) -> None:
    citizen, = citizens(people, "Andersen")
    course = course_for(people, citizen)
    client.force_login(people.caseworker)
    assert "Andersen" in body(client, "course_list", {"mentor_type": str(course.mentor_type_id)})
    other = MentorType.objects.exclude(pk=course.mentor_type_id).first()
    assert other is not None
    assert "Andersen" not in body(client, "course_list", {"mentor_type": str(other.pk)})


def test_the_workspace_sorts_and_searches_its_courses(people: People, client: Client) -> None:
    for citizen in citizens(people, "Bech", "Andersen", "Jørgensen"):
        course_for(people, citizen)
    client.force_login(people.mentor_user)
    assert in_order(body(client, "mentor_workspace", {"sort": "citizen"}),
                    "Andersen", "Bech", "Jørgensen")
    assert in_order(body(client, "mentor_workspace", {"sort": "-citizen"}),
                    "Jørgensen", "Bech", "Andersen")
    text = body(client, "mentor_workspace", {"q": "jorgensen"})
    assert "Borger Jørgensen" in text and "Borger Bech" not in text


def test_the_followup_list_sorts_its_overdue_contacts(people: People, client: Client) -> None:
    for last_name in ("Andersen", "Bech"):
        right_and_duty_course(people, first_name="Borger", last_name=last_name)
    client.force_login(people.team_leader)
    text = body(client, "followup_overview", {"sort": "-citizen"})
    assert 'aria-sort="descending"' in text
    assert in_order(text, "Borger Bech", "Borger Andersen")
    assert in_order(body(client, "followup_overview", {"sort": "citizen"}),
                    "Borger Andersen", "Borger Bech")
    mine = body(client, "followup_overview", {"mine": "1"})
    assert 'name="mine" value="1"' in mine  # the filter form keeps the tab


# --- Cost lines and the access log -------------------------------------------------------------
def test_cost_lines_sort_by_amount_and_filter_by_kind(people: People, client: Client) -> None:
    citizen, = citizens(people, "Andersen")
    course = course_for(people, citizen)
    today = timezone.localdate()
    for months, amount, kind in ((1, "900", CostKind.INVOICE), (2, "100", CostKind.INVOICE),
                                 (3, "500", CostKind.INTERNAL)):
        CostLine.objects.create(course=course, provider=course.provider, kind=kind,
                                period_start=today - datetime.timedelta(days=31 * months),
                                period_end=today - datetime.timedelta(days=31 * months - 27),
                                amount=Decimal(amount))
    client.force_login(people.administrator)
    assert in_order(body(client, "costline_list", {"sort": "amount"}), "100,00", "500,00",
                    "900,00")
    text = body(client, "costline_list", {"kind": CostKind.INTERNAL})
    assert "500,00" in text and "900,00" not in text


def test_the_access_log_sorts_and_filters_by_action(people: People, client: Client) -> None:
    citizen, = citizens(people, "Andersen")
    log_access(people.caseworker, citizen, action=AccessAction.VIEW, what="Borgerside")
    log_access(people.team_leader, citizen, action=AccessAction.EXPORT, what="Eksport")
    client.force_login(people.administrator)
    url = reverse("access_log_citizen", args=[citizen.pk])
    text = client.get(url, {"action": AccessAction.EXPORT}).content.decode()
    assert "Eksport" in text and "Borgerside" not in text
    text = client.get(url, {"sort": "user"}).content.decode()
    assert in_order(text, "(caseworker)", "(teamleader)")
    text = client.get(url, {"sort": "-user"}).content.decode()
    assert in_order(text, "(teamleader)", "(caseworker)")
