"""A complaint's deadline for Ankestyrelsen in the follow-up sweep: the team leaders are
reminded a week before and told once it has passed, once each, and never after the complaint
was re-assessed; the team's follow-up page lists it."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from mentor.models import Notification
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from tests.second_factor import TwoFactorClient as Client
from tests.visitation.complaint_helpers import register
from visitation import tasks
from visitation.models import Course
from visitation.models_complaints import Complaint
from visitation.services import complaints as services

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
RECEIVED = datetime.date(2026, 11, 2)
DEADLINE = RECEIVED + datetime.timedelta(days=28)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


@pytest.fixture
def run_on(time_machine: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def run(day: datetime.date) -> None:
        time_machine.move_to(at(day, 6), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_followup_sweep.delay()
    return run


@pytest.fixture
def complaint(people: People, time_machine: Any) -> Complaint:
    time_machine.move_to(at(RECEIVED - datetime.timedelta(days=30)), tick=False)
    citizen = CitizenFactory(team=people.team, first_name="Klara", last_name="Klagesen")
    course: Course = open_course(citizen=citizen, caseworker=people.caseworker,
                                 mentor=people.mentor, approver=people.team_leader,
                                 decision_date=RECEIVED - datetime.timedelta(days=30),
                                 in_employment_activity=True)
    time_machine.move_to(at(RECEIVED), tick=False)
    return register(people, course, received_on=RECEIVED)


def told(user: Any, code: str) -> int:
    return Notification.objects.filter(user=user, code=code).count()


def test_the_team_leader_is_reminded_a_week_before_the_deadline(
        people: People, complaint: Complaint, run_on: Any) -> None:
    run_on(DEADLINE - datetime.timedelta(days=8))
    assert told(people.team_leader, "complaint_deadline_soon") == 0

    run_on(DEADLINE - datetime.timedelta(days=7))
    run_on(DEADLINE - datetime.timedelta(days=6))

    assert told(people.team_leader, "complaint_deadline_soon") == 1
    assert told(people.caseworker, "complaint_deadline_soon") == 1  # who registered it


def test_a_passed_deadline_is_told_once(people: People, complaint: Complaint,
                                        run_on: Any) -> None:
    run_on(DEADLINE)
    assert told(people.team_leader, "complaint_deadline_passed") == 0

    run_on(DEADLINE + datetime.timedelta(days=1))
    run_on(DEADLINE + datetime.timedelta(days=2))

    assert told(people.team_leader, "complaint_deadline_passed") == 1
    complaint.refresh_from_db()
    assert complaint.overdue_notified_at is not None


def test_a_forwarded_complaint_has_no_deadline_in_the_sweep(
        people: People, complaint: Complaint, run_on: Any, time_machine: Any,
        settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    services.complaint_forward(actor=people.team_leader, complaint=complaint,
                               reason="Afgørelsen fastholdes", forwarded_on=RECEIVED)

    run_on(DEADLINE - datetime.timedelta(days=3))
    run_on(DEADLINE + datetime.timedelta(days=3))

    assert not Notification.objects.filter(code__startswith="complaint_deadline").exists()


def test_the_follow_up_page_lists_the_deadline(people: People, complaint: Complaint,
                                               time_machine: Any) -> None:
    time_machine.move_to(at(DEADLINE + datetime.timedelta(days=1)), tick=False)
    client = Client()
    client.force_login(people.team_leader)

    page = client.get(reverse("followup_overview")).content.decode()

    assert reverse("complaint_detail", args=[complaint.pk]) in page
    assert "Klagesen" in page and "Overskredet" in page


def test_the_follow_up_page_of_another_team_does_not_list_it(
        people: People, complaint: Complaint) -> None:
    client = Client()
    client.force_login(people.outsider)

    page = client.get(reverse("followup_overview")).content.decode()

    assert "Klagesen" not in page
