import datetime

from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from visitation.models import CourseStatus, ReviewKind


def test_opening_a_right_and_duty_course_creates_period_and_reviews_from_the_decision(
        people: People) -> None:
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2017, 3, 2),
                         service_level=2)
    assert course.status == CourseStatus.ACTIVE
    assert course.kind == "right_and_duty"
    assert course.min_contact_days == 14
    assert course.in_person_contact_required
    assert course.end_date == datetime.date(2017, 9, 2)
    assert course.periods.get().rule_set_version == course.rule_set_version
    reviews = list(course.reviews.values_list("due_date", "kind"))
    assert reviews[0] == (datetime.date(2017, 4, 2), ReviewKind.PERIODIC)
    assert reviews[-1] == (datetime.date(2017, 8, 19), ReviewKind.PRE_END)
    assert len(reviews) == 6


def test_a_right_and_duty_course_decided_in_2015_does_not_require_in_person_contact(
        people: People) -> None:
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2015, 3, 2))
    assert course.min_contact_days == 7
    assert not course.in_person_contact_required
