"""A new service level within the period: the reviews after today are planned again at the new
level's interval, the change is recorded, and the citizen gets a letter."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements.models_letters import Letter, LetterKind
from mentor.services import DomainError, NotPermitted
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation.models import Course, ReviewKind, ReviewStatus
from visitation.services.courses import course_change_level, course_end

TZ = ZoneInfo("Europe/Copenhagen")


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), TZ), tick=False)


@pytest.fixture
def course(people: People) -> Course:
    """Right and duty from 2 March 2017 at level 2 (monthly reviews) until 2 September."""
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False)
    with at(datetime.date(2017, 3, 2)):
        return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                           approver=people.team_leader, decision_date=datetime.date(2017, 3, 2),
                           service_level=2)


def due(course: Course, kind: str) -> list[datetime.date]:
    return list(course.reviews.filter(status=ReviewStatus.DUE, kind=kind)
                .order_by("due_date").values_list("due_date", flat=True))


def test_a_lower_level_plans_the_later_reviews_at_its_interval(people: People,
                                                                course: Course) -> None:
    with at(datetime.date(2017, 4, 10)):
        course_change_level(actor=people.caseworker, course=course, service_level=1,
                            hours_per_week=Decimal("1"), reason="Borgeren klarer sig bedre.")
    course.refresh_from_db()
    assert (course.service_level, course.hours_per_week) == (1, Decimal("1"))
    # Level 1 reviews every 3 months from the start: 2 June; the 2 April review stays (past).
    assert due(course, ReviewKind.PERIODIC) == [datetime.date(2017, 4, 2),
                                                datetime.date(2017, 6, 2)]
    assert due(course, ReviewKind.PRE_END) == [datetime.date(2017, 8, 19)]
    event = course.events.latest("at", "id")
    assert event.action == "level_changed" and event.reason == "Borgeren klarer sig bedre."
    assert event.data["from_level"] == 2 and event.data["to_level"] == 1
    assert Letter.objects.filter(course=course, kind=LetterKind.LEVEL_CHANGE).count() == 1


def test_the_same_level_and_hours_is_refused(people: People, course: Course) -> None:
    with pytest.raises(DomainError, match="intet at ændre"):
        course_change_level(actor=people.caseworker, course=course, service_level=2,
                            hours_per_week=course.hours_per_week, reason="Ingen ændring")


def test_a_reason_is_required(people: People, course: Course) -> None:
    with pytest.raises(DomainError, match="begrundelsen"):
        course_change_level(actor=people.caseworker, course=course, service_level=3,
                            hours_per_week=Decimal("3"), reason=" ")


def test_only_the_teams_case_workers_change_the_level(people: People, course: Course) -> None:
    with pytest.raises(NotPermitted):
        course_change_level(actor=people.outsider, course=course, service_level=3,
                            hours_per_week=Decimal("3"), reason="Mere støtte")


def test_an_ended_course_keeps_its_level(people: People, course: Course) -> None:
    with at(datetime.date(2017, 4, 10)):
        course_end(actor=people.caseworker, course=course, reason="job",
                   ended_on=datetime.date(2017, 4, 10))
        with pytest.raises(DomainError, match="afsluttet"):
            course_change_level(actor=people.caseworker, course=course, service_level=3,
                                hours_per_week=Decimal("3"), reason="Mere støtte")


def test_the_page_changes_the_level(client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    url = reverse("course_change_level", args=[course.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"service_level": "3", "hours_per_week": "3",
                                 "reason": "Tættere støtte i praktikken."})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.service_level == 3


def test_the_page_keeps_the_input_on_a_refusal(client: Client, people: People,
                                               course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("course_change_level", args=[course.pk]),
                           {"service_level": "2", "hours_per_week": "1.5",
                            "reason": "Ingen ændring"})
    assert response.status_code == 400
    assert "intet at ændre" in response.content.decode()
