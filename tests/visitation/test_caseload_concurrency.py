"""Two team leaders hand over the same course at the same moment: the course's row lock makes
them take turns, so exactly one move happens and the other is refused with nothing changed.
Needs real row locks, so PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from mentor.models import Role, User
from tests.conftest import People
from tests.factories import UserFactory
from tests.visitation.team_helpers import receiver, second_caseworker, team_course
from visitation.models import Course, CourseEvent
from visitation.services import team as team_services
from visitation.services.team import CaseloadRefused

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite has no row locks (select_for_update is a no-op); the "
                              "race is tested where production runs, on PostgreSQL."),
]


def at_once(calls: dict[str, Any]) -> dict[str, object]:
    start = threading.Barrier(len(calls))
    outcomes: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            start.wait()
            outcomes[name] = calls[name]()
        except Exception as exc:  # the outcome, whatever it is, is what the test inspects
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name,)) for name in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def slow_notify(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the locks a while after the first write, so that the other move arrives."""
    from mentor.services import notify as real

    def notify(**kwargs: Any) -> bool:
        time.sleep(0.3)
        return real(**kwargs)

    monkeypatch.setattr(team_services, "notify", notify)


def test_two_leaders_moving_one_course_to_different_mentors_move_it_once(
        people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    second_leader = UserFactory(first_name="Tove", roles=[Role.TEAM_LEADER], teams=[people.team])
    course = team_course(people)
    code = course.mentor_type.code
    bo, per = receiver(people, name="Bo", codes=(code,)), receiver(people, name="Per",
                                                                   codes=(code,))
    slow_notify(monkeypatch)

    def move(leader: User, to: int) -> Any:
        return lambda: team_services.mentor_caseload_move(
            actor=leader, team=people.team, from_mentor=people.mentor, moves={course.pk: to},
            reason="Maja er stoppet.")

    outcomes = at_once({"first": move(people.team_leader, bo.pk),
                        "second": move(second_leader, per.pk)})
    moved = [o for o in outcomes.values() if isinstance(o, list)]
    refused = [o for o in outcomes.values() if isinstance(o, CaseloadRefused)]
    assert len(moved) == 1 and len(refused) == 1, outcomes
    assert "flyttet i mellemtiden" in refused[0].problems[f"course-{course.pk}"][0]
    winner = moved[0][0].mentor_id
    assert Course.objects.get(pk=course.pk).mentor_id == winner
    assert CourseEvent.objects.filter(course=course, action="mentor_reassigned").count() == 1


def test_two_moves_into_one_mentors_last_hours_cannot_both_succeed(
        people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    second_leader = UserFactory(first_name="Tove", roles=[Role.TEAM_LEADER], teams=[people.team])
    first, second = team_course(people), team_course(people)  # 2 hours each
    small = receiver(people, name="Bo", capacity="3", codes=(first.mentor_type.code,))
    slow_notify(monkeypatch)

    def move(leader: User, course: Course) -> Any:
        return lambda: team_services.mentor_caseload_move(
            actor=leader, team=people.team, from_mentor=people.mentor,
            moves={course.pk: small.pk}, reason="Maja er stoppet.")

    outcomes = at_once({"first": move(people.team_leader, first),
                        "second": move(second_leader, second)})
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["CaseloadRefused", "list"]
    assert Course.objects.filter(mentor=small).count() == 1


def test_a_caseworker_move_and_a_mentor_move_of_the_same_course_both_hold(
        people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    course = team_course(people)
    to_caseworker = second_caseworker(people)
    bo = receiver(people, name="Bo", codes=(course.mentor_type.code,))
    slow_notify(monkeypatch)
    outcomes = at_once({
        "mentor": lambda: team_services.mentor_caseload_move(
            actor=people.team_leader, team=people.team, from_mentor=people.mentor,
            moves={course.pk: bo.pk}, reason="Maja er stoppet."),
        "caseworker": lambda: team_services.caseworker_caseload_move(
            actor=people.administrator, team=people.team, from_user=people.caseworker,
            to_user=to_caseworker, citizen_ids=[], referral_ids=[], course_ids=[course.pk],
            reason="Sofie er stoppet.")})
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], [
        getattr(o, "problems", o) for o in outcomes.values()]
    course.refresh_from_db()
    assert (course.mentor_id, course.caseworker_id) == (bo.pk, to_caseworker.pk)


def test_a_journal_entry_written_while_the_course_moves_is_refused_not_lost(
        people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mentor writes while a team leader hands the course over: the write waits for the
    move and is then refused (the course has another mentor), not failed as a course that
    vanished from the locked read."""
    import datetime

    from django.utils import timezone

    from mentor.services import NotPermitted
    from visitation.models import JournalEntry
    from visitation.services.journal import EntryData, journal_entry_add

    course = team_course(people)
    bo = receiver(people, name="Bo", codes=(course.mentor_type.code,))
    slow_notify(monkeypatch)

    def write() -> object:
        time.sleep(0.15)  # the move takes the course's lock first
        return journal_entry_add(actor=people.mentor_user, course=course, data=EntryData(
            contact_date=timezone.localdate() - datetime.timedelta(days=1), form="meeting",
            duration_minutes=45, phase="", note="Samtale om ugens aftaler."))

    outcomes = at_once({
        "move": lambda: team_services.mentor_caseload_move(
            actor=people.team_leader, team=people.team, from_mentor=people.mentor,
            moves={course.pk: bo.pk}, reason="Maja er stoppet."),
        "write": write})
    assert isinstance(outcomes["move"], list), outcomes
    assert isinstance(outcomes["write"], NotPermitted), outcomes
    assert not JournalEntry.objects.filter(course=course).exists()
