"""Course pages: the list, the course page with its panels and history, and the life-cycle
actions in the browser."""

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from mentor.models import AccessLog, Role
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, certify, open_course
from visitation.models import Course, CourseStatus

TZ = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, tzinfo=TZ), tick=False):
        yield


def course_for(people: People, **facts: Any) -> Course:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True, **facts)
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))


@pytest.fixture
def course(people: People) -> Course:
    return course_for(people, first_name="Signe", last_name="Thomsen")


def test_the_course_page_shows_decision_panels_and_history(client: Client, people: People,
                                                           course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.get(f"/courses/{course.pk}/")
    page = response.content.decode()
    assert "Signe Thomsen" in page and "LAB § 167, stk. 1" in page
    assert "Oprettet ved godkendelse" in page
    template_names = {t.name for t in response.templates}
    assert {"agreements/_course_panel.html", "visitation/_course_journal_panel.html",
            "reporting/_course_costs_panel.html"} <= template_names
    assert AccessLog.objects.filter(user=people.caseworker, citizen=course.citizen).exists()


def test_the_caseworker_extends_the_course(client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/courses/{course.pk}/extend/", {
        "reason": "Borgeren har brug for mere tid.", "service_level": "1",
        "hours_per_week": "1.5"})
    course.refresh_from_db()
    assert response.status_code == 302
    assert course.status == CourseStatus.EXTENDED and course.periods.count() == 2


def test_the_extend_page_previews_the_new_decision(client: Client, people: People,
                                                   course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.get(f"/courses/{course.pk}/extend/")
    assert response.context["decision"].start_date == datetime.date(2027, 4, 2)


def test_the_caseworker_ends_the_course(client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    client.post(f"/courses/{course.pk}/end/", {"reason": "job", "ended_on": "2026-11-20",
                                                "outcome": "job"})
    course.refresh_from_db()
    assert (course.status, course.ended_on) == ("ended", datetime.date(2026, 11, 20))


def test_a_right_and_duty_course_offers_only_lawful_end_reasons(
        client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, activity_ready=True, can_take_part_in_offers=False)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2019, 3, 1))
    client.force_login(people.caseworker)
    response = client.get(f"/courses/{course.pk}/end/")
    reasons = [value for value, _ in response.context["form"].fields["reason"].choices]
    assert "ready_for_offer" in reasons and "period_expired" not in reasons
    assert "goal_reached" not in reasons


def test_the_caseworker_reassigns_the_mentor(client: Client, people: People,
                                             course: Course) -> None:
    other = MentorFactory(name="Mads Mentor", provider__municipality=people.municipality)
    certify(other, "retention_mentor", granted_by=people.manager)
    client.force_login(people.caseworker)
    client.post(f"/courses/{course.pk}/reassign/", {"mentor": other.pk, "reason": "Barsel"})
    course.refresh_from_db()
    assert course.mentor == other
    assert "Maja Mentor → Mads Mentor" in client.get(f"/courses/{course.pk}/").content.decode()


def test_a_refused_end_is_shown_on_the_form(client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/courses/{course.pk}/end/", {"reason": "other",
                                                           "ended_on": "2026-11-20"})
    assert "Beskriv den anden årsag" in response.content.decode()


@pytest.mark.parametrize("action", ["extend", "end", "reassign"])
def test_the_mentor_sees_the_course_but_may_not_change_it(client: Client, people: People,
                                                           course: Course, action: str) -> None:
    client.force_login(people.mentor_user)
    assert client.get(f"/courses/{course.pk}/").status_code == 200
    assert client.get(f"/courses/{course.pk}/{action}/").status_code == 403


def test_the_list_flags_a_right_and_duty_course_that_needs_a_new_period(client: Client,
                                                                         people: People) -> None:
    citizen = CitizenFactory(team=people.team, activity_ready=True, can_take_part_in_offers=False)
    open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2019, 9, 1))
    for day, flagged in ((datetime.date(2019, 12, 1), []), (datetime.date(2020, 2, 20), [True])):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(10), TZ),
                                 tick=False):
            client.force_login(people.caseworker)
            response = client.get("/courses/", {"status": "renewal"})
        assert [row.renewal is not None for row in response.context["page"].object_list] == \
            flagged
    assert "Ny periode skal gives" in response.content.decode()


def test_a_mentor_sees_only_their_own_courses_in_the_list(client: Client, people: People,
                                                          course: Course) -> None:
    user = UserFactory(roles=[Role.MENTOR])
    MentorFactory(user=user, provider__municipality=people.municipality)
    client.force_login(user)
    assert client.get("/courses/").context["page"].object_list == []


def test_the_query_count_does_not_grow_with_rows(
        client: Client, people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client.force_login(people.caseworker)
    course_for(people)
    client.get("/courses/")
    with CaptureQueriesContext(connection) as few:
        client.get("/courses/")
    for _ in range(10):
        course_for(people)
    with django_assert_num_queries(len(few)):
        client.get("/courses/")
