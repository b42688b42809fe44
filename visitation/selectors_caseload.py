"""Reads for running a team: each mentor's and caseworker's caseload in the team, and what a
handover page offers (the courses, the mentors certified for each, their capacity).

Every read is a fixed number of queries, whatever the team's size (aggregates in the
database, candidates matched in Python). Dates are passed in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from mentor.models import Certification, Citizen, Mentor, Role, Team, User
from visitation.models import Course, CourseStatus, Referral, Review, ReviewStatus
from visitation.selectors_referrals import mentors_with_load
from visitation.services.team import OPEN_REFERRAL_STATUSES

OPEN = (CourseStatus.ACTIVE, CourseStatus.EXTENDED)
ZERO_HOURS = Value(Decimal("0"), output_field=DecimalField(max_digits=7, decimal_places=1))

# Sortable columns: the key in the URL and what it orders by (ties by name, then id).
MENTOR_SORTS: dict[str, str] = {
    "name": "name", "provider": "provider__name", "courses": "team_courses",
    "hours": "team_hours", "load": "load", "capacity": "weekly_capacity_hours",
    "free": "capacity_left", "contacts": "overdue_contacts", "reviews": "overdue_reviews",
}
CASEWORKER_SORTS: dict[str, str] = {
    "name": "first_name", "citizens": "open_citizens", "referrals": "open_referrals",
    "courses": "open_courses", "contacts": "overdue_contacts",
}


def _ordering(sort: str, allowed: dict[str, str], default: str,
              tie: tuple[str, ...]) -> tuple[str, list[str]]:
    """The (validated) sort key as the URL should show it and the ``order_by`` fields."""
    key = sort.lstrip("-")
    if key not in allowed:
        sort, key = default, default
    prefix = "-" if sort.startswith("-") else ""
    return sort, [f"{prefix}{allowed[key]}", *tie]


def _count(qs: QuerySet[Any], column: str) -> Coalesce:
    """The number of ``qs``'s rows whose ``column`` is the outer row, as a subquery."""
    return Coalesce(Subquery(qs.values(column).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), 0)


# --- The caseloads page --------------------------------------------------------------------


def mentor_caseloads(team: Team, *, today: datetime.date, sort: str = "name"
                     ) -> tuple[str, list[Mentor]]:
    """The mentors with open courses in ``team``: annotated ``team_courses``, ``team_hours``
    (granted hours per week in the team), ``load`` and ``capacity_left`` (over all their open
    courses: capacity is the mentor's, not the team's), ``overdue_contacts`` and
    ``overdue_reviews`` (in the team, as the follow-up list counts them)."""
    in_team = Q(courses__team=team, courses__status__in=OPEN)
    reviews = Review.objects.filter(course__mentor=OuterRef("pk"), course__team=team,
                                    course__status__in=OPEN, status=ReviewStatus.DUE,
                                    due_date__lt=today)
    sort, order = _ordering(sort, MENTOR_SORTS, "name", ("name", "pk"))
    mentors = (mentors_with_load()
               .filter(pk__in=Course.objects.filter(team=team, status__in=OPEN)
                       .values("mentor_id"))
               .annotate(team_courses=Count("courses", filter=in_team),
                         team_hours=Coalesce(Sum("courses__hours_per_week", filter=in_team),
                                             ZERO_HOURS),
                         overdue_contacts=Count("courses", filter=in_team & Q(
                             courses__next_contact_due__lt=today)),
                         overdue_reviews=_count(reviews, "course__mentor"))
               .select_related("provider").order_by(*order))
    return sort, list(mentors)


def caseworker_caseloads(team: Team, *, today: datetime.date, sort: str = "name"
                         ) -> tuple[str, list[User]]:
    """The team's caseworkers, and anyone else still holding citizens, open referrals or open
    courses in it (a caseworker who has left): annotated ``open_citizens``,
    ``open_referrals``, ``open_courses`` and ``overdue_contacts``."""
    citizens = Citizen.objects.filter(team=team, caseworker=OuterRef("pk"),
                                      anonymised_at__isnull=True)
    referrals = Referral.objects.filter(team=team, created_by=OuterRef("pk"),
                                        status__in=OPEN_REFERRAL_STATUSES)
    courses = Course.objects.filter(team=team, caseworker=OuterRef("pk"), status__in=OPEN)
    sort, order = _ordering(sort, CASEWORKER_SORTS, "name", ("first_name", "last_name", "pk"))
    users = (_caseload_holders(team)
             .annotate(open_citizens=_count(citizens, "caseworker"),
                       open_referrals=_count(referrals, "created_by"),
                       open_courses=_count(courses, "caseworker"),
                       overdue_contacts=_count(courses.filter(next_contact_due__lt=today),
                                               "caseworker"))
             .order_by(*order))
    return sort, list(users)


