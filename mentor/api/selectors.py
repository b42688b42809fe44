"""What a client may reach: a provider its own open courses, a case system its municipality's
decisions and courses. Anything else answers 404, as on the pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from mentor import cpr
from mentor.models import AccessAction, AccessLog, Citizen
from mentor.models_api import ApiClient, ApiEvent
from visitation.models import (
    Course,
    CourseEvent,
    CourseStatus,
    JournalEntry,
    Referral,
    ReferralGoal,
    ReferralStatus,
    Review,
)

DECIDED = (ReferralStatus.APPROVED, ReferralStatus.REJECTED)


def provider_courses(client: ApiClient) -> QuerySet[Course]:
    """The provider's open courses of citizens who are not anonymised."""
    if client.provider_id is None:
        return Course.objects.none()
    return (Course.objects.filter(provider_id=client.provider_id,
                                  team__municipality_id=client.municipality_id,
                                  citizen__anonymised_at__isnull=True)
            .exclude(status=CourseStatus.ENDED)
            .select_related("citizen", "mentor", "mentor_type")
            .prefetch_related(Prefetch("reviews", queryset=Review.objects.order_by("due_date", "id")),
                              Prefetch("referral__goals",
                                       queryset=ReferralGoal.objects.order_by("order", "id")))
            .order_by("id"))


def provider_course(client: ApiClient, pk: int) -> Course:
    try:
        return provider_courses(client).get(pk=pk)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


def provider_entry(client: ApiClient, pk: int) -> JournalEntry:
    try:
        return JournalEntry.objects.select_related("course").get(
            pk=pk, course__in=provider_courses(client).values("pk"))
    except JournalEntry.DoesNotExist as exc:
        raise Http404 from exc


def provider_review(client: ApiClient, pk: int) -> Review:
    try:
        return Review.objects.select_related("course__citizen").get(
            pk=pk, course__in=provider_courses(client).values("pk"))
    except Review.DoesNotExist as exc:
        raise Http404 from exc


def case_courses(client: ApiClient) -> QuerySet[Course]:
    return (Course.objects.filter(team__municipality_id=client.municipality_id,
                                  citizen__anonymised_at__isnull=True)
            .select_related("citizen", "mentor", "provider", "mentor_type", "team")
            .order_by("id"))


def case_course(client: ApiClient, pk: int) -> Course:
    try:
        return case_courses(client).get(pk=pk)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


def course_events(course: Course) -> QuerySet[CourseEvent]:
    return CourseEvent.objects.filter(course=course).order_by("at", "id")


def case_decisions(client: ApiClient) -> QuerySet[Referral]:
    return (Referral.objects.filter(team__municipality_id=client.municipality_id,
                                    status__in=DECIDED, citizen__anonymised_at__isnull=True)
            .select_related("citizen", "team", "mentor_type", "course")
            .order_by("id"))


def case_decision(client: ApiClient, pk: int) -> Referral:
    try:
        return case_decisions(client).get(pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


def case_events(client: ApiClient, *, after: int, limit: int) -> list[ApiEvent]:
    return list(ApiEvent.objects.filter(municipality_id=client.municipality_id, id__gt=after)
                .order_by("id")[:limit])


def case_citizen_by_cpr(client: ApiClient, number: str) -> Citizen:
    """The municipality's citizen with this CPR number (404 for anyone else's or none)."""
    try:
        digests = cpr.search_hashes(number)
    except cpr.InvalidCpr as exc:
        raise Http404 from exc
    try:
        return Citizen.objects.select_related("team").get(
            cpr_hash__in=digests, team__municipality_id=client.municipality_id,
            anonymised_at__isnull=True)
    except Citizen.DoesNotExist as exc:
        raise Http404 from exc


def log_reads(client: ApiClient, citizen_ids: list[int] | set[int], what: str,
              action: str = AccessAction.VIEW) -> None:
    """One access-log row per citizen read, under the client's system user."""
    rows = [AccessLog(user=client.user, citizen_id=citizen_id, action=action,
                      what=f"API ({client.name}): {what}"[:200])
            for citizen_id in sorted(set(citizen_ids))]
    AccessLog.objects.bulk_create(rows)
