"""Handing over a caseworker's citizens, open referrals and open courses to another caseworker
of the team: all or nothing, recorded, notified, and the team leader may still decide the
referrals (a handover is not authorship)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentor.models import Notification, Role
from mentor.permissions import may_approve, referral_author_ids
from mentor.services import DomainError, NotPermitted
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, draft_referral, submitted_referral
from tests.visitation.team_helpers import second_caseworker, team_course
from visitation.models import (
    CourseEvent,
    FollowUpTask,
    FollowUpTaskKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from visitation.services.referrals import referral_approve
from visitation.services.team import (
    CaseloadRefused,
    caseworker_caseload_check,
    caseworker_caseload_move,
)

pytestmark = pytest.mark.django_db

REASON = "Sofie er gået på barsel."


def test_a_caseworkers_whole_caseload_moves_to_another_caseworker(people: People) -> None:
    to = second_caseworker(people)
    course = team_course(people)
    citizen = CitizenFactory(team=people.team, caseworker=people.caseworker,
                             in_employment_activity=True)
    draft = draft_referral(citizen=citizen, caseworker=people.caseworker)
    waiting = submitted_referral(citizen=CitizenFactory(team=people.team,
                                                        in_employment_activity=True),
                                 caseworker=people.caseworker)
    task = FollowUpTask.objects.create(citizen=citizen, team=people.team,
                                       caseworker=people.caseworker,
                                       kind=FollowUpTaskKind.PRISON_RELEASE,
                                       due_date=timezone.localdate())
    moved = caseworker_caseload_move(
        actor=people.team_leader, team=people.team, from_user=people.caseworker, to_user=to,
        citizen_ids=[citizen.pk, course.citizen_id], referral_ids=[draft.pk, waiting.pk],
        course_ids=[course.pk], reason=REASON)
    assert (moved.citizens, moved.referrals, moved.courses) == (2, 2, 1)
    for row in (citizen, course, task):
        row.refresh_from_db()
    assert citizen.caseworker == to and course.caseworker == to and task.caseworker == to
    assert set(Referral.objects.filter(pk__in=[draft.pk, waiting.pk])
               .values_list("created_by", flat=True)) == {to.pk}
    event = CourseEvent.objects.get(course=course, action="caseworker_reassigned")
    assert (event.actor, event.reason, event.data["to_caseworker_id"]) == (
        people.team_leader, REASON, to.pk)
    handover = ReferralEvent.objects.get(referral=waiting, action="handover")
    assert handover.to_status == ReferralStatus.SUBMITTED and handover.reason == REASON


def test_the_caseworkers_and_the_mentor_are_notified(people: People) -> None:
    to = second_caseworker(people)
    course = team_course(people)
    caseworker_caseload_move(actor=people.team_leader, team=people.team,
                             from_user=people.caseworker, to_user=to, citizen_ids=[],
                             referral_ids=[], course_ids=[course.pk], reason=REASON)
    assert Notification.objects.get(user=to, code="caseload_received").params["courses"] == 1
    assert Notification.objects.filter(user=people.caseworker,
                                       code="caseload_handed_over").exists()
    assert Notification.objects.filter(user=people.mentor_user,
                                       code="course_new_caseworker").exists()


def test_the_team_leader_still_decides_a_referral_they_handed_over(people: People) -> None:
    to = second_caseworker(people)
    waiting = submitted_referral(citizen=CitizenFactory(team=people.team,
                                                        in_employment_activity=True),
                                 caseworker=people.caseworker)
    caseworker_caseload_move(actor=people.team_leader, team=people.team,
                             from_user=people.caseworker, to_user=to, citizen_ids=[],
                             referral_ids=[waiting.pk], course_ids=[], reason=REASON)
    waiting.refresh_from_db()
    assert people.team_leader.pk not in referral_author_ids(waiting)
    assert may_approve(people.team_leader, waiting)
    course = referral_approve(actor=people.team_leader, referral=waiting, mentor=people.mentor)
    assert course.caseworker == to  # the new holder follows the course


def test_a_receiver_outside_the_team_is_refused(people: People) -> None:
    course = team_course(people)
    with pytest.raises(DomainError, match="ikke aktiv sagsbehandler"):
        caseworker_caseload_move(actor=people.team_leader, team=people.team,
                                 from_user=people.caseworker, to_user=people.outsider,
                                 citizen_ids=[], referral_ids=[], course_ids=[course.pk],
                                 reason=REASON)
    course.refresh_from_db()
    assert course.caseworker == people.caseworker


def test_a_decided_referral_is_refused_and_nothing_moves(people: People) -> None:
    to = second_caseworker(people)
    course = team_course(people)
    decided = course.referral  # approved: it opened the course
    with pytest.raises(CaseloadRefused) as refused:
        caseworker_caseload_move(actor=people.team_leader, team=people.team,
                                 from_user=people.caseworker, to_user=to, citizen_ids=[],
                                 referral_ids=[decided.pk], course_ids=[course.pk],
                                 reason=REASON)
    assert "kan ikke overdrages" in refused.value.problems[f"referral-{decided.pk}"][0]
    course.refresh_from_db()
    assert course.caseworker == people.caseworker


def test_items_of_another_caseworker_are_refused(people: People) -> None:
    to = second_caseworker(people)
    theirs = team_course(people, caseworker=to)
    with pytest.raises(CaseloadRefused) as refused:
        caseworker_caseload_check(actor=people.team_leader, team=people.team,
                                  from_user=people.caseworker, to_user=to, citizen_ids=[],
                                  referral_ids=[], course_ids=[theirs.pk], reason=REASON)
    assert "flyttet i mellemtiden" in refused.value.problems[f"course-{theirs.pk}"][0]


def test_nothing_chosen_or_no_reason_is_refused(people: People) -> None:
    to = second_caseworker(people)
    course = team_course(people)
    with pytest.raises(DomainError, match="Vælg mindst"):
        caseworker_caseload_move(actor=people.team_leader, team=people.team,
                                 from_user=people.caseworker, to_user=to, citizen_ids=[],
                                 referral_ids=[], course_ids=[], reason=REASON)
    with pytest.raises(DomainError, match="begrundelsen"):
        caseworker_caseload_move(actor=people.team_leader, team=people.team,
                                 from_user=people.caseworker, to_user=to, citizen_ids=[],
                                 referral_ids=[], course_ids=[course.pk], reason="  ")


def test_only_the_teams_leader_or_an_administrator_hands_over(people: People) -> None:
    to = second_caseworker(people)
    course = team_course(people)
    other_leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    for actor in (people.caseworker, other_leader, people.manager):
        with pytest.raises(NotPermitted):
            caseworker_caseload_move(actor=actor, team=people.team,
                                     from_user=people.caseworker, to_user=to, citizen_ids=[],
                                     referral_ids=[], course_ids=[course.pk], reason=REASON)
    caseworker_caseload_move(actor=people.administrator, team=people.team,
                             from_user=people.caseworker, to_user=to, citizen_ids=[],
                             referral_ids=[], course_ids=[course.pk], reason=REASON)