# --- The handover pages --------------------------------------------------------------------


@dataclass
class CourseChoice:
    """One course of the mentor who hands over, and the mentors who could take it."""

    course: Course
    candidates: list[Mentor] = field(default_factory=list)


@dataclass
class MentorHandover:
    mentor: Mentor  # annotated with load and capacity_left
    rows: list[CourseChoice]
    receivers: list[Mentor]  # every candidate once, with load and capacity_left


def mentor_handover(team: Team, mentor: Mentor) -> MentorHandover:
    """``mentor``'s open courses in ``team``, each with the active mentors of the municipality
    certified for its mentor type (not ``mentor``), with their capacity."""
    courses = list(Course.objects.filter(team=team, mentor=mentor, status__in=OPEN)
                   .select_related("citizen", "mentor_type", "caseworker")
                   .order_by("citizen__last_name", "citizen__first_name", "pk"))
    types = {course.mentor_type_id for course in courses}
    certified = set(Certification.objects.filter(
        mentor_type_id__in=types, mentor__active=True, mentor__provider__active=True,
        mentor__provider__municipality=team.municipality_id).exclude(mentor=mentor)
        .values_list("mentor_id", "mentor_type_id"))
    receivers = list(mentors_with_load().filter(pk__in={m for m, _t in certified})
                     .select_related("provider").order_by("name", "pk"))
    rows = [CourseChoice(course, [m for m in receivers
                                  if (m.pk, course.mentor_type_id) in certified])
            for course in courses]
    loaded = mentors_with_load().select_related("provider").get(pk=mentor.pk)
    return MentorHandover(mentor=loaded, rows=rows, receivers=receivers)


@dataclass
class CaseworkerHandover:
    caseworker: User
    citizens: list[Citizen]
    referrals: list[Referral]
    courses: list[Course]
    receivers: list[User]


def caseworker_handover(team: Team, caseworker: User) -> CaseworkerHandover:
    """``caseworker``'s citizens, open referrals and open courses in ``team``, and the team's
    other active caseworkers, who may take them."""
    return CaseworkerHandover(
        caseworker=caseworker,
        citizens=list(Citizen.objects.filter(team=team, caseworker=caseworker,
                                             anonymised_at__isnull=True)
                      .order_by("last_name", "first_name", "pk")),
        referrals=list(Referral.objects.filter(team=team, created_by=caseworker,
                                               status__in=OPEN_REFERRAL_STATUSES)
                       .select_related("citizen").order_by("-updated_at", "-pk")),
        courses=list(Course.objects.filter(team=team, caseworker=caseworker, status__in=OPEN)
                     .select_related("citizen", "mentor").order_by("end_date", "pk")),
        receivers=list(User.objects.filter(teams=team, groups__name=Role.CASEWORKER,
                                           is_active=True).exclude(pk=caseworker.pk)
                       .order_by("first_name", "last_name", "pk")))


def mentor_in_team(team: Team, pk: int) -> Mentor | None:
    """A mentor with open courses in ``team`` (whose caseload the team leader may hand over)."""
    return (Mentor.objects.filter(pk=pk, courses__team=team, courses__status__in=OPEN)
            .select_related("provider").distinct().first())


def caseworker_in_team(team: Team, pk: int) -> User | None:
    """A caseworker of ``team``, or a user still holding cases in it."""
    return _caseload_holders(team).filter(pk=pk).first()


def _caseload_holders(team: Team) -> QuerySet[User]:
    """The team's active caseworkers and whoever holds its citizens, open referrals or open
    courses."""
    return User.objects.filter(
        Q(pk__in=User.objects.filter(teams=team, groups__name=Role.CASEWORKER, is_active=True)
          .values("pk"))
        | Q(pk__in=Citizen.objects.filter(team=team, anonymised_at__isnull=True)
            .values("caseworker_id"))
        | Q(pk__in=Referral.objects.filter(team=team, status__in=OPEN_REFERRAL_STATUSES)
            .values("created_by_id"))
        | Q(pk__in=Course.objects.filter(team=team, status__in=OPEN).values("caseworker_id")))
