"""Reads for journal work: the mentor's workspace, the course panel, reviews, the calendar
feed, the team's follow-up list, and contact compliance for the reports.

Dates are passed in; nothing here reads a clock.

Contact compliance (for the reports)
------------------------------------
A course with a minimum contact interval ``d`` (``Course.min_contact_days``) is cut into
consecutive intervals of ``d`` days counted from its start date: interval ``k`` runs from
``start + k*d`` to ``start + (k+1)*d - 1``. An interval counts once it has fully elapsed and
lies within the course (it ends on or before the course's last day). It is *met* when the
course's journal holds at least one contact dated inside it (corrected entries count as their
latest correction). Compliance is ``met / elapsed``.

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
from decimal import Decimal
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.http import Http404

from mentor import sql
from mentor.models import Role, User
from mentor.permissions import visible_courses
from visitation.models import (
    IN_PERSON_FORMS,
    CalendarToken,
    ContactInterval,
    Course,
    CourseStatus,
    JournalEntry,
    Review,
    ReviewStatus,
)

# Reviews due within this many days count as "due soon" on the workspace.
REVIEWS_DUE_SOON_DAYS = 7
# The course panel shows this many journal entries and links to the full list.
PANEL_ENTRIES = 5
WORKSPACE_PAGE_SIZE = 25
JOURNAL_PAGE_SIZE = 20


# --- Compliance: the pure computation --------------------------------------------------------


@dataclass(frozen=True)
class ContactFact:
    """One effective journal contact, as the compliance computation needs it."""

    contact_date: datetime.date
    in_person: bool
    reason_given: bool


@dataclass(frozen=True)
class IntervalFigure:
    number: int
    start_date: datetime.date
    end_date: datetime.date
    contacts: int
    met: bool
    in_person: bool
    remote_without_reason: bool


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
        facts = buckets.get(number, [])
        in_person = any(f.in_person for f in facts)
        figures.append(IntervalFigure(
            number=number,
            start_date=start + datetime.timedelta(days=number * min_days),
            end_date=start + datetime.timedelta(days=(number + 1) * min_days - 1),
            contacts=len(facts), met=bool(facts), in_person=in_person,
            remote_without_reason=(in_person_required and bool(facts) and not in_person
                                   and not any(f.reason_given for f in facts))))
    return figures


def effective_entries() -> QuerySet[JournalEntry]:
    """Journal entries that no later correction replaces."""
    return JournalEntry.objects.filter(
        ~Exists(JournalEntry.objects.filter(corrects=OuterRef("pk"))))


def contact_facts(course: Course) -> list[ContactFact]:
    return [ContactFact(contact_date=day, in_person=form in IN_PERSON_FORMS,
                        reason_given=bool(reason.strip()))
            for day, form, reason in effective_entries().filter(course=course)
            .values_list("contact_date", "form", "phone_reason")]


def expected_interval_count(course: Course, until: datetime.date) -> int:
    if not course.min_contact_days:
        return 0
    last = min(until, course_last_day(course))
    return max(0, ((last - course.start_date).days + 1) // course.min_contact_days)


# --- Compliance: reads over the kept rows ----------------------------------------------------


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


def with_contact_compliance(courses: QuerySet[Course], *, since: datetime.date | None = None,
                            until: datetime.date | None = None) -> QuerySet[Course]:
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


# --- Labels -------------------------------------------------------------------------------


def citizen_initials(first_name: str, last_name: str) -> str:
    return "".join(part[:1].upper() for part in (first_name, last_name) if part)


def course_label(course: Course) -> str:
    """"#12 (AB)": how notifications and the calendar name a course (never a CPR number)."""
    citizen = course.citizen
    return f"#{course.pk} ({citizen_initials(citizen.first_name, citizen.last_name)})"


# --- Permission-checked fetches ------------------------------------------------------------


def is_course_mentor(user: User, course: Course) -> bool:
    return course.mentor is not None and course.mentor.user_id == user.pk


def may_complete_review(user: User, course: Course) -> bool:
    """The course's mentor, or a caseworker of the course's team (reviews are made together)."""
    return is_course_mentor(user, course) or (
        user.has_role(Role.CASEWORKER) and course.team_id in user.team_ids)


def get_entry_for_user(user: User, pk: int) -> JournalEntry:
    """A journal entry on a course the user may see; 404 otherwise."""
    try:
        return (JournalEntry.objects.select_related("course__citizen", "course__mentor",
                                                    "author", "corrects")
                .get(pk=pk, course__in=visible_courses(user)))
    except (JournalEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such journal entry") from exc


def get_review_for_user(user: User, pk: int) -> Review:
    try:
        return (Review.objects.select_related("course__citizen", "course__mentor",
                                              "course__referral", "completed_by", "period")
                .get(pk=pk, course__in=visible_courses(user)))
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such review") from exc


# --- Hours --------------------------------------------------------------------------------


def week_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = today - datetime.timedelta(days=today.weekday())
    return start, start + datetime.timedelta(days=6)


def month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = today.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


def granted_hours(course: Course, first: datetime.date, last: datetime.date) -> Decimal:
    """Hours granted in [first, last]: hours per week for the days the course runs in it."""
    start = max(first, course.start_date)
    end = min(last, course_last_day(course))
    days = max(0, (end - start).days + 1)
    return (Decimal(course.hours_per_week) * days / 7).quantize(Decimal("0.1"))


# --- The mentor's workspace ----------------------------------------------------------------


@dataclass
class WorkspaceRow:
    course: Course
    minutes_week: int
    minutes_month: int
    granted_week: Decimal
    granted_month: Decimal
    overdue: bool
    due_today: bool

    @property
    def hours_week(self) -> Decimal:
        return (Decimal(self.minutes_week) / 60).quantize(Decimal("0.1"))

    @property
    def hours_month(self) -> Decimal:
        return (Decimal(self.minutes_month) / 60).quantize(Decimal("0.1"))

    @property
    def over_week(self) -> bool:
        return self.hours_week > self.granted_week

    @property
    def over_month(self) -> bool:
        return self.hours_month > self.granted_month


def mentor_open_courses(user: User) -> QuerySet[Course]:
    """The mentor's own open courses (never another mentor's)."""
    return (visible_courses(user).filter(mentor__user=user)
            .exclude(status=CourseStatus.ENDED))


# What the workspace shows of a course, its citizen and its mentor type: a course row has
# some fifty columns, of which the page reads these.
WORKSPACE_COURSE_FIELDS = (
    "kind", "start_date", "end_date", "ended_on", "hours_per_week", "last_contact_date",
    "next_contact_due", "citizen__first_name", "citizen__last_name", "citizen__birth_date",
    "mentor_type__name")


def _minutes_by_course(ids: list[int], week: tuple[datetime.date, datetime.date],
                       month: tuple[datetime.date, datetime.date]) -> dict[int, tuple[int, int]]:
    """Minutes of contact in ``week`` and in ``month`` for each of the courses ``ids`` (those
    without any are left out), counting the entries ``effective_entries`` counts (none that a
    later correction replaces).

    Written as SQL: the same statement through the ORM (a correlated ``Exists`` and two
    filtered sums) took longer to build than the rest of the workspace's queries together,
    and the database answers it in a fraction of a millisecond. A test compares the two."""
    if not ids:
        return {}
    table = connection.ops.quote_name(JournalEntry._meta.db_table)
    sql = (
        "SELECT e.course_id,"
        " SUM(CASE WHEN e.contact_date BETWEEN %s AND %s THEN e.duration_minutes END),"
        " SUM(CASE WHEN e.contact_date BETWEEN %s AND %s THEN e.duration_minutes END)"
        f" FROM {table} e"
        f" WHERE e.course_id IN ({', '.join(['%s'] * len(ids))})"
        " AND e.contact_date BETWEEN %s AND %s"
        f" AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.corrects_id = e.id)"
        " GROUP BY e.course_id")
    params: list[datetime.date | int] = [week[0], week[1], month[0], month[1], *ids,
                                         min(week[0], month[0]), max(week[1], month[1])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {course_id: (week_minutes or 0, month_minutes or 0)
                for course_id, week_minutes, month_minutes in cursor.fetchall()}


def reviews_due(course_ids: list[int], *, limit: int | None = None) -> list[Review]:
    """The reviews due on these courses (ones the caller may see), soonest first, the first
    ``limit`` of them with a limit; as SQL (``mentor/sql.py``)."""
    if not course_ids:
        return []
    params: list[Any] = [*course_ids, ReviewStatus.DUE]
    if limit is not None:
        params.append(limit)
    return sql.raw(Review, (
        f'SELECT "id", "course_id", "due_date", "kind" FROM {sql.table(Review)}'
        f' WHERE "course_id" IN ({sql.placeholders(course_ids)}) AND "status" = %s'
        ' ORDER BY "due_date", "id"' + (" LIMIT %s" if limit is not None else "")), params)


def reviews_next_and_soon(course_ids: list[int], *, soon: datetime.date) -> list[Review]:
    """Of the reviews due on these courses, each course's next one and every one due by
    ``soon``, soonest first: the rows of ``reviews_due(course_ids)`` the workspace uses (a
    mentor's open courses have some 100–170 reviews ahead of them, a few dozen of which it
    shows). As SQL (``mentor/sql.py``); window functions are in PostgreSQL and SQLite."""
    if not course_ids:
        return []
    return sql.raw(Review, (
        'SELECT "id", "course_id", "due_date", "kind" FROM ('
        ' SELECT "id", "course_id", "due_date", "kind", ROW_NUMBER() OVER'
        ' (PARTITION BY "course_id" ORDER BY "due_date", "id") AS "n"'
        f' FROM {sql.table(Review)}'
        f' WHERE "course_id" IN ({sql.placeholders(course_ids)}) AND "status" = %s) "due"'
        ' WHERE "n" = 1 OR "due_date" <= %s ORDER BY "due_date", "id"'),
        [*course_ids, ReviewStatus.DUE, soon])


def workspace(user: User, *, today: datetime.date, query: str = "",
              page_number: str | None = None) -> dict[str, Any]:
    """Everything on the mentor's workspace, in a fixed number of queries."""
    week_first, week_last = week_bounds(today)
    month_first, month_last = month_bounds(today)
    soon = today + datetime.timedelta(days=REVIEWS_DUE_SOON_DAYS)
    # The mentor's open courses, with the citizen and mentor type the page shows, in one
    # read: a mentor has a few dozen (their weekly capacity bounds them). The counts, the
    # page of rows, the search and the overdue contacts all come from these rows.
    open_courses = list(
        mentor_open_courses(user).select_related("citizen", "mentor_type")
        .only(*WORKSPACE_COURSE_FIELDS, "citizen__search_name")
        .order_by(F("next_contact_due").asc(nulls_last=True), "citizen__last_name", "pk"))
    ids = [course.pk for course in open_courses]
    dues = [c.next_contact_due for c in open_courses if c.next_contact_due is not None]
    counts = {"total": len(ids), "overdue": sum(1 for due in dues if due < today),
              "due_soon": sum(1 for due in dues if today <= due <= soon)}
    listed = open_courses
    if query:
        needle = query.strip().lower()
        listed = [c for c in open_courses if needle in c.citizen.search_name]
    page = Paginator(listed, WORKSPACE_PAGE_SIZE).get_page(page_number)
    overdue_contacts = sorted(
        (c for c in open_courses if c.next_contact_due is not None and c.next_contact_due < today),
        key=lambda c: (c.next_contact_due, c.pk))[:50]
    # Minutes per course this week and this month, for all the open courses at once (the
    # totals are their sums): one grouped read instead of a correlated subquery per row.
    minutes = _minutes_by_course(ids, (week_first, week_last), (month_first, month_last))
    # The reviews due on the open courses, soonest first, in one read: each course's next
    # review for its row, and those due within REVIEWS_DUE_SOON_DAYS for the list beside
    # (with the course and citizen already read above).
    courses_by_id = {course.pk: course for course in open_courses}
    due_reviews = reviews_next_and_soon(ids, soon=soon)
    next_reviews: dict[int, datetime.date] = {}
    for review in due_reviews:
        next_reviews.setdefault(review.course_id, review.due_date)
        review.course = courses_by_id[review.course_id]
    rows = []
    for course in page.object_list:
        week_minutes, month_minutes = minutes.get(course.pk, (0, 0))
        cast(Any, course).next_review_due = next_reviews.get(course.pk)
        rows.append(WorkspaceRow(
            course=course, minutes_week=week_minutes, minutes_month=month_minutes,
            granted_week=granted_hours(course, week_first, week_last),
            granted_month=granted_hours(course, month_first, month_last),
            overdue=course.next_contact_due is not None and course.next_contact_due < today,
            due_today=course.next_contact_due == today))
    reviews = [review for review in due_reviews if review.due_date <= soon][:50]
    total_week = sum(week for week, _month in minutes.values())
    total_month = sum(month for _week, month in minutes.values())
    return {
        "page": page, "rows": rows, "query": query, "today": today,
        "course_count": counts["total"], "overdue_count": counts["overdue"],
        "due_soon_count": counts["due_soon"],
        "overdue_contacts": overdue_contacts,
        "reviews_overdue": [r for r in reviews if r.due_date < today],
        "reviews_soon": [r for r in reviews if r.due_date >= today],
        "week": (week_first, week_last), "month": (month_first, month_last),
        "hours_week": (Decimal(total_week) / 60).quantize(Decimal("0.1")),
        "hours_month": (Decimal(total_month) / 60).quantize(Decimal("0.1")),
    }


