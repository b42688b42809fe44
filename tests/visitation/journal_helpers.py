"""Courses for the journal, review and follow-up tests."""

from __future__ import annotations

import datetime
from typing import Any

from mentor.models import Mentor, Role, User
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, certify, open_course
from visitation.models import ContactForm, Course, JournalPhase, ReferralGoal, Review
from visitation.services.journal import EntryData

# A right-and-duty course decided 2 March 2017: contact at least every 14 days, in person;
# reviews monthly from 2 April, the pre-end review on 19 August, the period ends 2 September.
DECIDED = datetime.date(2017, 3, 2)


def right_and_duty_course(people: People, *, mentor: Mentor | None = None,
                          decision_date: datetime.date = DECIDED, goals: int = 2,
                          **citizen: Any) -> Course:
    person = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                            can_take_part_in_offers=False, **citizen)
    course = open_course(citizen=person, caseworker=people.caseworker,
                         mentor=mentor or people.mentor, approver=people.team_leader,
                         decision_date=decision_date, service_level=2)
    for number in range(goals):
        ReferralGoal.objects.create(referral=course.referral, order=number,
                                    description=f"Mål {number + 1}: møde stabilt op",
                                    measure="Fremmøde registreres")
    return course


def other_mentor(people: People) -> Mentor:
    user = UserFactory(username="othermentor", roles=[Role.MENTOR])
    mentor = MentorFactory(user=user, name="Ole Anden",
                           provider__municipality=people.municipality)
    certify(mentor, "holistic_mentor", granted_by=people.manager)
    return mentor


def other_mentor_user(people: People) -> User:
    """The user of ``other_mentor``: a mentor of the municipality with no course here."""
    user = other_mentor(people).user
    assert user is not None
    return user


def first_review(course: Course) -> Review:
    """The course's first review (every course opened here has reviews)."""
    review = course.reviews.first()
    assert review is not None
    return review


def meeting(day: datetime.date, note: str = "Møde om praktik.", *,
            form: str = ContactForm.MEETING, minutes: int = 60, reason: str = "") -> EntryData:
    return EntryData(contact_date=day, form=form, duration_minutes=minutes,
                     phase=JournalPhase.COURSE, note=note, phone_reason=reason)
