"""Reads for the team's follow-up list (team leaders and caseworkers) and the weekly digest.
Dates are passed in; nothing here reads a clock."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from mentor.models import User
from mentor.permissions import visible_citizens, visible_courses
from visitation.models import (
    SITUATION_TASK_MONTHS,
    Course,
    CourseStatus,
    FollowUpTask,
    Review,
    ReviewStatus,
)
from visitation.selectors_complaints import open_complaints
from visitation.selectors_journal import REVIEWS_DUE_SOON_DAYS


def team_courses(user: User, *, mine: bool = False) -> QuerySet[Course]:
    courses = (visible_courses(user).filter(team_id__in=user.team_ids)
               .exclude(status=CourseStatus.ENDED))
    if mine:
        courses = courses.filter(caseworker=user)
    return courses


def followup_overview(user: User, *, today: datetime.date, mine: bool = False,
                      contacts_page: str | None = None,
                      reviews_page: str | None = None, params: QueryDict | None = None,
                      request: HttpRequest | None = None) -> dict[str, Any]:
    from visitation.filters import FollowupFilter

    # The list's filter narrows the courses (both tables) and orders the overdue contacts.
    filterset = FollowupFilter(params, queryset=team_courses(user, mine=mine), request=request)
    courses = filterset.qs
    overdue_contacts = (courses.filter(next_contact_due__lt=today)
                        .select_related("citizen", "mentor", "caseworker", "team"))
    soon = today + datetime.timedelta(days=REVIEWS_DUE_SOON_DAYS)
    reviews = (Review.objects.filter(course__in=courses.values("pk"), status=ReviewStatus.DUE,
                                     due_date__lte=soon)
               .select_related("course__citizen", "course__mentor", "course__caseworker")
               .order_by("due_date", "pk"))
    return {
        "tasks": open_tasks(user, today=today, mine=mine),
        "complaints": open_complaints(user, mine=mine),
        "contacts": Paginator(overdue_contacts, 25).get_page(contacts_page),
        "reviews": Paginator(reviews, 25).get_page(reviews_page),
        "today": today, "mine": mine, "filter": filterset,
    }


def open_tasks(user: User, *, today: datetime.date, mine: bool = False) -> list[FollowUpTask]:
    """The caseworkers' open tasks in the user's teams (theirs alone with ``mine``) that have
    fallen due (a situation task is made when the course ends, due months later)."""
    tasks = (FollowUpTask.objects.filter(done_at__isnull=True, team_id__in=user.team_ids,
                                         citizen__in=visible_citizens(user),
                                         due_date__lte=today)
             .select_related("citizen", "caseworker").order_by("due_date", "pk"))
    if mine:
        tasks = tasks.filter(caseworker=user)
    return list(tasks[:100])


def task_for_user(user: User, pk: int) -> FollowUpTask:
    """An open or done task of a citizen the user may see; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(FollowUpTask.objects.select_related("citizen")
                             .filter(citizen__in=visible_citizens(user)), pk=pk)


def situation_task_for_user(user: User, pk: int) -> FollowUpTask:
    """A situation task (3 or 6 months after a course) of a citizen the user may see; 404
    for any other task."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        FollowUpTask.objects.select_related("citizen", "course")
        .filter(citizen__in=visible_citizens(user), kind__in=list(SITUATION_TASK_MONTHS)),
        pk=pk)


def overdue_counts_for_teams(team_ids: Iterable[int], *, today: datetime.date
                             ) -> tuple[int, int]:
    """Overdue contacts and overdue reviews in these teams' open courses (for the digest)."""
    courses = Course.objects.filter(team_id__in=list(team_ids)).exclude(
        status=CourseStatus.ENDED)
    contacts = courses.filter(next_contact_due__lt=today).count()
    reviews = Review.objects.filter(course__in=courses.values("pk"), status=ReviewStatus.DUE,
                                    due_date__lt=today).count()
    return contacts, reviews
