"""Builders for the money pages' tests: courses with exact dates, hours and provider, cost
lines, journal time, and the limit's basis."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mentor.models import MentorTask, Municipality, Provider
from reporting.models import CostKind, CostLine
from reporting.models_limit import OtherSpend, TargetGroupPersons
from tests.conftest import People
from tests.factories import CitizenFactory
from tests.reporting.helpers import retention
from visitation.models import Course, CourseStatus, JournalEntry


def course(people: People, start: datetime.date, end: datetime.date, *, hours: str = "1.0",
           provider: Provider | None = None, ended: bool = False,
           tasks: tuple[str, ...] = ()) -> Course:
    """An offer course from ``start`` to ``end`` with ``hours`` a week at ``provider``."""
    made = retention(people, start, citizen=CitizenFactory(team=people.team,
                                                           benefit="flex_job",
                                                           activity_ready=False))
    Course.objects.filter(pk=made.pk).update(
        start_date=start, end_date=end, hours_per_week=Decimal(hours),
        provider=provider or made.provider,
        status=CourseStatus.ENDED if ended else CourseStatus.ACTIVE,
        ended_on=end if ended else None)
    made.refresh_from_db()
    if tasks:
        made.referral.tasks.set(MentorTask.objects.filter(code__in=tasks))
    return made


def line(course_: Course, start: datetime.date, end: datetime.date, amount: str, *,
         hours: str = "0", kind: str = CostKind.INVOICE,
         provider: Provider | None = None) -> CostLine:
    return CostLine.objects.create(course=course_, provider=provider or course_.provider,
                                   kind=kind, period_start=start, period_end=end,
                                   hours=Decimal(hours), amount=Decimal(amount))


def minutes(course_: Course, on: datetime.date, duration: int, people: People,
            corrects: JournalEntry | None = None) -> JournalEntry:
    return JournalEntry.objects.create(course=course_, author=people.mentor_user,
                                       contact_date=on, form="meeting",
                                       duration_minutes=duration, note="Samtale",
                                       corrects=corrects)


def basis(municipality: Municipality, year: int, persons: str,
          months: dict[int, str] | None = None) -> None:
    TargetGroupPersons.objects.create(municipality=municipality, year=year,
                                      full_time_persons=Decimal(persons))
    for month, amount in (months or {}).items():
        OtherSpend.objects.create(municipality=municipality,
                                  month=datetime.date(year, month, 1), amount=Decimal(amount))
