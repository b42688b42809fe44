"""The citizen's situation 3 and 6 months after a course: ending the course makes the
caseworker's two tasks, the follow-up sweep tells the caseworker when each falls due (once),
and the caseworker records the situation on a small form."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from mentor.models import AccessLog, Notification
from mentor.services import DomainError
from tests.conftest import People
from tests.reporting.helpers import retention
from visitation import tasks
from visitation.models import (
    Course,
    CourseEvent,
    FollowUpTask,
    FollowUpTaskKind,
    Situation,
)
from visitation.services.courses import course_end
from visitation.services.followup import (
    followup_task_complete,
    situation_record,
    situation_tasks_create,
)

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date
ENDED = D(2026, 3, 31)
THREE, SIX = D(2026, 6, 30), D(2026, 9, 30)


def travel(time_machine: Any, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=CPH),
                         tick=False)


@pytest.fixture
def run_on(time_machine: Any, django_capture_on_commit_callbacks: Any) -> Any:
    def run(day: datetime.date) -> None:
        time_machine.move_to(datetime.datetime(day.year, day.month, day.day, 6, 30,
                                               tzinfo=CPH), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.run_followup_sweep.delay()
    return run


@pytest.fixture
def ended(people: People, time_machine: Any) -> Course:
    """An offer course that the caseworker ended on 31 March 2026 (job)."""
    travel(time_machine, D(2026, 1, 5))
    course = retention(people, D(2026, 1, 5))
    travel(time_machine, ENDED)
    return course_end(actor=people.caseworker, course=course, reason="job", ended_on=ENDED,
                      outcome="job")


def situation_tasks() -> list[FollowUpTask]:
    return list(FollowUpTask.objects.filter(course__isnull=False).order_by("due_date"))


def test_ending_a_course_makes_the_3_and_6_month_tasks(people: People, ended: Course) -> None:
    three, six = situation_tasks()
    assert (three.kind, three.due_date) == (FollowUpTaskKind.SITUATION_3_MONTHS, THREE)
    assert (six.kind, six.due_date) == (FollowUpTaskKind.SITUATION_6_MONTHS, SIX)
    assert {t.caseworker for t in (three, six)} == {people.caseworker}
    assert {(t.course_id, t.citizen_id, t.team_id) for t in (three, six)} == {
        (ended.pk, ended.citizen_id, ended.team_id)}


def test_the_tasks_are_made_once(ended: Course) -> None:
    assert situation_tasks_create(course=ended) == 0
    assert len(situation_tasks()) == 2


def test_the_sweep_tells_the_caseworker_once_when_each_falls_due(
        people: People, ended: Course, run_on: Any) -> None:
    def told() -> int:
        return Notification.objects.filter(user=people.caseworker,
                                           dedupe_key__startswith="situation:").count()

    run_on(THREE - datetime.timedelta(days=1))
    assert told() == 0
    run_on(THREE)
    run_on(THREE)
    run_on(THREE + datetime.timedelta(days=1))
    assert told() == 1
    run_on(SIX)
    run_on(SIX + datetime.timedelta(days=3))
    assert told() == 2
    texts = {n.text for n in Notification.objects.filter(dedupe_key__startswith="situation:")}
    assert any("situation 3 måneder efter mentorforløb" in text for text in texts)


def test_the_sweep_makes_the_tasks_of_a_course_ended_without_them(
        people: People, time_machine: Any, run_on: Any) -> None:
    travel(time_machine, D(2026, 1, 5))
    course = retention(people, D(2026, 1, 5))
    Course.objects.filter(pk=course.pk).update(status="ended", ended_on=ENDED, outcome="job")

    run_on(ENDED + datetime.timedelta(days=2))
    run_on(ENDED + datetime.timedelta(days=3))

    assert [t.due_date for t in situation_tasks()] == [THREE, SIX]


def test_the_follow_up_page_lists_a_task_from_its_date(client: Client, people: People,
                                                        ended: Course, time_machine: Any
                                                        ) -> None:
    travel(time_machine, THREE - datetime.timedelta(days=1))
    client.force_login(people.caseworker)
    assert "registrér situationen" not in client.get("/followup/").content.decode()
    travel(time_machine, THREE)
    client.force_login(people.caseworker)  # a new day, a new session
    body = client.get("/followup/").content.decode()
    assert "3 måneder efter forløbet: registrér situationen" in body
    assert "6 måneder efter" not in body
    assert f"/followup/tasks/{situation_tasks()[0].pk}/situation/" in body


def test_the_caseworker_records_the_situation(client: Client, people: People, ended: Course,
                                              time_machine: Any) -> None:
    travel(time_machine, THREE)
    task = situation_tasks()[0]
    client.force_login(people.caseworker)
    page = client.get(f"/followup/tasks/{task.pk}/situation/")
    assert "I beskæftigelse" in page.content.decode()

    response = client.post(f"/followup/tasks/{task.pk}/situation/", {"situation": "employed"})

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.situation, task.done_by) == (Situation.EMPLOYED, people.caseworker)
    event = CourseEvent.objects.get(course=ended, action="situation_recorded")
    assert event.data == {"months": 3, "situation": "employed"}
    assert event.detail == "3 måneder efter: I beskæftigelse"
    assert AccessLog.objects.filter(user=people.caseworker, citizen=ended.citizen,
                                    what__startswith="Situation efter").exists()
    assert "3 måneder efter forløbet" not in client.get("/followup/").content.decode()


def test_no_choice_is_a_clear_error_and_changes_nothing(client: Client, people: People,
                                                        ended: Course, time_machine: Any) -> None:
    travel(time_machine, THREE)
    task = situation_tasks()[0]
    client.force_login(people.caseworker)

    response = client.post(f"/followup/tasks/{task.pk}/situation/", {})

    assert response.status_code == 200
    assert "Vælg borgerens situation." in response.content.decode()
    task.refresh_from_db()
    assert task.done_at is None and task.situation == ""


def test_a_caseworker_of_another_team_gets_404(client: Client, people: People, ended: Course,
                                               time_machine: Any) -> None:
    travel(time_machine, THREE)
    task = situation_tasks()[0]
    client.force_login(people.outsider)
    assert client.get(f"/followup/tasks/{task.pk}/situation/").status_code == 404
    assert client.post(f"/followup/tasks/{task.pk}/situation/",
                       {"situation": "employed"}).status_code == 404


def test_the_situation_is_recorded_once_and_not_before_its_date(
        people: People, ended: Course, time_machine: Any) -> None:
    three, six = situation_tasks()
    travel(time_machine, THREE)
    with pytest.raises(DomainError, match=r"først registreres fra 30\.09\.2026"):
        situation_record(actor=people.caseworker, task=six, situation="employed", today=THREE)
    situation_record(actor=people.caseworker, task=three, situation="education", today=THREE)
    with pytest.raises(DomainError, match="allerede registreret"):
        situation_record(actor=people.caseworker, task=three, situation="employed",
                         today=THREE)
    three.refresh_from_db()
    assert three.situation == Situation.EDUCATION


def test_a_situation_task_is_not_just_marked_assessed(people: People, ended: Course) -> None:
    with pytest.raises(DomainError, match="Registrér borgerens situation"):
        followup_task_complete(actor=people.caseworker, task=situation_tasks()[0])
