"""Contact compliance: whether a course's journal shows the contact its decision requires.

A course with a minimum contact interval ``d`` (``Course.min_contact_days``) is cut into
consecutive intervals of ``d`` days counted from its start date: interval ``k`` runs from
``start + k*d`` to ``start + (k+1)*d - 1``. An interval counts once it has fully elapsed and
lies within the course (it ends on or before the course's last day). It is *met* when the
course's journal holds at least one contact dated inside it (corrected entries count as their
latest correction). An outreach attempt that did not reach the citizen is no contact: it is
counted beside the contacts (``attempts``), so that a missed interval with attempts reads
differently from one with none. Compliance is ``met / elapsed``.

The intervals are kept as ``ContactInterval`` rows (by the journal service when an entry is
saved, and by the daily sweep as intervals elapse), so that the reports can aggregate them:

- ``contact_compliance(course, until)``: one course's figure;
- ``with_contact_compliance(courses, since=, until=)``: a queryset annotation per course;
- ``contact_compliance_totals(courses, since=, until=)``: one figure for a set of courses;
- ``contact_compliance_by_month(courses, since=, until=)``: the figure per month over time.

``contact_intervals(...)`` is the pure computation; the rows are derived from it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from visitation.models import IN_PERSON_FORMS, ContactInterval, Course, JournalEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# --- The pure computation ------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFact:
    """One effective journal entry, as the compliance computation needs it: a contact, or an
    attempt that did not reach the citizen."""

    contact_date: datetime.date
    in_person: bool
    reason_given: bool
    attempt: bool = False


@dataclass(frozen=True)
class IntervalFigure:
    number: int
    start_date: datetime.date
    end_date: datetime.date
    contacts: int
    met: bool
    in_person: bool
    remote_without_reason: bool
    attempts: int = 0


def course_last_day(course: Course) -> datetime.date:
    """The last day of the course: the day it ended, else its current end date."""
    return course.ended_on or course.end_date


def contact_intervals(*, start: datetime.date, last_day: datetime.date, min_days: int | None,
                      in_person_required: bool, contacts: Iterable[ContactFact],
                      until: datetime.date) -> list[IntervalFigure]:
    """The course's contact intervals that have fully elapsed by ``until`` (inclusive).

    Only whole intervals within the course count (a last, shorter stretch before the end does
    not), so that a course is never marked down for days it could not use.
    """
    if not min_days:
        return []
    last = min(until, last_day)
    count = max(0, ((last - start).days + 1) // min_days)
    buckets: dict[int, list[ContactFact]] = {}
    for fact in contacts:
        offset = (fact.contact_date - start).days
        if offset >= 0:
            buckets.setdefault(offset // min_days, []).append(fact)
    figures = []
    for number in range(count):
        kept = buckets.get(number, [])
        facts = [f for f in kept if not f.attempt]
        in_person = any(f.in_person for f in facts)
        figures.append(IntervalFigure(
            number=number,
            start_date=start + datetime.timedelta(days=number * min_days),
            end_date=start + datetime.timedelta(days=(number + 1) * min_days - 1),
            contacts=len(facts), met=bool(facts), in_person=in_person,
            remote_without_reason=(in_person_required and bool(facts) and not in_person
                                   and not any(f.reason_given for f in facts)),
            attempts=len(kept) - len(facts)))
    return figures


def effective_entries() -> QuerySet[JournalEntry]:
    """Journal entries that no later correction replaces."""
    return JournalEntry.objects.filter(
        ~Exists(JournalEntry.objects.filter(corrects=OuterRef("pk"))))


def effective_contacts() -> QuerySet[JournalEntry]:
    """Effective journal entries that reached the citizen (no attempts)."""
    return effective_entries().filter(attempt=False)


def contact_facts(course: Course) -> list[ContactFact]:
    """The course's effective entries, attempts among them (marked)."""
    return [ContactFact(contact_date=day, in_person=form in IN_PERSON_FORMS,
                        reason_given=bool(reason.strip()), attempt=attempt)
            for day, form, reason, attempt in effective_entries().filter(course=course)
            .values_list("contact_date", "form", "phone_reason", "attempt")]


def expected_interval_count(course: Course, until: datetime.date) -> int:
    if not course.min_contact_days:
        return 0
    last = min(until, course_last_day(course))
    return max(0, ((last - course.start_date).days + 1) // course.min_contact_days)


# --- Reads over the kept rows --------------------------------------------------------------


@dataclass(frozen=True)
class Compliance:
    intervals: int
    met: int

    @property
    def share(self) -> float | None:
        """Share of intervals with a contact (0–1); None when no interval has elapsed."""
        return None if not self.intervals else self.met / self.intervals

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


def _interval_filter(prefix: str, since: datetime.date | None,
                     until: datetime.date | None) -> Q:
    condition = Q()
    if since is not None:
        condition &= Q(**{f"{prefix}end_date__gte": since})
    if until is not None:
        condition &= Q(**{f"{prefix}end_date__lte": until})
    return condition


def contact_compliance(course: Course, until: datetime.date | None = None) -> Compliance:
    """One course's compliance over the intervals that ended on or before ``until``."""
    figures = ContactInterval.objects.filter(
        _interval_filter("", None, until), course=course).aggregate(
        intervals=Count("id"), met=Count("id", filter=Q(met=True)))
    return Compliance(intervals=figures["intervals"], met=figures["met"])


class ContactComplianceCounts(TypedDict):
    contact_intervals_total: int
    contact_intervals_met: int
    contact_intervals_remote_without_reason: int


def with_contact_compliance(
        courses: QuerySet[Course], *, since: datetime.date | None = None,
        until: datetime.date | None = None,
) -> QuerySet[WithAnnotations[Course, ContactComplianceCounts]]:
    """Annotate ``contact_intervals_total`` and ``contact_intervals_met`` on each course
    (intervals ending within [since, until]); divide for the share."""
    condition = _interval_filter("contact_intervals__", since, until)
    return courses.annotate(
        contact_intervals_total=Count("contact_intervals", filter=condition, distinct=True),
        contact_intervals_met=Count("contact_intervals",
                                    filter=condition & Q(contact_intervals__met=True),
                                    distinct=True),
        contact_intervals_remote_without_reason=Count(
            "contact_intervals",
            filter=condition & Q(contact_intervals__remote_without_reason=True), distinct=True))


def contact_compliance_totals(courses: QuerySet[Course], *, since: datetime.date | None = None,
                              until: datetime.date | None = None) -> Compliance:
    """One figure for a set of courses (e.g. a team, a mentor type, a decision kind)."""
    figures = ContactInterval.objects.filter(
        _interval_filter("", since, until), course__in=courses.values("pk")).aggregate(
        intervals=Count("id"), met=Count("id", filter=Q(met=True)))
    return Compliance(intervals=figures["intervals"], met=figures["met"])


def contact_compliance_by_month(courses: QuerySet[Course], *, since: datetime.date | None = None,
                                until: datetime.date | None = None,
                                ) -> list[tuple[datetime.date, Compliance]]:
    """Compliance over time: per calendar month of the intervals' end dates."""
    rows = (ContactInterval.objects.filter(_interval_filter("", since, until),
                                           course__in=courses.values("pk"))
            .annotate(month=TruncMonth("end_date")).values("month")
            .annotate(intervals=Count("id"), met=Count("id", filter=Q(met=True)))
            .order_by("month"))
    return [(row["month"], Compliance(intervals=row["intervals"], met=row["met"]))
            for row in rows]
