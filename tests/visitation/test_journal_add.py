"""journal_entry_add: who may write, what is refused, and how the contact dates move."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from time_machine import TimeMachineFixture

from mentor.services import DomainError
from tests.conftest import People
from tests.factories import CitizenFactory, open_course
from tests.visitation.journal_helpers import (
    meeting,
    other_mentor_user,
    right_and_duty_course,
)
from visitation.models import ContactForm, JournalEntry
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _march_2017(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)


def test_a_meeting_moves_the_next_contact_due_date(people: People) -> None:
    course = right_and_duty_course(people)
    assert course.next_contact_due == datetime.date(2017, 3, 16)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18)))
    course.refresh_from_db()
    assert course.last_contact_date == datetime.date(2017, 3, 18)
    assert course.next_contact_due == datetime.date(2017, 4, 1)


def test_an_older_entry_does_not_move_the_last_contact_back(people: People) -> None:
    course = right_and_duty_course(people)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18)))
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 10)))
    course.refresh_from_db()
    assert course.last_contact_date == datetime.date(2017, 3, 18)


def test_a_phone_contact_on_an_in_person_course_needs_a_reason(people: People) -> None:
    course = right_and_duty_course(people)
    with pytest.raises(DomainError, match="særlige omstændigheder"):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 18), form=ContactForm.PHONE))
    assert not JournalEntry.objects.exists()


def test_a_phone_contact_with_a_reason_counts_as_contact(people: People) -> None:
    course = right_and_duty_course(people)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), form=ContactForm.PHONE,
                                   reason="Borgeren er indlagt"))
    course.refresh_from_db()
    assert course.last_contact_date == datetime.date(2017, 3, 18)


def test_a_phone_contact_needs_no_reason_before_2016(people: People) -> None:
    course = right_and_duty_course(people, decision_date=datetime.date(2015, 3, 2))
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), form=ContactForm.PHONE))
    assert JournalEntry.objects.filter(course=course).count() == 1


def test_an_offer_course_has_no_contact_due_date(people: People) -> None:
    citizen = CitizenFactory(team=people.team, benefit="sickness_benefit",
                             activity_ready=False, in_employment_activity=True)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2017, 3, 2))
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), form=ContactForm.PHONE))
    course.refresh_from_db()
    assert course.next_contact_due is None
    assert course.last_contact_date == datetime.date(2017, 3, 18)


def test_only_the_course_mentor_can_write_in_the_journal(people: People) -> None:
    course = right_and_duty_course(people)
    intruder = other_mentor_user(people)
    assert intruder is not None
    for actor in (intruder, people.caseworker):
        with pytest.raises(DomainError, match="Kun forløbets mentor"):
            journal_entry_add(actor=actor, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))


def test_a_contact_in_the_future_is_refused(people: People) -> None:
    course = right_and_duty_course(people)
    with pytest.raises(DomainError, match="fremtiden"):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 21)))


def test_a_contact_before_the_decision_is_refused(people: People) -> None:
    course = right_and_duty_course(people)
    with pytest.raises(DomainError, match="før afgørelsen"):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 1)))


def test_an_empty_note_is_refused(people: People) -> None:
    course = right_and_duty_course(people)
    with pytest.raises(DomainError, match="notat"):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 18), note="   "))


def test_the_entry_keeps_its_author_in_the_history(people: People) -> None:
    course = right_and_duty_course(people)
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))
    assert entry.history.get().history_user == people.mentor_user


@pytest.mark.parametrize("kind", ["right and duty", "offer"])
def test_the_queries_of_adding_an_entry_do_not_grow_with_the_journal(people: People,
                                                                     kind: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if kind == "offer":
        citizen = CitizenFactory(team=people.team, benefit="sickness_benefit",
                                 activity_ready=False, in_employment_activity=True)
        course = open_course(citizen=citizen, caseworker=people.caseworker,
                             mentor=people.mentor, approver=people.team_leader,
                             decision_date=datetime.date(2017, 3, 2))
    else:
        course = right_and_duty_course(people)
    counts = []
    for day in (3, 4, 5, 6, 7, 8):
        with CaptureQueriesContext(connection) as queries:
            journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, day)))
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    course.refresh_from_db()
    assert course.last_contact_date == datetime.date(2017, 3, 8)
    if kind == "offer":
        assert course.next_contact_due is None and not course.contact_intervals.exists()
    else:
        assert course.next_contact_due == datetime.date(2017, 3, 22)
        assert [(i.number, i.contacts) for i in course.contact_intervals.order_by("number")] \
            == [(0, 6)]
