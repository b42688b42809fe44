"""A citizen with a decided case to complain about: an approved referral and its course."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from mentor.models import Citizen
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation.models import Course, Referral
from visitation.models_complaints import Complaint
from visitation.selectors_complaints import citizen_decisions
from visitation.services import complaints as services


def decided_course(people: People, *, citizen: Citizen | None = None,
                   days_ago: int = 20) -> Course:
    citizen = citizen or CitizenFactory(team=people.team, first_name="Klara",
                                        last_name="Klagesen")
    course: Course = open_course(
        citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
        approver=people.team_leader,
        decision_date=timezone.localdate() - datetime.timedelta(days=days_ago),
        in_employment_activity=True)
    # Decided on the decision date, as approval would have done then.
    decided = timezone.now() - datetime.timedelta(days=days_ago)
    Referral.objects.filter(pk=course.referral_id).update(decided_at=decided)
    return course


def grant(citizen: Citizen) -> Any:
    """The grant (the approved referral) among the citizen's decisions."""
    return next(ref for ref in citizen_decisions(citizen) if ref.kind == "grant")


def register(people: People, course: Course, *, received_on: datetime.date | None = None,
             text: str = "Jeg er uenig i antallet af timer.") -> Complaint:
    return services.complaint_register(
        actor=people.caseworker, citizen=course.citizen, decision=grant(course.citizen),
        received_on=received_on or timezone.localdate(), channel="letter", text=text)
