"""The team pages: caseloads (sortable, exportable, a constant number of queries), the
handover pages with their confirmation step, and who may open them (the team's leader or an
administrator; 404 for anyone else)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.models import Role, User
from tests.conftest import People
from tests.factories import UserFactory
from tests.visitation.team_helpers import receiver, second_caseworker, team_course
from visitation.models import Course

pytestmark = pytest.mark.django_db


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_the_team_leader_sees_each_mentors_and_caseworkers_caseload(people: People,
                                                                    client: Client) -> None:
    team_course(people, hours=Decimal("2.5"))
    team_course(people, hours=Decimal("1.5"))
    response = logged_in(client, people.team_leader).get(reverse("team_caseloads"))
    assert response.status_code == 200
    [mentor] = response.context["mentors"]
    assert (mentor.team_courses, mentor.team_hours, mentor.capacity_left) == (
        2, Decimal("4.0"), Decimal("16.0"))
    [caseworker] = [u for u in response.context["caseworkers"] if u == people.caseworker]
    assert caseworker.open_courses == 2
    assert reverse("team_mentor_handover", args=[people.team.pk, people.mentor.pk]) in \
        response.content.decode()


def test_the_caseloads_sort_by_a_column_both_ways(people: People, client: Client) -> None:
    other = receiver(people, name="Bo", codes=("professional_mentor",))
    team_course(people, hours=Decimal("1"))
    team_course(people, hours=Decimal("3"), mentor=other)
    logged_in(client, people.team_leader)
    by_hours = client.get(reverse("team_caseloads"), {"msort": "hours"}).context["mentors"]
    assert [m.pk for m in by_hours] == [people.mentor.pk, other.pk]
    reverse_hours = client.get(reverse("team_caseloads"), {"msort": "-hours"}).context["mentors"]
    assert [m.pk for m in reverse_hours] == [other.pk, people.mentor.pk]
    assert client.get(reverse("team_caseloads"), {"msort": "drop table"}).status_code == 200


def caseload_queries(client: Client) -> int:
    client.get(reverse("team_caseloads"))  # the session and the user's state, once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("team_caseloads"), {"msort": "-free", "csort": "courses"})
    assert response.status_code == 200
    return len(captured)


def test_the_caseloads_page_makes_the_same_queries_at_two_sizes(people: People,
                                                                 client: Client) -> None:
    logged_in(client, people.team_leader)

    def grow(count: int) -> None:
        for n in range(count):
            mentor = receiver(people, name=f"M{n}", codes=("professional_mentor",))
            caseworker = second_caseworker(people, name=f"C{n}")
            team_course(people, mentor=mentor, caseworker=caseworker)

    grow(2)
    small = caseload_queries(client)
    grow(8)
    large = caseload_queries(client)
    assert large == small


def test_the_csv_export_is_for_danish_excel(people: People, client: Client) -> None:
    team_course(people, hours=Decimal("2.5"))
    response = logged_in(client, people.team_leader).get(reverse("team_caseloads_export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Mentorer"
    assert lines[1].startswith("Mentor;Leverandør;")
    assert "Maja Mentor;" in text and ";2,5;" in text


def test_the_xlsx_export_has_a_sheet_per_table(people: People, client: Client) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    team_course(people)
    response = logged_in(client, people.team_leader).get(reverse("team_caseloads_export"),
                                                         {"format": "xlsx"})
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Mentorer", "Sagsbehandlere"]


@pytest.mark.parametrize("who", ["caseworker", "mentor_user", "manager", "outsider"])
def test_no_one_but_a_team_leader_or_administrator_finds_the_pages(people: People,
                                                                   client: Client,
                                                                   who: str) -> None:
    course = team_course(people)
    logged_in(client, getattr(people, who))
    for url in (reverse("team_caseloads"), reverse("team_caseloads_export"),
                reverse("team_mentor_handover", args=[people.team.pk, course.mentor_id]),
                reverse("team_caseworker_handover", args=[people.team.pk,
                                                          people.caseworker.pk])):
        assert client.get(url).status_code == 404, url


def test_another_teams_leader_gets_404_for_this_team(people: People, client: Client) -> None:
    course = team_course(people)
    other_leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    logged_in(client, other_leader)
    assert client.get(reverse("team_caseloads"), {"team": people.team.pk}).status_code == 404
    assert client.get(reverse("team_mentor_handover",
                              args=[people.team.pk, course.mentor_id])).status_code == 404
    assert client.get(reverse("team_caseloads")).context["team"] == people.other_team


def test_an_administrator_may_open_any_teams_caseloads(people: People, client: Client) -> None:
    logged_in(client, people.administrator)
    response = client.get(reverse("team_caseloads"), {"team": people.other_team.pk})
    assert response.status_code == 200


def test_a_mentor_handover_is_confirmed_before_it_happens(people: People,
                                                          client: Client) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=(course.mentor_type.code,))
    url = reverse("team_mentor_handover", args=[people.team.pk, people.mentor.pk])
    logged_in(client, people.team_leader)
    data = {f"course_{course.pk}": str(to.pk), "reason": "Maja er stoppet."}
    confirm = client.post(url, {**data, "step": "check"})
    assert confirm.status_code == 200
    assert "Bekræft flytningen" in confirm.content.decode()
    assert Course.objects.get(pk=course.pk).mentor_id == people.mentor.pk
    done = client.post(url, {**data, "step": "confirm"})
    assert done.status_code == 302
    assert Course.objects.get(pk=course.pk).mentor_id == to.pk


def test_all_courses_to_one_mentor_with_a_refusal_shown_per_course(people: People,
                                                                   client: Client) -> None:
    course = team_course(people, hours=Decimal("2"))
    small = receiver(people, name="Ulla", capacity="1", codes=(course.mentor_type.code,))
    url = reverse("team_mentor_handover", args=[people.team.pk, people.mentor.pk])
    logged_in(client, people.team_leader)
    response = client.post(url, {"all_to": str(small.pk), "reason": "Stoppet",
                                 "step": "check"})
    body = response.content.decode()
    assert response.status_code == 200 and "Intet er flyttet" in body
    assert f"{course.pk}-problems" in body and "1,0 timer pr. uge ledigt" in body
    assert Course.objects.get(pk=course.pk).mentor_id == people.mentor.pk


def test_a_caseworker_handover_is_confirmed_before_it_happens(people: People,
                                                              client: Client) -> None:
    course = team_course(people)
    to = second_caseworker(people)
    url = reverse("team_caseworker_handover", args=[people.team.pk, people.caseworker.pk])
    logged_in(client, people.team_leader)
    page = client.get(url)
    assert f'value="{course.pk}"' in page.content.decode()
    data = {"to_user": str(to.pk), "courses": [str(course.pk)],
            "citizens": [str(course.citizen_id)], "reason": "Sofie er stoppet."}
    assert client.post(url, {**data, "step": "check"}).status_code == 200
    assert Course.objects.get(pk=course.pk).caseworker == people.caseworker
    assert client.post(url, {**data, "step": "confirm"}).status_code == 302
    assert Course.objects.get(pk=course.pk).caseworker == to


def test_the_csv_export_neutralises_formulas_but_keeps_negative_numbers(
        people: People, client: Client) -> None:
    people.mentor.name = '=HYPERLINK("http://example.invalid")'
    people.mentor.weekly_capacity_hours = Decimal("1")
    people.mentor.save()
    team_course(people, hours=Decimal("2.5"))
    text = logged_in(client, people.team_leader).get(
        reverse("team_caseloads_export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ";-1,5;" in text  # free hours over capacity: a number Excel reads, not text
