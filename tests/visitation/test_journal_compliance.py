"""Contact compliance: the share of elapsed contact intervals with a contact, kept per course
and aggregated for the reports; intervals where phone replaced meetings without a reason."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from tests.conftest import People
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.models import ContactForm, Course, JournalEntry
from visitation.selectors_compliance import (
    ContactFact,
    contact_compliance,
    contact_compliance_by_month,
    contact_compliance_totals,
    contact_intervals,
    with_contact_compliance,
)
from visitation.services.followup import sweep
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
D = datetime.date


def fact(day: datetime.date, in_person: bool = True, reason: bool = False) -> ContactFact:
    return ContactFact(contact_date=day, in_person=in_person, reason_given=reason)


def test_only_whole_elapsed_intervals_count() -> None:
    figures = contact_intervals(start=D(2017, 3, 2), last_day=D(2017, 9, 2), min_days=14,
                                in_person_required=True, contacts=[fact(D(2017, 3, 10))],
                                until=D(2017, 3, 30))
    assert [(f.start_date, f.end_date, f.met) for f in figures] == [
        (D(2017, 3, 2), D(2017, 3, 15), True), (D(2017, 3, 16), D(2017, 3, 29), False)]


def test_a_course_without_a_contact_interval_has_no_intervals() -> None:
    assert contact_intervals(start=D(2017, 3, 2), last_day=D(2017, 9, 2), min_days=None,
                             in_person_required=False, contacts=[], until=D(2017, 9, 2)) == []


def test_the_last_short_stretch_before_the_end_is_not_counted() -> None:
    figures = contact_intervals(start=D(2017, 3, 1), last_day=D(2017, 3, 20), min_days=14,
                                in_person_required=False, contacts=[], until=D(2017, 12, 1))
    assert len(figures) == 1


def test_phone_only_without_a_reason_flags_the_interval() -> None:
    figures = contact_intervals(
        start=D(2017, 3, 2), last_day=D(2017, 9, 2), min_days=14, in_person_required=True,
        contacts=[fact(D(2017, 3, 5), in_person=False), fact(D(2017, 3, 20), in_person=False,
                                                             reason=True)],
        until=D(2017, 3, 30))
    assert [f.remote_without_reason for f in figures] == [True, False]


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)
    course = right_and_duty_course(people)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(D(2017, 3, 10)))
    return course


def test_the_sweep_keeps_the_intervals_as_they_elapse(
        course: Course, time_machine: TimeMachineFixture,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    time_machine.move_to(datetime.datetime(2017, 4, 14, 7, tzinfo=CPH), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    compliance = contact_compliance(course)
    assert (compliance.intervals, compliance.met, compliance.percent) == (3, 1, 33)


def test_an_entry_for_an_elapsed_interval_updates_the_figure(
        people: People, course: Course, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 4, 1, 10, tzinfo=CPH), tick=False)
    journal_entry_add(actor=people.mentor_user, course=course, data=meeting(D(2017, 3, 25)))
    assert contact_compliance(course).met == 2
    assert contact_compliance(course, until=D(2017, 3, 15)).intervals == 1


def test_the_reports_aggregate_compliance_per_course_and_over_time(
        people: People, course: Course, time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 4, 14, 10, tzinfo=CPH), tick=False)
    journal_entry_add(actor=people.mentor_user, course=course, data=meeting(D(2017, 4, 2)))
    annotated = with_contact_compliance(Course.objects.all()).get(pk=course.pk)
    assert (annotated.contact_intervals_total, annotated.contact_intervals_met) == (3, 2)
    assert contact_compliance_totals(Course.objects.all()).share == pytest.approx(2 / 3)
    by_month = contact_compliance_by_month(Course.objects.all())
    assert [(month.month, c.intervals, c.met) for month, c in by_month] == [(3, 2, 1),
                                                                            (4, 1, 1)]


def test_imported_phone_only_contact_without_reason_flags_the_course(
        people: People, course: Course, time_machine: TimeMachineFixture) -> None:
    # Entries written outside the journal form (e.g. an import) can lack the reason.
    JournalEntry.objects.create(course=course, author=people.mentor_user,
                                contact_date=D(2017, 3, 20), form=ContactForm.PHONE,
                                duration_minutes=15, note="Telefonsamtale.")
    time_machine.move_to(datetime.datetime(2017, 4, 1, 10, tzinfo=CPH), tick=False)
    journal_entry_add(actor=people.mentor_user, course=course, data=meeting(D(2017, 3, 31)))
    annotated = with_contact_compliance(Course.objects.all()).get(pk=course.pk)
    assert annotated.contact_intervals_remote_without_reason == 1
