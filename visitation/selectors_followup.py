"""Reads for the team's follow-up list (team leaders and caseworkers) and the weekly digest.
Dates are passed in; nothing here reads a clock."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

from mentor.models import User
from mentor.permissions import visible_citizens, visible_courses
from visitation.models import Course, CourseStatus, FollowUpTask, Review, ReviewStatus
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
        "tasks": open_tasks(user, mine=mine),
        "complaints": open_complaints(user, mine=mine),
        "contacts": Paginator(overdue_contacts, 25).get_page(contacts_page),
        "reviews": Paginator(reviews, 25).get_page(reviews_page),
        "today": today, "mine": mine,
    }


def open_tasks(user: User, *, mine: bool = False) -> list[FollowUpTask]:
    """The caseworkers' open tasks in the user's teams (theirs alone with ``mine``)."""
    tasks = (FollowUpTask.objects.filter(done_at__isnull=True, team_id__in=user.team_ids,
                                         citizen__in=visible_citizens(user))
             .select_related("citizen", "caseworker").order_by("due_date", "pk"))
    if mine:
        tasks = tasks.filter(caseworker=user)
    return list(tasks[:100])


def task_for_user(user: User, pk: int) -> FollowUpTask:
    """An open or done task of a citizen the user may see; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(FollowUpTask.objects.select_related("citizen")
                             .filter(citizen__in=visible_citizens(user)), pk=pk)


def overdue_counts_for_teams(team_ids: Iterable[int], *, today: datetime.date
                             ) -> tuple[int, int]:
    """Overdue contacts and overdue reviews in these teams' open courses (for the digest)."""
    courses = Course.objects.filter(team_id__in=list(team_ids)).exclude(
        status=CourseStatus.ENDED)
    contacts = courses.filter(next_contact_due__lt=today).count()
    reviews = Review.objects.filter(course__in=courses.values("pk"), status=ReviewStatus.DUE,
                                    due_date__lt=today).count()
    return contacts, reviews
