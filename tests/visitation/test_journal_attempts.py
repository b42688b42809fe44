"""Outreach attempts: a mentor journals an attempt that did not reach the citizen. It has no
duration, does not count as contact, and shows on the course and in the compliance figures,
so a missed interval with attempts reads differently from one with none."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from mentor.services import DomainError
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.models import ContactForm, ContactInterval, Course, JournalPhase
from visitation.selectors_compliance import ContactFact, contact_intervals
from visitation.selectors_journal import contact_status
from visitation.services.journal import EntryData, journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date


def attempt(day: datetime.date) -> EntryData:
    return EntryData(contact_date=day, form=ContactForm.PHONE, duration_minutes=None,
                     phase=JournalPhase.OUTREACH, note="Ringede, borgeren tog ikke telefonen.",
                     attempt=True)


@pytest.fixture
def course(people: Any, time_machine: Any) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)
    return right_and_duty_course(people)


def test_an_attempt_is_no_contact(people: Any, course: Course) -> None:
    journal_entry_add(actor=people.mentor_user, course=course, data=attempt(D(2017, 3, 10)))

    course.refresh_from_db()
    assert course.last_contact_date is None
    assert course.next_contact_due == D(2017, 3, 16)


def test_a_missed_interval_counts_its_attempts(people: Any, course: Course) -> None:
    for day in (D(2017, 3, 3), D(2017, 3, 8), D(2017, 3, 12)):
        journal_entry_add(actor=people.mentor_user, course=course, data=attempt(day))

    (interval,) = ContactInterval.objects.filter(course=course)
    assert (interval.met, interval.contacts, interval.attempts) == (False, 0, 3)
    status = contact_status(course, today=D(2017, 3, 20))
    assert (status.missed, status.missed_with_attempts, status.attempts_in_missed) == (1, 1, 3)


def test_a_missed_interval_without_attempts_has_none(people: Any, course: Course) -> None:
    journal_entry_add(actor=people.mentor_user, course=course, data=meeting(D(2017, 3, 18)))

    status = contact_status(course, today=D(2017, 3, 20))
    assert (status.missed, status.missed_with_attempts, status.attempts_in_missed) == (1, 0, 0)


def test_an_attempt_with_a_duration_is_refused(people: Any, course: Course) -> None:
    data = EntryData(contact_date=D(2017, 3, 10), form=ContactForm.PHONE, duration_minutes=5,
                     phase=JournalPhase.OUTREACH, note="Ingen svar.", attempt=True)

    with pytest.raises(DomainError, match="ingen varighed"):
        journal_entry_add(actor=people.mentor_user, course=course, data=data)


def test_a_contact_without_a_duration_is_refused(people: Any, course: Course) -> None:
    data = EntryData(contact_date=D(2017, 3, 10), form=ContactForm.MEETING,
                     duration_minutes=None, phase=JournalPhase.COURSE, note="Møde.")

    with pytest.raises(DomainError, match="Varigheden"):
        journal_entry_add(actor=people.mentor_user, course=course, data=data)


def test_intervals_count_attempts_beside_contacts() -> None:
    facts = [ContactFact(contact_date=D(2017, 3, 5), in_person=False, reason_given=False,
                         attempt=True),
             ContactFact(contact_date=D(2017, 3, 20), in_person=True, reason_given=False)]

    figures = contact_intervals(start=D(2017, 3, 2), last_day=D(2017, 9, 2), min_days=14,
                                in_person_required=True, contacts=facts, until=D(2017, 3, 30))

    assert [(f.met, f.contacts, f.attempts) for f in figures] == [(False, 0, 1), (True, 1, 0)]
    assert figures[0].remote_without_reason is False


def test_the_mentor_journals_an_attempt_in_the_form_and_the_course_shows_it(
        client: Client, people: Any, course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.post(f"/courses/{course.pk}/journal/new/", {
        "contact_date": "2017-03-03", "form": ContactForm.PHONE, "attempt": "on",
        "duration_minutes": "", "phase": JournalPhase.OUTREACH, "note": "Ingen svar."})
    assert response.status_code == 302
    client.force_login(people.caseworker)

    body = client.get(f"/courses/{course.pk}/").content.decode()

    assert 'data-testid="attempt"' in body
    assert "Forsøg uden kontakt" in body
    assert "1 periode med forsøg på kontakt (1 forsøg i alt)" in body


def test_the_form_asks_for_a_duration_of_a_contact(client: Client, people: Any,
                                                   course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.post(f"/courses/{course.pk}/journal/new/", {
        "contact_date": "2017-03-03", "form": ContactForm.MEETING, "duration_minutes": "",
        "phase": JournalPhase.COURSE, "note": "Møde."})

    assert response.status_code == 200
    assert "Angiv kontaktens varighed." in response.content.decode()
