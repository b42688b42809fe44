"""Handing over a mentor's courses: to mentors certified for each course's type, within their
capacity (or over it with a reason), all or nothing, recorded and notified."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mentor.models import Notification, Role
from mentor.services import DomainError, NotPermitted
from tests.conftest import People
from tests.factories import UserFactory
from tests.visitation.team_helpers import receiver, team_course
from visitation.models import Course, CourseEvent
from visitation.services.team import (
    CaseloadRefused,
    mentor_caseload_check,
    mentor_caseload_move,
)

pytestmark = pytest.mark.django_db

REASON = "Maja er stoppet som mentor."


def codes(*courses: Course) -> tuple[str, ...]:
    return tuple({course.mentor_type.code for course in courses})


def test_a_team_leader_moves_all_of_a_mentors_courses(people: People) -> None:
    first, second = team_course(people), team_course(people)
    to = receiver(people, name="Bo", codes=codes(first, second))
    moved = mentor_caseload_move(actor=people.team_leader, team=people.team,
                                 from_mentor=people.mentor,
                                 moves={first.pk: to.pk, second.pk: to.pk}, reason=REASON)
    assert {c.pk for c in moved} == {first.pk, second.pk}
    for course in (first, second):
        course.refresh_from_db()
        assert course.mentor_id == to.pk and course.provider_id == to.provider_id
        event = CourseEvent.objects.get(course=course, action="mentor_reassigned")
        assert (event.actor, event.reason) == (people.team_leader, REASON)
        assert event.data["from_mentor_id"] == people.mentor.pk


def test_everyone_affected_is_notified(people: People) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=codes(course))
    mentor_caseload_move(actor=people.team_leader, team=people.team, from_mentor=people.mentor,
                         moves={course.pk: to.pk}, reason=REASON)
    assert Notification.objects.filter(user=to.user, code="course_new_mentor_you").count() == 1
    assert Notification.objects.filter(user=people.caseworker,
                                       code="course_new_mentor").count() == 1
    moved_from = Notification.objects.get(user=people.mentor_user, code="caseload_mentor_moved")
    assert moved_from.params == {"count": 1}


def test_a_selection_moves_only_the_chosen_courses(people: People) -> None:
    moving, staying = team_course(people), team_course(people)
    to = receiver(people, name="Bo", codes=codes(moving))
    mentor_caseload_move(actor=people.team_leader, team=people.team, from_mentor=people.mentor,
                         moves={moving.pk: to.pk}, reason=REASON)
    staying.refresh_from_db()
    assert staying.mentor_id == people.mentor.pk


def test_a_mentor_not_certified_for_the_type_is_refused_per_course(people: People) -> None:
    course = team_course(people)
    uncertified = receiver(people, name="Ulla")
    with pytest.raises(CaseloadRefused) as refused:
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor, moves={course.pk: uncertified.pk},
                             reason=REASON)
    assert "ikke certificeret" in refused.value.problems[f"course-{course.pk}"][0]
    course.refresh_from_db()
    assert course.mentor_id == people.mentor.pk
    assert not CourseEvent.objects.filter(action="mentor_reassigned").exists()


def test_one_refused_course_stops_the_whole_move(people: People) -> None:
    fine, refused_course = team_course(people), team_course(people)
    certified = receiver(people, name="Bo", codes=codes(fine))
    uncertified = receiver(people, name="Ulla")
    with pytest.raises(CaseloadRefused) as refused:
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor,
                             moves={fine.pk: certified.pk, refused_course.pk: uncertified.pk},
                             reason=REASON)
    assert list(refused.value.problems) == [f"course-{refused_course.pk}"]
    fine.refresh_from_db()
    assert fine.mentor_id == people.mentor.pk


def test_capacity_counts_every_course_moved_to_the_same_mentor(people: People) -> None:
    first, second = team_course(people), team_course(people)  # 2 hours each
    small = receiver(people, name="Bo", capacity="3", codes=codes(first))
    with pytest.raises(CaseloadRefused) as refused:
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor,
                             moves={first.pk: small.pk, second.pk: small.pk}, reason=REASON)
    problems = refused.value.problems
    assert list(problems) == [f"course-{second.pk}"]
    assert "1,0 timer pr. uge ledigt" in problems[f"course-{second.pk}"][0]
    assert Course.objects.filter(mentor=small).count() == 0


def test_over_capacity_with_an_explicit_reason_moves_and_is_recorded(people: People) -> None:
    course = team_course(people, hours=Decimal("5"))
    small = receiver(people, name="Bo", capacity="3", codes=codes(course))
    mentor_caseload_move(actor=people.team_leader, team=people.team, from_mentor=people.mentor,
                         moves={course.pk: small.pk}, reason=REASON, override_capacity=True,
                         override_reason="Kortvarigt, indtil ny mentor starter.")
    event = CourseEvent.objects.get(course=course, action="mentor_reassigned")
    assert event.data["capacity_override"] == "Kortvarigt, indtil ny mentor starter."


def test_an_override_needs_its_reason(people: People) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=codes(course))
    with pytest.raises(DomainError, match="overskride"):
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor, moves={course.pk: to.pk},
                             reason=REASON, override_capacity=True, override_reason=" ")


def test_the_reason_is_required(people: People) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=codes(course))
    with pytest.raises(DomainError, match="begrundelsen"):
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor, moves={course.pk: to.pk}, reason="")


def test_a_course_of_another_team_is_refused(people: People) -> None:
    elsewhere = team_course(people, team=people.other_team)
    to = receiver(people, name="Bo", codes=codes(elsewhere))
    with pytest.raises(CaseloadRefused) as refused:
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor, moves={elsewhere.pk: to.pk},
                             reason=REASON)
    assert refused.value.problems[f"course-{elsewhere.pk}"] == ["Forløbet findes ikke i teamet."]


def test_a_course_already_moved_is_refused(people: People) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=codes(course))
    other = receiver(people, name="Per", codes=codes(course))
    mentor_caseload_move(actor=people.team_leader, team=people.team, from_mentor=people.mentor,
                         moves={course.pk: to.pk}, reason=REASON)
    with pytest.raises(CaseloadRefused, match="Intet er flyttet") as refused:
        mentor_caseload_move(actor=people.team_leader, team=people.team,
                             from_mentor=people.mentor, moves={course.pk: other.pk},
                             reason=REASON)
    assert "flyttet i mellemtiden" in refused.value.problems[f"course-{course.pk}"][0]


def test_only_the_teams_leader_or_an_administrator_moves(people: People) -> None:
    course = team_course(people)
    to = receiver(people, name="Bo", codes=codes(course))
    other_leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    for actor in (people.caseworker, other_leader, people.manager, people.mentor_user):
        with pytest.raises(NotPermitted):
            mentor_caseload_move(actor=actor, team=people.team, from_mentor=people.mentor,
                                 moves={course.pk: to.pk}, reason=REASON)
    mentor_caseload_move(actor=people.administrator, team=people.team,
                         from_mentor=people.mentor, moves={course.pk: to.pk}, reason=REASON)
    course.refresh_from_db()
    assert course.mentor_id == to.pk


def test_the_check_says_what_would_move_and_changes_nothing(people: People) -> None:
    course = team_course(people, hours=Decimal("5"))
    small = receiver(people, name="Bo", capacity="3", codes=codes(course))
    plan = mentor_caseload_check(actor=people.team_leader, team=people.team,
                                 from_mentor=people.mentor, moves={course.pk: small.pk},
                                 reason=REASON, override_capacity=True, override_reason="Kort")
    assert [(m.course.pk, m.to_mentor.pk, m.over_capacity) for m in plan] == [
        (course.pk, small.pk, True)]
    course.refresh_from_db()
    assert course.mentor_id == people.mentor.pk
