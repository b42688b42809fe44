"""The 24-hour rule: the author edits in place for 24 hours; afterwards only an appended
correction, and the original and every version stay in the history."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from time_machine import TimeMachineFixture

from mentor.services import DomainError
from tests.conftest import People
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.models import JournalEntry
from visitation.selectors_compliance import effective_entries
from visitation.services.journal import (
    journal_entry_add,
    journal_entry_correct,
    journal_entry_edit,
)

CPH = ZoneInfo("Europe/Copenhagen")
WRITTEN = datetime.datetime(2017, 3, 20, 10, tzinfo=CPH)


@pytest.fixture
def entry(people: People, time_machine: TimeMachineFixture) -> JournalEntry:
    time_machine.move_to(WRITTEN, tick=False)
    course = right_and_duty_course(people)
    return journal_entry_add(actor=people.mentor_user, course=course,
                             data=meeting(datetime.date(2017, 3, 18), "Første udgave."))


def test_the_author_can_edit_an_entry_within_24_hours(people: People, entry: JournalEntry,
                                                      time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(hours=23, minutes=59), tick=False)
    journal_entry_edit(actor=people.mentor_user, entry=entry,
                       data=meeting(datetime.date(2017, 3, 18), "Rettet udgave."))
    entry.refresh_from_db()
    assert entry.note == "Rettet udgave."
    assert [v.note for v in entry.history.order_by("history_date")] == [
        "Første udgave.", "Rettet udgave."]


def test_an_entry_cannot_be_edited_after_24_hours(people: People, entry: JournalEntry,
                                                  time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(hours=24, minutes=1), tick=False)
    with pytest.raises(DomainError, match="24 timer"):
        journal_entry_edit(actor=people.mentor_user, entry=entry,
                           data=meeting(datetime.date(2017, 3, 18), "For sent."))
    entry.refresh_from_db()
    assert entry.note == "Første udgave."


def test_only_the_author_can_edit_an_entry(people: People, entry: JournalEntry) -> None:
    with pytest.raises(DomainError, match="Kun den, der har skrevet"):
        journal_entry_edit(actor=people.caseworker, entry=entry,
                           data=meeting(datetime.date(2017, 3, 18), "Ikke min."))


def test_a_correction_after_24_hours_is_appended_and_the_original_kept(
        people: People, entry: JournalEntry, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(days=3), tick=False)
    correction = journal_entry_correct(
        actor=people.mentor_user, entry=entry,
        data=meeting(datetime.date(2017, 3, 17), "Mødet var den 17."))
    entry.refresh_from_db()
    assert entry.note == "Første udgave."
    assert correction.corrects == entry
    assert list(effective_entries().filter(course=entry.course)) == [correction]


def test_a_correction_replaces_the_original_in_the_contact_dates(
        people: People, entry: JournalEntry, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(days=3), tick=False)
    journal_entry_correct(actor=people.mentor_user, entry=entry,
                          data=meeting(datetime.date(2017, 3, 12), "Mødet var den 12."))
    course = entry.course
    course.refresh_from_db()
    assert course.last_contact_date == datetime.date(2017, 3, 12)
    assert course.next_contact_due == datetime.date(2017, 3, 26)


def test_an_entry_is_corrected_once_then_the_correction_is_corrected(
        people: People, entry: JournalEntry, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(days=3), tick=False)
    first = journal_entry_correct(actor=people.mentor_user, entry=entry,
                                  data=meeting(datetime.date(2017, 3, 17), "Rettelse 1."))
    with pytest.raises(DomainError, match="allerede rettet"):
        journal_entry_correct(actor=people.mentor_user, entry=entry,
                              data=meeting(datetime.date(2017, 3, 17), "Rettelse 2."))
    second = journal_entry_correct(actor=people.mentor_user, entry=first,
                                   data=meeting(datetime.date(2017, 3, 17), "Rettelse 2."))
    assert list(effective_entries().filter(course=entry.course)) == [second]


def test_only_the_author_can_append_a_correction(people: People, entry: JournalEntry,
                                                 time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(WRITTEN + datetime.timedelta(days=3), tick=False)
    with pytest.raises(DomainError, match="Kun den, der har skrevet"):
        journal_entry_correct(actor=people.caseworker, entry=entry,
                              data=meeting(datetime.date(2017, 3, 17), "Ikke min."))
