"""A broker outage loses nothing: tasks that cannot be queued leave their work owed in the
database, and the next sweep catches up (reminders and their emails)."""

import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from pytest_django import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from mentor import tasks as mentor_tasks
from mentor.celery import app as celery_app
from mentor.models import Notification
from tests.conftest import People
from tests.visitation.journal_helpers import first_review, right_and_duty_course
from visitation import tasks
from visitation.models import Course

CPH = ZoneInfo("Europe/Copenhagen")


class SweepOn(Protocol):
    def __call__(self, moment: datetime.datetime, tick: bool = False) -> None: ...


def broker_down(*args: Any, **kwargs: Any) -> None:
    raise ConnectionRefusedError("broker unreachable")


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 2, 9, tzinfo=CPH), tick=False)
    return right_and_duty_course(people)


@pytest.fixture
def sweep_on(time_machine: TimeMachineFixture,
             django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> SweepOn:
    def run(moment: datetime.datetime, tick: bool = False) -> None:
        time_machine.move_to(moment, tick=tick)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_followup_sweep()  # beat's call, in this process
    return run


def test_reminders_that_could_not_be_queued_are_sent_by_the_next_sweep(
        people: People, course: Course, sweep_on: SweepOn, monkeypatch: pytest.MonkeyPatch) -> None:
    review = first_review(course)
    for task in (tasks.send_review_reminder, tasks.send_contact_reminder,
                 tasks.send_contact_escalation, tasks.send_team_digest):
        monkeypatch.setattr(task, "apply_async", broker_down)
    sweep_on(datetime.datetime(2017, 3, 26, 6, 30, tzinfo=CPH))
    review.refresh_from_db()
    assert review.reminded_before_at is None
    assert not Notification.objects.exists()
    monkeypatch.undo()
    sweep_on(datetime.datetime(2017, 3, 27, 6, 30, tzinfo=CPH))
    assert Notification.objects.filter(dedupe_key=f"review-before:{review.pk}",
                                       user=people.mentor_user).count() == 1


def test_emails_that_could_not_be_queued_are_sent_by_the_next_sweep(
        people: People, course: Course, sweep_on: SweepOn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mentor_tasks.deliver_notification, "apply_async", broker_down)
    sweep_on(datetime.datetime(2017, 3, 26, 6, 30, tzinfo=CPH))
    reminder = Notification.objects.get(dedupe_key__startswith="review-before")
    assert reminder.emailed_at is None and mail.outbox == []
    monkeypatch.undo()
    sweep_on(datetime.datetime(2017, 3, 27, 6, 30, tzinfo=CPH))
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None
    assert len([m for m in mail.outbox if "2. april 2017" in m.body]) == 1


def test_an_unreachable_broker_does_not_break_the_sweep(people: People, course: Course,
                                                        sweep_on: SweepOn) -> None:
    conf = celery_app.conf
    saved = {"task_always_eager": conf.task_always_eager, "broker_url": conf.broker_url,
             "broker_transport_options": conf.broker_transport_options}
    conf.update(task_always_eager=False,
                broker_url="amqp://guest:guest@127.0.0.1:1//",  # nothing listens there
                broker_transport_options={"max_retries": 1, "interval_start": 0,
                                          "interval_step": 0.1, "interval_max": 0.1})
    # Drops pooled connections to the previous broker (private: not in Celery's types).
    celery_app._after_fork()  # type: ignore[attr-defined]
    try:  # the clock must run for the connection attempt to fail
        sweep_on(datetime.datetime(2017, 3, 26, 6, 30, tzinfo=CPH), tick=True)
    finally:
        conf.update(saved)
        celery_app._after_fork()  # type: ignore[attr-defined]
    assert not Notification.objects.exists()
    sweep_on(datetime.datetime(2017, 3, 27, 6, 30, tzinfo=CPH))
    assert Notification.objects.filter(dedupe_key__startswith="review-before").count() == 1
