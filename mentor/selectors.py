"""Reads for the core pages. Query shape is decided here."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Page, Paginator

from mentor.models import (
    Municipality,
    Notification,
    PolicyVersion,
    Role,
    SavedFilter,
    Team,
    User,
)
from mentor.permissions import does_case_work, follows_own_courses_only, may_use_mentor_workspace


def home_overview(user: User, *, today: datetime.date) -> dict[str, Any]:
    """What each of the user's roles sees on the home page: counts that ask for action."""
    sections: list[str] = [r for r in Role.values if r in user.roles]
    if user.is_superuser and Role.ADMINISTRATOR not in sections:
        sections.append(Role.ADMINISTRATOR)
    overview: dict[str, Any] = {"sections": sections}
    if does_case_work(user):
        from visitation.models import Course, CourseStatus, Referral, ReferralStatus, Review

        overview["draft_referrals"] = Referral.objects.filter(
            created_by=user, status__in=[ReferralStatus.DRAFT, ReferralStatus.RETURNED]).count()
        overview["returned_referrals"] = Referral.objects.filter(
            created_by=user, status=ReferralStatus.RETURNED).count()
        overview["pending_referrals"] = Referral.objects.filter(
            team_id__in=user.team_ids, status=ReferralStatus.SUBMITTED).exclude(
            created_by=user).count()
        open_courses = Course.objects.filter(team_id__in=user.team_ids).exclude(
            status=CourseStatus.ENDED)
        if follows_own_courses_only(user):
            open_courses = open_courses.filter(caseworker=user)
        overview["overdue_contacts"] = open_courses.filter(next_contact_due__lt=today).count()
        overview["overdue_reviews"] = Review.objects.filter(
            course__in=open_courses, status="due", due_date__lt=today).count()
    if may_use_mentor_workspace(user):
        from visitation.models import Course, CourseStatus

        mine = Course.objects.filter(mentor__user=user).exclude(status=CourseStatus.ENDED)
        overview["mentor_courses"] = mine.count()
        overview["mentor_overdue_contacts"] = mine.filter(next_contact_due__lt=today).count()
    return overview


def notifications_page(user: User, page_number: str | None) -> Page[Notification]:
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return Paginator(qs, 25).get_page(page_number)


def policy_in_force(municipality: Municipality, on: datetime.date) -> PolicyVersion | None:
    """The version in force on ``on``, with its service levels (cached until a policy is
    written: ``docs/caching.md``)."""
    from mentor import caching

    def load() -> PolicyVersion | None:
        version = (PolicyVersion.objects.filter(municipality=municipality, effective_from__lte=on)
                   .prefetch_related("service_levels").order_by("-effective_from", "-id")
                   .first())
        if version is not None:
            list(version.service_levels.all())  # into the prefetch cache, pickled with it
        return version

    return caching.cached(f"policy:{municipality.pk}:{on.isoformat()}", load,
                          versions=[caching.POLICY], ttl=caching.REFERENCE_TTL)


def team_names() -> dict[int, str]:
    """Every team's name by id, from the cache until a team is written (``docs/caching.md``):
    lists that show a row's team need not join the team table."""
    from mentor import caching

    return caching.cached("team-names", lambda: dict(Team.objects.values_list("id", "name")),
                          versions=[caching.TEAMS], ttl=caching.REFERENCE_TTL)


def policy_versions(municipality: Municipality) -> list[PolicyVersion]:
    return list(PolicyVersion.objects.filter(municipality=municipality)
                .select_related("created_by").prefetch_related("service_levels")
                .order_by("-effective_from", "-id"))


def saved_filters(user: User, list_name: str) -> list[SavedFilter]:
    """The user's saved filters of one list, by name."""
    return list(SavedFilter.objects.filter(user=user, list_name=list_name)
                .only("pk", "list_name", "name", "query").order_by("name", "pk"))


def saved_filter_for_user(user: User, pk: int) -> SavedFilter:
    """One of the user's own saved filters; 404 for anyone else's."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(SavedFilter, pk=pk, user=user)
