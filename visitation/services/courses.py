"""Course life cycle: open (on approval), extend, end, reassign mentor.

Each function is atomic, checks the transition against ``COURSE_TRANSITIONS`` and writes a
``CourseEvent`` with actor, time and reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from mentor.models import DecisionKind, Mentor, MentorType, Provider, User
from mentor.services import DomainError
from visitation.decisions import review_dates
from visitation.models import (
    COURSE_TRANSITIONS,
    Course,
    CourseEvent,
    CoursePeriod,
    Referral,
    Review,
    ReviewKind,
)

# From this date the law asks that right-and-duty contact be in person (L 66 2015-16).
IN_PERSON_FROM = datetime.date(2016, 1, 1)


def check_course_transition(course: Course, to_status: str) -> None:
    if to_status not in COURSE_TRANSITIONS[course.status]:
        raise DomainError(
            f"Mentorforløbet kan ikke gå fra '{course.get_status_display()}' til "
            f"'{to_status}'.")


def create_reviews(course: Course, period: CoursePeriod, stored_decision: dict[str, Any]) -> None:
    """Review rows from the decision: periodic ones, and the pre-end review last."""
    dates = review_dates(stored_decision)
    Review.objects.bulk_create(
        Review(course=course, period=period, due_date=day,
               kind=ReviewKind.PRE_END if index == len(dates) - 1 else ReviewKind.PERIODIC)
        for index, day in enumerate(dates))


@transaction.atomic
def course_open(*, actor: User, referral: Referral, mentor: Mentor | None,
                provider: Provider, stored_decision: dict[str, Any],
                decision_date: datetime.date) -> Course:
    """Create the course from an approved referral's decision, its first period and reviews.

    Caller holds the referral's row lock and has checked the approval itself.
    """
    kind = stored_decision["kind"]
    if kind == DecisionKind.NOT_ELIGIBLE:
        raise DomainError("Borgeren er ikke omfattet af reglerne om mentorstøtte; "
                          "indstillingen kan ikke godkendes.")
    mentor_type = referral.mentor_type or MentorType.objects.get(
        code=stored_decision["mentor_type"])
    start = datetime.date.fromisoformat(stored_decision["start_date"])
    end = datetime.date.fromisoformat(stored_decision["end_date"])
    target_groups = stored_decision.get("target_groups") or [""]
    course = Course.objects.create(
        citizen=referral.citizen, referral=referral, team=referral.team,
        caseworker=referral.created_by, mentor=mentor, provider=provider,
        mentor_type=mentor_type, target_group=target_groups[0], kind=kind,
        legal_basis=stored_decision["legal_basis"],
        rule_set_version=stored_decision["rule_set_version"], decision_date=decision_date,
        min_contact_days=stored_decision["min_contact_days"],
        in_person_contact_required=(kind == DecisionKind.RIGHT_AND_DUTY
                                    and decision_date >= IN_PERSON_FROM),
        service_level=referral.service_level,
        hours_per_week=Decimal(referral.hours_per_week), start_date=start, end_date=end,
        next_contact_due=(start + datetime.timedelta(days=stored_decision["min_contact_days"])
                          if stored_decision["min_contact_days"] else None),
    )
    period = CoursePeriod.objects.create(
        course=course, number=1, start_date=start, end_date=end, decision=stored_decision,
        rule_set_version=stored_decision["rule_set_version"], created_by=actor)
    create_reviews(course, period, stored_decision)
    CourseEvent.objects.create(course=course, actor=actor, action="opened", to_status=course.status,
                               data={"mentor_id": mentor.pk if mentor else None,
                                     "provider_id": provider.pk})
    return course
