"""Small builders for the reporting tests: courses of each scheme, cost lines, journal time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from mentor.models import Citizen, Provider, Team, User
from reporting.models import CostKind, CostLine
from reporting.periods import Period, period_for
from reporting.selectors import ReportFilter, dashboard
from reporting.tables import Table
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation.models import Course, CourseStatus, JournalEntry


def holistic(people: People, start: datetime.date, *, citizen: Citizen | None = None,
             team: Team | None = None, hours: str = "1.5", level: int = 1,
             provider: Provider | None = None) -> Course:
    """A right-and-duty course (helhedsorienteret mentor), six months from ``start``."""
    citizen = citizen or CitizenFactory(team=team or people.team, benefit="cash_benefit",
                                        activity_ready=True, can_take_part_in_offers=False)
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=start, start_date=start,
                       hours_per_week=Decimal(hours), service_level=level, provider=provider)


def retention(people: People, start: datetime.date, *, citizen: Citizen | None = None,
              team: Team | None = None, provider: Provider | None = None, hours: str = "1.5",
              level: int = 1) -> Course:
    """An offer course for a flex-job employee (fastholdelsesmentor)."""
    citizen = citizen or CitizenFactory(team=team or people.team, benefit="flex_job",
                                        activity_ready=False)
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=start, start_date=start,
                       hours_per_week=Decimal(hours), service_level=level, provider=provider)


def end(course: Course, on: datetime.date, outcome: str) -> None:
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.ENDED, ended_on=on,
                                               outcome=outcome)


def cost(course: Course, amount: int | str, start: datetime.date,
         end_date: datetime.date | None = None, *, kind: str = CostKind.INVOICE,
         hours: str = "0", provider: Provider | None = None) -> CostLine:
    return CostLine.objects.create(
        course=course, provider=provider or course.provider, kind=kind, period_start=start,
        period_end=end_date or start + datetime.timedelta(days=27), hours=Decimal(hours),
        amount=Decimal(amount))


def journal(course: Course, on: datetime.date, minutes: int, author: User) -> JournalEntry:
    return JournalEntry.objects.create(course=course, author=author, contact_date=on,
                                       form="meeting", duration_minutes=minutes,
                                       note="Samtale")


def tables_for(user: User, period: Period | int, *, today: datetime.date = datetime.date(
        2026, 11, 22), team_ids: frozenset[int] | None = None,
        **filters: Any) -> dict[str, Table]:
    if isinstance(period, int):
        period = period_for(period)
    return dashboard(ReportFilter(period, team_ids, **filters), user=user, today=today)


def row(table: Table, label: str) -> list[Any]:
    """The row whose first (or, for the kinds table, second) cell is ``label``."""
    for r in table.rows:
        if label in (r[0], r[1]):
            return r
    raise AssertionError(f"no row {label!r} in {[r[0] for r in table.rows]}")
