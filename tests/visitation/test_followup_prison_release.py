"""Release from prison: when the citizen's release date arrives, the follow-up sweep gives
the caseworker one task to assess the need for a mentor, shown on the team's follow-up page."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from mentor.models import Notification, Role
from tests.factories import CitizenFactory, UserFactory, submitted_referral
from visitation import tasks
from visitation.models import FollowUpTask, FollowUpTaskKind

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date
RELEASE = D(2026, 12, 1)


@pytest.fixture
def run_on(time_machine: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def run(day: datetime.date) -> None:
        time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 6, 30,
                                               tzinfo=CPH), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_followup_sweep.delay()
    return run


@pytest.fixture
def inmate(people: Any, time_machine: Any) -> Any:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, tzinfo=CPH), tick=False)
    citizen = CitizenFactory(team=people.team, benefit="none", prison_release_date=RELEASE,
                             created_by=people.caseworker)
    return citizen


def test_the_task_appears_once_on_the_release_date(people: Any, inmate: Any, run_on: Any
                                                   ) -> None:
    run_on(RELEASE - datetime.timedelta(days=1))
    assert not FollowUpTask.objects.exists()

    run_on(RELEASE)
    run_on(RELEASE)
    run_on(RELEASE + datetime.timedelta(days=1))

    task = FollowUpTask.objects.get()
    assert (task.citizen, task.kind, task.due_date) == (
        inmate, FollowUpTaskKind.PRISON_RELEASE, RELEASE)
    assert task.caseworker == people.caseworker
    assert Notification.objects.filter(user=people.caseworker,
                                       dedupe_key__startswith="prison-release:").count() == 1


def test_the_caseworker_who_filed_the_latest_referral_gets_it(people: Any, inmate: Any,
                                                               run_on: Any) -> None:
    colleague = UserFactory(username="kollega", roles=[Role.CASEWORKER], teams=[people.team])
    submitted_referral(citizen=inmate, caseworker=colleague)

    run_on(RELEASE)

    assert FollowUpTask.objects.get().caseworker_id == colleague.pk


def test_a_release_date_moved_later_gives_a_new_task(inmate: Any, run_on: Any) -> None:
    run_on(RELEASE)
    inmate.prison_release_date = D(2027, 1, 5)
    inmate.save()

    run_on(D(2027, 1, 5))

    assert FollowUpTask.objects.count() == 2


def test_a_release_long_ago_makes_no_task(people: Any, run_on: Any) -> None:
    CitizenFactory(team=people.team, prison_release_date=D(2026, 1, 1))

    run_on(RELEASE)

    assert not FollowUpTask.objects.exists()


def test_the_follow_up_page_lists_the_task_and_the_caseworker_marks_it(
        client: Client, people: Any, inmate: Any, run_on: Any) -> None:
    run_on(RELEASE)
    task = FollowUpTask.objects.get()
    client.force_login(people.caseworker)

    body = client.get("/followup/").content.decode()
    assert "Løsladelse: vurder behovet for en mentor" in body
    assert inmate.full_name in body

    client.post(f"/followup/tasks/{task.pk}/done/")

    task.refresh_from_db()
    assert task.done_by == people.caseworker
    assert "Løsladelse: vurder" not in client.get("/followup/").content.decode()


def test_a_caseworker_of_another_team_neither_sees_nor_marks_it(
        client: Client, people: Any, inmate: Any, run_on: Any) -> None:
    run_on(RELEASE)
    task = FollowUpTask.objects.get()
    client.force_login(people.outsider)

    assert "Løsladelse: vurder" not in client.get("/followup/").content.decode()
    assert client.post(f"/followup/tasks/{task.pk}/done/").status_code == 404
