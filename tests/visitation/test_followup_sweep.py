"""The follow-up sweep, travelling in time: reminders on the right days, escalation to the
caseworker, the team leaders' weekly digest, and one reminder however often it runs."""

import datetime
import io
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from mentor.models import Notification
from tests.conftest import People
from tests.visitation.journal_helpers import first_review, meeting, right_and_duty_course
from visitation import tasks
from visitation.models import Course, CourseStatus, Review
from visitation.services.followup import sweep
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
RunOn = Callable[[datetime.date], None]  # the sweep as beat starts it on that day


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    # Decided 2 March 2017: contact due 16 March, first review 2 April.
    time_machine.move_to(datetime.datetime(2017, 3, 2, 9, tzinfo=CPH), tick=False)
    return right_and_duty_course(people)


@pytest.fixture
def run_on(time_machine: TimeMachineFixture,
           django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> RunOn:
    def run(day: datetime.date) -> None:
        time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 6, 30,
                                               tzinfo=CPH), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_followup_sweep.delay()
    return run


def keys(prefix: str) -> list[str | None]:
    return list(Notification.objects.filter(dedupe_key__startswith=prefix)
                .order_by("id").values_list("dedupe_key", flat=True))


def test_the_mentor_is_reminded_seven_days_before_a_review(people: People, course: Course,
                                                           run_on: RunOn) -> None:
    review = first_review(course)
    run_on(datetime.date(2017, 3, 25))
    assert keys("review-before") == []
    run_on(datetime.date(2017, 3, 26))
    notification = Notification.objects.get(dedupe_key=f"review-before:{review.pk}")
    assert notification.user == people.mentor_user
    assert "2. april 2017" in notification.message
    assert notification.url == f"/reviews/{review.pk}/"


def test_the_mentor_is_reminded_on_the_day(people: People, course: Course, run_on: RunOn) -> None:
    review = first_review(course)
    run_on(datetime.date(2017, 4, 2))
    notification = Notification.objects.get(dedupe_key=f"review-on_day:{review.pk}")
    assert notification.user == people.mentor_user
    assert "i dag" in notification.message


def test_an_overdue_review_is_escalated_to_the_caseworker(people: People, course: Course,
                                                          run_on: RunOn) -> None:
    review = first_review(course)
    run_on(datetime.date(2017, 4, 2))
    assert keys("review-escalate") == []
    run_on(datetime.date(2017, 4, 3))
    notification = Notification.objects.get(dedupe_key=f"review-escalate:{review.pk}")
    assert notification.user == people.caseworker
    assert "overskredet" in notification.message


def test_contact_is_reminded_before_the_due_date_and_escalated_after_it(
        people: People, course: Course, run_on: RunOn) -> None:
    run_on(datetime.date(2017, 3, 13))
    assert keys("contact-") == []
    run_on(datetime.date(2017, 3, 14))
    assert Notification.objects.get(dedupe_key__startswith="contact-remind").user == \
        people.mentor_user
    run_on(datetime.date(2017, 3, 16))
    assert keys("contact-escalate") == []
    run_on(datetime.date(2017, 3, 17))
    escalation = Notification.objects.get(dedupe_key__startswith="contact-escalate")
    assert escalation.user == people.caseworker
    assert "16. marts 2017" in escalation.message


def test_a_new_contact_starts_a_new_reminder_cycle(people: People, course: Course, run_on: RunOn,
                                                   time_machine: TimeMachineFixture) -> None:
    run_on(datetime.date(2017, 3, 14))
    time_machine.move_to(datetime.datetime(2017, 3, 15, 12, tzinfo=CPH), tick=False)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 15)))
    run_on(datetime.date(2017, 3, 17))
    assert keys("contact-escalate") == []
    run_on(datetime.date(2017, 3, 27))
    assert keys("contact-remind") == [f"contact-remind:{course.pk}:2017-03-16",
                                      f"contact-remind:{course.pk}:2017-03-29"]


def test_two_sweeps_send_one_reminder(people: People, course: Course, run_on: RunOn) -> None:
    run_on(datetime.date(2017, 3, 26))
    run_on(datetime.date(2017, 3, 26))
    assert len(keys("review-before")) == 1
    assert len([m for m in mail.outbox if "forfalder den 2. april 2017" in m.body]) == 1


def test_a_retried_task_sends_one_reminder(
        people: People, course: Course, time_machine: TimeMachineFixture,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    review = first_review(course)
    time_machine.move_to(datetime.datetime(2017, 3, 26, 7, tzinfo=CPH), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_review_reminder.delay(review.pk, "before", "2017-03-26").get()
        second = tasks.send_review_reminder.delay(review.pk, "before", "2017-03-26").get()
    assert (first, second) == (True, False)
    assert Notification.objects.filter(user=people.mentor_user,
                                       dedupe_key__startswith="review-before").count() == 1


def test_the_team_leader_gets_one_digest_a_week(people: People, course: Course,
                                                run_on: RunOn) -> None:
    run_on(datetime.date(2017, 3, 20))  # a Monday; the contact due 16 March is overdue
    digest = Notification.objects.get(user=people.team_leader)
    assert digest.dedupe_key == f"digest:{people.team_leader.pk}:2017-W12"
    assert "1 overskredne kontakter" in digest.message
    run_on(datetime.date(2017, 3, 21))
    assert Notification.objects.filter(user=people.team_leader).count() == 1
    run_on(datetime.date(2017, 3, 27))
    assert Notification.objects.filter(user=people.team_leader).count() == 2


def test_no_digest_when_nothing_is_overdue(people: People, course: Course, run_on: RunOn) -> None:
    run_on(datetime.date(2017, 3, 6))
    assert not Notification.objects.filter(user=people.team_leader).exists()


def test_an_ended_course_gets_no_reminders(people: People, course: Course, run_on: RunOn) -> None:
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.ENDED,
                                               ended_on=datetime.date(2017, 3, 10))
    run_on(datetime.date(2017, 4, 3))
    assert not Notification.objects.filter(user__in=[people.mentor_user,
                                                     people.caseworker]).exists()


def test_a_late_sweep_catches_up_with_the_day_and_the_escalation(people: People, course: Course,
                                                                  run_on: RunOn) -> None:
    review = first_review(course)
    run_on(datetime.date(2017, 4, 5))
    review.refresh_from_db()
    assert review.reminded_on_day_at is not None and review.escalated_at is not None
    assert review.reminded_before_at is None  # too late to warn ahead


def test_the_command_runs_the_sweep_in_process(
        people: People, course: Course, time_machine: TimeMachineFixture,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 26, 7, tzinfo=CPH), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("followup_sweep", stdout=io.StringIO())
    assert len(keys("review-before")) == 1


def test_the_sweep_reports_what_it_found(course: Course, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 26, 7, tzinfo=CPH), tick=False)
    result = sweep(inline=True)
    assert (result.review_reminders, result.contact_reminders,
            result.contact_escalations) == (1, 1, 1)
    assert Review.objects.filter(reminded_before_at__isnull=False).count() == 1


def test_the_daily_sweep_is_registered_with_beat_in_copenhagen_time(db: None) -> None:
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="visitation.tasks.run_followup_sweep")
    assert task.enabled
    assert str(task.crontab.timezone) == "Europe/Copenhagen"
    assert (task.crontab.hour, task.crontab.minute) == ("6", "30")
