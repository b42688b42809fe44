"""Journal pages: the mentor writes; others see only what they may; 404 for another mentor."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from mentor.models import AccessLog
from tests.conftest import People
from tests.visitation.journal_helpers import (
    first_review,
    meeting,
    other_mentor_user,
    right_and_duty_course,
)
from visitation.models import Course, JournalEntry
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2017, 3, 20, 10, tzinfo=CPH)


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(NOW, tick=False)
    return right_and_duty_course(people, first_name="Ditte", last_name="Hemmelig")


def entry_post(**overrides: str) -> dict[str, str]:
    data = {"contact_date": "2017-03-18", "form": "meeting", "duration_minutes": "45",
            "phase": "course", "note": "Vi talte om praktikken.", "phone_reason": ""}
    return {**data, **overrides}


def test_the_mentor_logs_a_meeting_and_sees_the_next_due_date(
        client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.post(reverse("journal_entry_add", args=[course.pk]), entry_post(),
                           follow=True)
    assert JournalEntry.objects.get(course=course).duration_minutes == 45
    assert "Næste kontakt senest 01.04.2017" in response.content.decode()


def test_a_bad_submit_keeps_the_text_and_shows_why(client: Client, people: People,
                                                   course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.post(reverse("journal_entry_add", args=[course.pk]),
                           entry_post(form="phone", note="Telefonen i stedet."))
    assert response.status_code == 200
    assert "Telefonen i stedet." in response.content.decode()
    assert "særlige omstændigheder" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_another_mentor_gets_404_on_the_course_journal(client: Client, people: People,
                                                       course: Course) -> None:
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))
    client.force_login(other_mentor_user(people))
    for url in (reverse("journal_list", args=[course.pk]),
                reverse("journal_entry_add", args=[course.pk]),
                reverse("journal_entry_detail", args=[entry.pk]),
                reverse("journal_entry_edit", args=[entry.pk]),
                reverse("journal_entry_correct", args=[entry.pk]),
                reverse("review_form", args=[first_review(course).pk])):
        assert client.get(url).status_code == 404, url


def test_a_manager_without_a_look_up_gets_404(client: Client, people: People,
                                              course: Course) -> None:
    client.force_login(people.manager)
    assert client.get(reverse("journal_list", args=[course.pk])).status_code == 404


def test_a_caseworker_reads_the_journal_but_cannot_write(client: Client, people: People,
                                                         course: Course) -> None:
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), "Aftalt nyt møde."))
    client.force_login(people.caseworker)
    response = client.get(reverse("journal_list", args=[course.pk]))
    assert "Aftalt nyt møde." in response.content.decode()
    assert client.get(reverse("journal_entry_add", args=[course.pk])).status_code == 403


def test_reading_the_journal_is_access_logged(client: Client, people: People,
                                              course: Course) -> None:
    client.force_login(people.caseworker)
    client.get(reverse("journal_list", args=[course.pk]))
    log = AccessLog.objects.get(user=people.caseworker)
    assert log.citizen == course.citizen and "Journal" in log.what


def test_an_old_entry_sends_the_author_to_add_a_correction(
        client: Client, people: People, course: Course, time_machine: TimeMachineFixture) -> None:
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))
    time_machine.move_to(NOW + datetime.timedelta(days=2), tick=False)
    client.force_login(people.mentor_user)
    response = client.get(reverse("journal_entry_edit", args=[entry.pk]))
    assert response["Location"] == reverse("journal_entry_correct", args=[entry.pk])
    client.post(reverse("journal_entry_correct", args=[entry.pk]),
                entry_post(note="Rettet: mødet var kortere.", duration_minutes="30"))
    assert JournalEntry.objects.get(corrects=entry).duration_minutes == 30


def test_the_author_edits_within_24_hours_in_place(client: Client, people: People,
                                                   course: Course) -> None:
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))
    client.force_login(people.mentor_user)
    client.post(reverse("journal_entry_edit", args=[entry.pk]),
                entry_post(note="Tilføjet en detalje."))
    entry.refresh_from_db()
    assert entry.note == "Tilføjet en detalje."
    detail = client.get(reverse("journal_entry_detail", args=[entry.pk])).content.decode()
    # The history keeps both versions: the first text and the edited one.
    assert "Møde om praktik." in detail and detail.count("Tilføjet en detalje.") >= 2


def test_the_journal_list_paginates(client: Client, people: People, course: Course) -> None:
    for number in range(24):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 2 + number // 2),
                                       f"Notat {number}"))
    client.force_login(people.mentor_user)
    first = client.get(reverse("journal_list", args=[course.pk])).content.decode()
    second = client.get(reverse("journal_list", args=[course.pk]) + "?page=2").content.decode()
    assert "Notat 23" in first and "Notat 23" not in second
    assert "Notat 0<" in second and "Side 2 af 2" in second
