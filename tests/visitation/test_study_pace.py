"""Study-start coordinator: the decision's least hours in the first study year tracked
against the journaled hours; the course page warns when the pace falls behind (hours so far
fewer than the least hours times the share of the year elapsed)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tests.factories import CitizenFactory, open_course
from tests.visitation.journal_helpers import meeting
from visitation.selectors_courses import study_pace, study_pace_figures
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date
YEAR_START, YEAR_END = D(2015, 8, 15), D(2016, 8, 15)  # 366 days: 2016 is a leap year
HALF_YEAR = YEAR_START + datetime.timedelta(days=183)


def pace(minutes: int, today: datetime.date) -> Any:
    return study_pace_figures(year_start=YEAR_START, year_end=YEAR_END, min_hours=10,
                              minutes=minutes, today=today)


def test_exactly_on_pace_at_half_the_year_is_not_behind() -> None:
    assert pace(300, HALF_YEAR).expected == 5
    assert not pace(300, HALF_YEAR).behind


def test_a_day_later_the_same_hours_are_behind() -> None:
    assert pace(300, HALF_YEAR + datetime.timedelta(days=1)).behind


def test_one_minute_short_at_half_the_year_is_behind() -> None:
    assert pace(299, HALF_YEAR).behind


@pytest.fixture
def study_course(people: Any, time_machine: Any) -> Any:
    time_machine.move_to(datetime.datetime(2015, 8, 1, 9, tzinfo=CPH), tick=False)
    citizen = CitizenFactory(team=people.team, benefit="education_benefit",
                             single_parent_with_education_order=True,
                             education_start_date=YEAR_START)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=D(2015, 8, 1))
    assert course.mentor_type.code == "study_start_coordinator"
    return course


def test_the_course_counts_journaled_hours_of_the_first_study_year(
        people: Any, study_course: Any, time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2016, 2, 14, 12, tzinfo=CPH), tick=False)
    for day in (D(2015, 9, 1), D(2015, 11, 1)):
        journal_entry_add(actor=people.mentor_user, course=study_course,
                          data=meeting(day, minutes=150))

    figures = study_pace(study_course, today=HALF_YEAR)

    assert figures is not None
    assert (figures.min_hours, figures.hours, figures.behind) == (10, 5, False)
    later = study_pace(study_course, today=HALF_YEAR + datetime.timedelta(days=1))
    assert later is not None
    assert later.behind


def test_the_course_page_warns_when_behind(client: Client, people: Any, study_course: Any,
                                           time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2016, 2, 15, 12, tzinfo=CPH), tick=False)
    client.force_login(people.caseworker)

    body = client.get(f"/courses/{study_course.pk}/").content.decode()

    assert 'data-testid="study-pace"' in body
    assert "halter bagefter" in body


def test_other_courses_have_no_pace(people: Any) -> None:
    citizen = CitizenFactory(team=people.team, benefit="flex_job")
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=D(2026, 11, 2))

    assert study_pace(course, today=D(2026, 11, 22)) is None
