"""Reads for the course pages, and the right-and-duty renewal the law requires.

Dates are passed in; nothing here reads a clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet, Sum

from mentor.models import DecisionKind, User
from mentor.permissions import visible_courses
from visitation.models import Course, CourseNote, CourseStatus, ReviewStatus
from visitation.rules.dates import add_months
from visitation.selectors_compliance import effective_contacts

# How long before a right-and-duty period runs out the caseworker is asked to renew it.
RENEWAL_NOTICE_DAYS = 30
RIGHT_AND_DUTY_EXTENSION_MONTHS = 6
# The mentor type whose decision sets a least number of hours in the first study year.
STUDY_START_COORDINATOR = "study_start_coordinator"


@dataclass(frozen=True)
class RenewalProposal:
    """The new 6-month period the law requires when a right-and-duty period runs out and the
    citizen still cannot take part in offers (LAB § 93 / § 96 c, 2014–2019)."""

    start_date: datetime.date
    end_date: datetime.date
    current_end: datetime.date
    overdue: bool


def right_and_duty_renewal(course: Course, *, today: datetime.date) -> RenewalProposal | None:
    """A proposal when ``course`` is an open right-and-duty course whose period ends within
    ``RENEWAL_NOTICE_DAYS`` (or has ended) and whose citizen still cannot take part."""
    if course.kind != DecisionKind.RIGHT_AND_DUTY or course.status == CourseStatus.ENDED:
        return None
    if course.citizen.can_take_part_in_offers:
        return None
    if today < course.end_date - datetime.timedelta(days=RENEWAL_NOTICE_DAYS):
        return None
    start = course.end_date + datetime.timedelta(days=1)
    return RenewalProposal(start_date=start,
                           end_date=add_months(start, RIGHT_AND_DUTY_EXTENSION_MONTHS),
                           current_end=course.end_date, overdue=today > course.end_date)


@dataclass
class CourseRow:
    course: Course
    renewal: RenewalProposal | None


def courses_for_list(user: User) -> QuerySet[Course]:
    """The courses the user may see: their teams' (caseworker, team leader) or their own
    (mentor), with what the list shows; ``CourseFilter`` narrows (open by default) and sorts
    them."""
    return visible_courses(user).select_related(
        "citizen", "mentor", "provider", "mentor_type", "caseworker")


def course_rows(page: Page[Any], *, today: datetime.date) -> Page[Any]:
    """The page's courses as rows with the renewal each needs."""
    page.object_list = [CourseRow(course, right_and_duty_renewal(course, today=today))
                        for course in page.object_list]
    return page


@dataclass(frozen=True)
class StudyPace:
    """The study-start coordinator's hours in the first study year against the least the
    decision sets: behind when the journaled hours are fewer than that least number times the
    share of the year that has passed."""

    min_hours: int
    hours: float
    expected: float
    year_start: datetime.date
    year_end: datetime.date

    @property
    def behind(self) -> bool:
        return self.hours < self.expected


def study_pace_figures(*, year_start: datetime.date, year_end: datetime.date, min_hours: int,
                       minutes: int, today: datetime.date) -> StudyPace:
    """Pure: the pace on ``today`` from the minutes journaled in the year so far."""
    length = max(1, (year_end - year_start).days)
    elapsed = min(max(0, (today - year_start).days), length)
    return StudyPace(min_hours=min_hours, hours=round(minutes / 60, 2),
                     expected=round(min_hours * elapsed / length, 2), year_start=year_start,
                     year_end=year_end)


def study_pace(course: Course, *, today: datetime.date) -> StudyPace | None:
    """The pace of a study-start coordinator's course in its first study year (the first
    period); None for other courses, and once the year is over or the course ended."""
    if course.mentor_type.code != STUDY_START_COORDINATOR or course.status == CourseStatus.ENDED:
        return None
    first = course.periods.order_by("number").first()
    min_hours = first.decision.get("min_hours_first_year") if first else None
    if first is None or not min_hours or today > first.end_date:
        return None
    minutes = (effective_contacts()
               .filter(course=course, contact_date__range=(first.start_date, today))
               .aggregate(total=Sum("duration_minutes"))["total"]) or 0
    return study_pace_figures(year_start=first.start_date, year_end=first.end_date,
                              min_hours=int(min_hours), minutes=minutes, today=today)


def course_detail(course: Course, *, today: datetime.date) -> dict[str, Any]:
    """Periods, history and the next review for the course page."""
    periods = [(period, DecisionKind(period.decision.get("kind", DecisionKind.NOT_ELIGIBLE))
                .label) for period in course.periods.select_related("created_by")]
    events = list(course.events.select_related("actor"))
    next_review = course.reviews.filter(status=ReviewStatus.DUE).order_by("due_date").first()
    return {"periods": periods, "events": events, "next_review": next_review,
            "renewal": right_and_duty_renewal(course, today=today),
            "study_pace": study_pace(course, today=today)}


def team_note(course: Course) -> tuple[CourseNote | None, list[Any]]:
    """The team leader's note on the course and its earlier versions, newest first (each
    with who wrote it and when)."""
    note = CourseNote.objects.filter(course=course).select_related("written_by").first()
    if note is None:
        return None, []
    earlier = list(note.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[1:])
    return note, earlier
