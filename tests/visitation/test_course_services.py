"""Course life cycle: extend, end, reassign; every allowed move and every refused one."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentor.models import Mentor, Notification, Role
from mentor.services import DomainError
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, certify, open_course
from visitation.models import Course, CourseEvent, CourseStatus, EndReason, ReviewStatus
from visitation.selectors_courses import right_and_duty_renewal
from visitation.services.courses import course_end, course_extend, course_reassign_mentor

TZ = ZoneInfo("Europe/Copenhagen")


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), TZ), tick=False)


@pytest.fixture
def right_and_duty(people: People) -> Course:
    """A right-and-duty course decided 2 March 2017: 2 March – 2 September 2017."""
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False)
    with at(datetime.date(2017, 3, 2)):
        return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                           approver=people.team_leader, decision_date=datetime.date(2017, 3, 2))


@pytest.fixture
def offer(people: People) -> Course:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    with at(datetime.date(2026, 6, 1)):
        return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                           approver=people.team_leader, decision_date=datetime.date(2026, 6, 1))


# --- Extend ---------------------------------------------------------------------------------------
def test_extending_adds_a_period_with_a_new_decision_and_reviews(
        people: People, right_and_duty: Course) -> None:
    with at(datetime.date(2017, 8, 20)):
        period = course_extend(actor=people.caseworker, course=right_and_duty,
                               reason="Kan fortsat ikke deltage i tilbud.")
    right_and_duty.refresh_from_db()
    assert right_and_duty.status == CourseStatus.EXTENDED
    assert (period.number, period.start_date, period.end_date) == (
        2, datetime.date(2017, 9, 3), datetime.date(2018, 3, 3))
    assert right_and_duty.end_date == datetime.date(2018, 3, 3)
    assert period.decision["kind"] == "right_and_duty" and period.rule_set_version
    assert period.reviews.latest("due_date", "id").due_date == datetime.date(2018, 2, 17)
    assert right_and_duty.events.latest("at", "id").action == "extended"


def test_an_extended_course_can_be_extended_again(people: People, right_and_duty: Course) -> None:
    with at(datetime.date(2017, 8, 20)):
        course_extend(actor=people.caseworker, course=right_and_duty, reason="Første")
    with at(datetime.date(2018, 2, 20)):
        period = course_extend(actor=people.caseworker, course=right_and_duty, reason="Anden")
    assert period.number == 3
    assert right_and_duty.periods.count() == 3


def test_extension_uses_the_law_in_force_on_the_day(people: People, right_and_duty: Course) -> None:
    with at(datetime.date(2020, 1, 10)), pytest.raises(DomainError,
                                                      match="ikke omfattet af mentorstøtte"):
        course_extend(actor=people.caseworker, course=right_and_duty, reason="Forlæng")
    right_and_duty.refresh_from_db()
    assert right_and_duty.status == CourseStatus.ACTIVE
    assert right_and_duty.periods.count() == 1


def test_extension_needs_a_reason(people: People, offer: Course) -> None:
    with pytest.raises(DomainError, match="begrundelsen for forlængelsen"):
        course_extend(actor=people.caseworker, course=offer, reason=" ")


def test_an_ended_course_cannot_be_extended(people: People, offer: Course) -> None:
    with at(datetime.date(2026, 9, 1)):
        course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                   ended_on=datetime.date(2026, 9, 1))
        with pytest.raises(DomainError, match="fra 'Afsluttet' til 'Forlænget'"):
            course_extend(actor=people.caseworker, course=offer, reason="Igen")


def test_a_caseworker_of_another_team_cannot_extend(people: People, offer: Course) -> None:
    with pytest.raises(DomainError, match="forløbets team"):
        course_extend(actor=people.outsider, course=offer, reason="Forlæng")


def test_a_mentor_cannot_end_the_course(people: People, offer: Course) -> None:
    with pytest.raises(DomainError, match="forløbets team"):
        course_end(actor=people.mentor_user, course=offer, reason=EndReason.JOB,
                   ended_on=datetime.date(2026, 7, 1))


# --- End --------------------------------------------------------------------------------------
def test_ending_an_offer_course_cancels_later_reviews(people: People, offer: Course) -> None:
    with at(datetime.date(2026, 7, 1)):
        course_end(actor=people.caseworker, course=offer, reason=EndReason.GOAL_REACHED,
                   ended_on=datetime.date(2026, 7, 1), outcome="job")
    offer.refresh_from_db()
    assert (offer.status, offer.end_reason, offer.outcome) == ("ended", "goal_reached", "job")
    assert not offer.reviews.filter(status=ReviewStatus.DUE).exists()
    assert offer.events.latest("at", "id").data["end_reason"] == "goal_reached"


def test_an_extended_course_can_end(people: People, right_and_duty: Course) -> None:
    with at(datetime.date(2017, 8, 20)):
        course_extend(actor=people.caseworker, course=right_and_duty, reason="Forlæng")
    with at(datetime.date(2017, 11, 1)):
        course_end(actor=people.caseworker, course=right_and_duty, reason=EndReason.MOVED,
                   ended_on=datetime.date(2017, 11, 1))
    right_and_duty.refresh_from_db()
    assert right_and_duty.status == CourseStatus.ENDED


def test_ready_for_offer_ends_right_and_duty_and_records_it_on_the_citizen(
        people: People, right_and_duty: Course) -> None:
    with at(datetime.date(2017, 6, 1)):
        course_end(actor=people.caseworker, course=right_and_duty,
                   reason=EndReason.READY_FOR_OFFER, ended_on=datetime.date(2017, 6, 1))
    right_and_duty.refresh_from_db()
    right_and_duty.citizen.refresh_from_db()
    assert right_and_duty.citizen.can_take_part_in_offers is True
    assert right_and_duty.outcome == "ordinary_offer"


@pytest.mark.parametrize("reason", [EndReason.GOAL_REACHED, EndReason.PERIOD_EXPIRED])
def test_right_and_duty_cannot_end_for_a_reason_the_law_does_not_allow(
        people: People, right_and_duty: Course, reason: str) -> None:
    refused = pytest.raises(DomainError, match="kan kun afsluttes, når borgeren kan påbegynde")
    with at(datetime.date(2017, 9, 5)), refused:
        course_end(actor=people.caseworker, course=right_and_duty, reason=reason,
                   ended_on=datetime.date(2017, 9, 5))
    right_and_duty.refresh_from_db()
    assert right_and_duty.status == CourseStatus.ACTIVE


def test_another_reason_must_be_explained(people: People, offer: Course) -> None:
    with pytest.raises(DomainError, match="Beskriv den anden årsag"):
        course_end(actor=people.caseworker, course=offer, reason=EndReason.OTHER,
                   ended_on=datetime.date(2026, 7, 1))


def test_an_end_date_in_the_future_or_before_the_start_is_refused(
        people: People, offer: Course) -> None:
    with at(datetime.date(2026, 7, 1)):
        with pytest.raises(DomainError, match="fremtiden"):
            course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                       ended_on=datetime.date(2026, 7, 2))
        with pytest.raises(DomainError, match="før forløbets start"):
            course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                       ended_on=datetime.date(2026, 5, 1))


def test_an_ended_course_cannot_end_again(people: People, offer: Course) -> None:
    with at(datetime.date(2026, 7, 1)):
        course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                   ended_on=datetime.date(2026, 7, 1))
        with pytest.raises(DomainError, match="fra 'Afsluttet' til 'Afsluttet'"):
            course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                       ended_on=datetime.date(2026, 7, 1))


# --- Reassign ---------------------------------------------------------------------------------
@pytest.fixture
def second_mentor(people: People) -> Mentor:
    user = UserFactory(username="mentor2", roles=[Role.MENTOR])
    mentor = MentorFactory(user=user, name="Mads Mentor",
                           provider__municipality=people.municipality)
    certify(mentor, "retention_mentor", "holistic_mentor", granted_by=people.manager)
    return mentor


def test_reassigning_the_mentor_keeps_the_history(people: People, offer: Course,
                                                  second_mentor: Mentor) -> None:
    course_reassign_mentor(actor=people.caseworker, course=offer, mentor=second_mentor,
                           reason="Maja går på barsel.")
    offer.refresh_from_db()
    assert offer.mentor == second_mentor and offer.provider == second_mentor.provider
    event = CourseEvent.objects.get(course=offer, action="mentor_reassigned")
    assert (event.data["from_mentor"], event.data["to_mentor"]) == ("Maja Mentor", "Mads Mentor")
    assert event.reason == "Maja går på barsel."
    assert Notification.objects.filter(user=second_mentor.user).exists()


def test_a_mentor_not_certified_for_the_course_type_is_refused(
        people: People, offer: Course) -> None:
    mentor = MentorFactory(provider__municipality=people.municipality)
    certify(mentor, "social_mentor", granted_by=people.manager)
    with pytest.raises(DomainError, match="ikke certificeret"):
        course_reassign_mentor(actor=people.caseworker, course=offer, mentor=mentor,
                               reason="Skift")


def test_a_mentor_without_capacity_is_refused(people: People, offer: Course,
                                              second_mentor: Mentor) -> None:
    second_mentor.weekly_capacity_hours = Decimal("1")
    second_mentor.save()
    with pytest.raises(DomainError, match="ikke ledig kapacitet til forløbets 1,5 timer"):
        course_reassign_mentor(actor=people.caseworker, course=offer, mentor=second_mentor,
                               reason="Skift")


def test_the_same_mentor_or_an_ended_course_is_refused(people: People, offer: Course,
                                                       second_mentor: Mentor) -> None:
    with pytest.raises(DomainError, match="allerede mentor"):
        course_reassign_mentor(actor=people.caseworker, course=offer, mentor=people.mentor,
                               reason="Skift")
    with at(datetime.date(2026, 7, 1)):
        course_end(actor=people.caseworker, course=offer, reason=EndReason.JOB,
                   ended_on=datetime.date(2026, 7, 1))
    with pytest.raises(DomainError, match="afsluttet mentorforløb"):
        course_reassign_mentor(actor=people.caseworker, course=offer, mentor=second_mentor,
                               reason="Skift")


# --- The new period the law requires ------------------------------------------------------------
def test_a_new_six_month_period_is_proposed_when_right_and_duty_runs_out(
        right_and_duty: Course) -> None:
    proposal = right_and_duty_renewal(right_and_duty, today=datetime.date(2017, 8, 15))
    assert proposal is not None
    assert (proposal.start_date, proposal.end_date) == (datetime.date(2017, 9, 3),
                                                        datetime.date(2018, 3, 3))
    assert not proposal.overdue
    late = right_and_duty_renewal(right_and_duty, today=datetime.date(2017, 9, 10))
    assert late is not None and late.overdue


def test_no_proposal_far_from_the_end_or_when_the_citizen_can_take_part(
        right_and_duty: Course) -> None:
    assert right_and_duty_renewal(right_and_duty, today=datetime.date(2017, 5, 1)) is None
    right_and_duty.citizen.can_take_part_in_offers = True
    assert right_and_duty_renewal(right_and_duty, today=datetime.date(2017, 8, 15)) is None


def test_no_proposal_for_an_offer_course(offer: Course) -> None:
    assert right_and_duty_renewal(offer, today=offer.end_date) is None
