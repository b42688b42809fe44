"""The team's follow-up list and the team leader's on-demand sweep."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from mentor.models import Notification
from tests.conftest import People
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import Course

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 2, 9, tzinfo=CPH), tick=False)
    course = right_and_duty_course(people, first_name="Overset", last_name="Borger")
    time_machine.move_to(datetime.datetime(2017, 3, 27, 9, tzinfo=CPH), tick=False)
    return course


def test_the_team_leader_sees_overdue_contacts_and_reviews(client: Client, people: People,
                                                           course: Course) -> None:
    client.force_login(people.team_leader)
    response = client.get(reverse("followup_overview"))
    assert response.context["contacts"].paginator.count == 1
    assert response.context["reviews"].paginator.count == 1
    assert "Overset Borger" in response.content.decode()


def test_a_caseworker_of_another_team_sees_nothing(client: Client, people: People,
                                                   course: Course) -> None:
    client.force_login(people.outsider)
    response = client.get(reverse("followup_overview"))
    assert response.context["contacts"].paginator.count == 0


def test_a_mentor_has_no_follow_up_list(client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    assert client.get(reverse("followup_overview")).status_code == 403


def test_the_team_leader_runs_the_sweep_on_demand(
        client: Client, people: People, course: Course,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    client.force_login(people.team_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followup_run"))
    assert response.status_code == 302
    assert Notification.objects.filter(user=people.caseworker,
                                       dedupe_key__startswith="contact-escalate").exists()


def test_a_caseworker_cannot_run_the_sweep(client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    assert client.post(reverse("followup_run")).status_code == 403