# --- The course panel and the journal list ------------------------------------------------


@dataclass
class ContactStatus:
    last_contact: datetime.date | None
    next_due: datetime.date | None
    overdue_days: int
    in_person_required: bool
    remote_without_reason: int
    compliance: Compliance

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def contact_status(course: Course, *, today: datetime.date) -> ContactStatus:
    intervals = ContactInterval.objects.filter(course=course).aggregate(
        total=Count("id"), met=Count("id", filter=Q(met=True)),
        flagged=Count("id", filter=Q(remote_without_reason=True)))
    overdue = 0
    if course.is_open and course.next_contact_due and course.next_contact_due < today:
        overdue = (today - course.next_contact_due).days
    return ContactStatus(
        last_contact=course.last_contact_date, next_due=course.next_contact_due if
        course.is_open else None, overdue_days=overdue,
        in_person_required=course.in_person_contact_required,
        remote_without_reason=intervals["flagged"],
        compliance=Compliance(intervals=intervals["total"], met=intervals["met"]))


def journal_entries(course: Course) -> QuerySet[JournalEntry]:
    """A course's entries, newest first, with their corrections (no query per entry)."""
    return (JournalEntry.objects.filter(course=course)
            .select_related("author", "corrects")
            .prefetch_related(Prefetch("corrections",
                                       queryset=JournalEntry.objects.order_by("created_at")))
            .order_by("-contact_date", "-created_at", "-id"))


