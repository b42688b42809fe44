"""Reads for the core pages. Query shape is decided here."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Page, Paginator

from mentor.models import Municipality, Notification, PolicyVersion, Role, User


def home_overview(user: User) -> dict[str, Any]:
    """What each of the user's roles sees on the home page."""
    sections: list[str] = [r for r in Role.values if user.has_role(r)]
    if user.is_superuser and Role.ADMINISTRATOR not in sections:
        sections.append(Role.ADMINISTRATOR)
    overview: dict[str, Any] = {"sections": sections}
    if user.has_role(Role.CASEWORKER) or user.has_role(Role.TEAM_LEADER):
        from visitation.models import Referral, ReferralStatus

        overview["draft_referrals"] = Referral.objects.filter(
            created_by=user, status__in=[ReferralStatus.DRAFT, ReferralStatus.RETURNED]).count()
        overview["pending_referrals"] = Referral.objects.filter(
            team_id__in=user.team_ids, status=ReferralStatus.SUBMITTED).exclude(
            created_by=user).count()
    if user.has_role(Role.MENTOR):
        from visitation.models import Course, CourseStatus

        overview["mentor_courses"] = Course.objects.filter(
            mentor__user=user).exclude(status=CourseStatus.ENDED).count()
    return overview


def notifications_page(user: User, page_number: str | None) -> Page[Notification]:
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    return Paginator(qs, 25).get_page(page_number)


def policy_in_force(municipality: Municipality, on: datetime.date) -> PolicyVersion | None:
    return (PolicyVersion.objects.filter(municipality=municipality, effective_from__lte=on)
            .prefetch_related("service_levels").order_by("-effective_from", "-id").first())


def policy_versions(municipality: Municipality) -> list[PolicyVersion]:
    return list(PolicyVersion.objects.filter(municipality=municipality)
                .select_related("created_by").prefetch_related("service_levels")
                .order_by("-effective_from", "-id"))
