"""A team with caseloads to hand over: courses of the people fixture's mentor and caseworker,
and mentors who could (or could not) take them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from mentor.models import Mentor, Role, User
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, certify, open_course
from visitation.models import Course


def team_course(people: People, *, hours: Decimal = Decimal("2"), mentor: Mentor | None = None,
                caseworker: User | None = None, team: object = None) -> Course:
    """An open offer course (general employment activity) in the people's team."""
    caseworker = caseworker or people.caseworker
    citizen = CitizenFactory(team=team or people.team, caseworker=caseworker)
    return open_course(citizen=citizen, caseworker=caseworker,
                       mentor=people.mentor if mentor is None else mentor,
                       approver=people.team_leader,
                       decision_date=timezone.localdate() - datetime.timedelta(days=10),
                       hours_per_week=hours, in_employment_activity=True)


def receiver(people: People, *, name: str, capacity: str = "10", codes: tuple[str, ...] = (),
             with_login: bool = True) -> Mentor:
    """A mentor of the municipality certified for ``codes`` with ``capacity`` hours a week."""
    user = UserFactory(first_name=name, roles=[Role.MENTOR]) if with_login else None
    mentor = MentorFactory(user=user, name=f"{name} Mentor", weekly_capacity_hours=Decimal(capacity),
                           provider__municipality=people.municipality)
    if codes:
        certify(mentor, *codes, granted_by=people.manager)
    return mentor


def second_caseworker(people: People, name: str = "Karim") -> User:
    return UserFactory(first_name=name, roles=[Role.CASEWORKER], teams=[people.team])