def journal_page(course: Course, page_number: str | None) -> Page[JournalEntry]:
    return Paginator(journal_entries(course), JOURNAL_PAGE_SIZE).get_page(page_number)


def course_panel(user: User, course: Course, *, today: datetime.date) -> dict[str, Any]:
    """What the course page's journal panel shows to ``user``.

    Notes are only shown to a user who may see the course (and so the citizen); the course
    page already checked that, and this checks again so that the panel is safe anywhere.
    """
    if not visible_courses(user).filter(pk=course.pk).exists():
        return {"visible": False}
    entries = list(journal_entries(course)[:PANEL_ENTRIES])
    return {
        "visible": True,
        "status": contact_status(course, today=today),
        "entries": entries,
        "entry_count": JournalEntry.objects.filter(course=course).count(),
        "reviews": list(course.reviews.select_related("completed_by").order_by("due_date",
                                                                                "pk")),
        "is_mentor": is_course_mentor(user, course),
        "may_review": may_complete_review(user, course),
        "today": today,
    }


# --- The calendar feed ---------------------------------------------------------------------


def calendar_token_for(user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def calendar_items(user: User) -> tuple[list[Course], list[Review]]:
    """The mentor's open courses with a next contact date, and their due reviews."""
    courses = (Course.objects.filter(mentor__user=user).exclude(status=CourseStatus.ENDED)
               .select_related("citizen"))
    with_due = [c for c in courses.order_by("next_contact_due", "pk")
                if c.next_contact_due is not None]
    reviews = list(Review.objects.filter(course__in=courses.values("pk"),
                                         status=ReviewStatus.DUE)
                   .select_related("course__citizen").order_by("due_date", "pk"))
    return with_due, reviews


# --- The team's follow-up list (team leaders and caseworkers) --------------------------------


def team_courses(user: User, *, mine: bool = False) -> QuerySet[Course]:
    courses = (visible_courses(user).filter(team_id__in=user.team_ids)
               .exclude(status=CourseStatus.ENDED))
    if mine:
        courses = courses.filter(caseworker=user)
    return courses


def followup_overview(user: User, *, today: datetime.date, mine: bool = False,
                      contacts_page: str | None = None,
                      reviews_page: str | None = None) -> dict[str, Any]:
    courses = team_courses(user, mine=mine)
    overdue_contacts = (courses.filter(next_contact_due__lt=today)
                        .select_related("citizen", "mentor", "caseworker", "team")
                        .order_by("next_contact_due", "pk"))
    soon = today + datetime.timedelta(days=REVIEWS_DUE_SOON_DAYS)
    reviews = (Review.objects.filter(course__in=courses.values("pk"), status=ReviewStatus.DUE,
                                     due_date__lte=soon)
               .select_related("course__citizen", "course__mentor", "course__caseworker")
               .order_by("due_date", "pk"))
    return {
        "contacts": Paginator(overdue_contacts, 25).get_page(contacts_page),
        "reviews": Paginator(reviews, 25).get_page(reviews_page),
        "today": today, "mine": mine,
    }


def overdue_counts_for_teams(team_ids: Iterable[int], *, today: datetime.date
                             ) -> tuple[int, int]:
    """Overdue contacts and overdue reviews in these teams' open courses (for the digest)."""
    courses = Course.objects.filter(team_id__in=list(team_ids)).exclude(
        status=CourseStatus.ENDED)
    contacts = courses.filter(next_contact_due__lt=today).count()
    reviews = Review.objects.filter(course__in=courses.values("pk"), status=ReviewStatus.DUE,
                                    due_date__lt=today).count()
    return contacts, reviews
