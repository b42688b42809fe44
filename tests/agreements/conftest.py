"""Fixtures for agreements: a municipality policy with complaint guidance, and a course whose
referral holds goals and mentor tasks, so that a draft is complete from the start."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from agreements import services
from agreements.models import Agreement
from mentor.models import MentorTask, PolicyVersion
from mentor.services import DEFAULT_COMPLAINT_GUIDANCE, DEFAULT_LEVELS, policy_version_create
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation.models import Course, ReferralGoal

TODAY = datetime.date(2017, 3, 10)


def stored_pdf(agreement: Agreement) -> bytes:
    """The PDF stored on an issued version (a draft has none)."""
    assert agreement.pdf is not None, "a draft has no PDF"
    return bytes(agreement.pdf)


@pytest.fixture(autouse=True)
def _today(request: pytest.FixtureRequest) -> Iterator[None]:
    """Agreements are dated; the tests live on a fixed day inside the course's first period.
    Browser tests stay in the present: the browser would drop a session cookie from 2017."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(datetime.datetime(2017, 3, 10, 10, 0,
                                               tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def policy(people: People) -> PolicyVersion:
    return policy_version_create(
        actor=people.administrator, municipality=people.municipality, name="Serviceniveau",
        effective_from=datetime.date(2014, 1, 1), right_and_duty_contact_days=None,
        review_lead_days=14, complaint_guidance=DEFAULT_COMPLAINT_GUIDANCE,
        levels=DEFAULT_LEVELS)


def make_course(people: People, **citizen_fields: Any) -> Course:
    citizen = CitizenFactory(team=people.team, first_name="Søren", last_name="Ærø-Åberg",
                             benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False, **citizen_fields)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2017, 3, 2),
                         service_level=2, hours_per_week=Decimal("1.5"))
    ReferralGoal.objects.create(referral=course.referral, order=1,
                                description="Borgeren møder stabilt op i sit tilbud",
                                measure="Fremmøde registreret hver uge")
    course.referral.tasks.add(*MentorTask.objects.order_by("name")[:2])
    return course


@pytest.fixture
def course(people: People, policy: PolicyVersion) -> Course:
    return make_course(people)


@pytest.fixture
def draft(people: People, course: Course) -> Agreement:
    return services.agreement_draft_open(actor=people.caseworker, course=course)


@pytest.fixture
def issued(people: People, draft: Agreement) -> Agreement:
    return services.agreement_issue(actor=people.caseworker, agreement=draft)
