"""Reads for the mentor's workspace: their open courses, the hours used against those granted,
the contacts and reviews coming due. Dates are passed in; nothing here reads a clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, QueryDict

from mentor.models import User
from mentor.permissions import visible_courses
from visitation.models import Course, CourseStatus, Review, ReviewStatus
from visitation.selectors_compliance import course_last_day, effective_entries
from visitation.selectors_journal import REVIEWS_DUE_SOON_DAYS

WORKSPACE_PAGE_SIZE = 25


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


# --- The workspace -------------------------------------------------------------------------


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


def minutes_by_course(ids: list[int], week: tuple[datetime.date, datetime.date],
                      month: tuple[datetime.date, datetime.date]) -> dict[int, tuple[int, int]]:
    """Minutes of contact in ``week`` and in ``month`` for each of the courses ``ids`` (those
    without any are left out), counting the entries ``effective_entries`` counts (none that a
    later correction replaces)."""
    rows = (effective_entries()
            .filter(course_id__in=ids,
                    contact_date__range=(min(week[0], month[0]), max(week[1], month[1])))
            .order_by().values("course_id")
            .annotate(week=Sum("duration_minutes", filter=Q(contact_date__range=week)),
                      month=Sum("duration_minutes", filter=Q(contact_date__range=month))))
    return {row["course_id"]: (row["week"] or 0, row["month"] or 0) for row in rows}


def reviews_next_and_soon(course_ids: list[int], *, soon: datetime.date) -> list[Review]:
    """Of the reviews due on these courses, each course's next one and every one due by
    ``soon``, soonest first: the rows of ``reviews_due(course_ids)`` the workspace uses (a
    course has many reviews ahead of it, of which the page shows the next and the near)."""
    return list(
        Review.objects.filter(course_id__in=course_ids, status=ReviewStatus.DUE)
        .only("course_id", "due_date", "kind")
        .annotate(n=Window(RowNumber(), partition_by=F("course_id"),
                           order_by=(F("due_date").asc(), F("id").asc())))
        .filter(Q(n=1) | Q(due_date__lte=soon))
        .order_by("due_date", "id"))


def workspace(user: User, *, today: datetime.date, page_number: str | None = None,
              params: QueryDict | None = None,
              request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything on the mentor's workspace, in a fixed number of queries; the list of
    courses filtered and sorted by ``WorkspaceFilter`` (``params``: the query string)."""
    from visitation.filters import WorkspaceFilter

    week_first, week_last = week_bounds(today)
    month_first, month_last = month_bounds(today)
    soon = today + datetime.timedelta(days=REVIEWS_DUE_SOON_DAYS)
    # The mentor's open courses, with the citizen and mentor type the page shows, in one
    # read: a mentor has a few dozen (their weekly capacity bounds them). The counts, the
    # page of rows, the search and the overdue contacts all come from these rows.
    open_courses = list(
        mentor_open_courses(user).select_related("citizen", "mentor_type")
        .only(*WORKSPACE_COURSE_FIELDS)
        .order_by(F("next_contact_due").asc(nulls_last=True), "citizen__last_name", "pk"))
    ids = [course.pk for course in open_courses]
    dues = [c.next_contact_due for c in open_courses if c.next_contact_due is not None]
    counts = {"total": len(ids), "overdue": sum(1 for due in dues if due < today),
              "due_soon": sum(1 for due in dues if today <= due <= soon)}
    # The list's filter and order, as ids (one narrow read), over the rows read above.
    filterset = WorkspaceFilter(params, queryset=mentor_open_courses(user), request=request,
                                today=today)
    by_id = {course.pk: course for course in open_courses}
    listed = [by_id[pk] for pk in filterset.qs.values_list("pk", flat=True) if pk in by_id]
    page = Paginator(listed, WORKSPACE_PAGE_SIZE).get_page(page_number)
    overdue_contacts = sorted(
        (c for c in open_courses if c.next_contact_due is not None and c.next_contact_due < today),
        key=lambda c: (c.next_contact_due, c.pk))[:50]
    # Minutes per course this week and this month, for all the open courses at once (the
    # totals are their sums): one grouped read instead of a correlated subquery per row.
    minutes = minutes_by_course(ids, (week_first, week_last), (month_first, month_last))
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
        "page": page, "rows": rows, "filter": filterset, "today": today,
        "course_count": counts["total"], "overdue_count": counts["overdue"],
        "due_soon_count": counts["due_soon"],
        "overdue_contacts": overdue_contacts,
        "reviews_overdue": [r for r in reviews if r.due_date < today],
        "reviews_soon": [r for r in reviews if r.due_date >= today],
        "week": (week_first, week_last), "month": (month_first, month_last),
        "hours_week": (Decimal(total_week) / 60).quantize(Decimal("0.1")),
        "hours_month": (Decimal(total_month) / 60).quantize(Decimal("0.1")),
    }
