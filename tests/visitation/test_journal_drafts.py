"""Unsaved journal text survives a session timeout for its author, and never appears in
another form or for another user."""

from __future__ import annotations

import datetime
import time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from mentor.middleware import SESSION_KEY
from tests.conftest import People
from tests.visitation.journal_helpers import (
    meeting,
    other_mentor,
    other_mentor_user,
    right_and_duty_course,
)
from visitation.models import Course, JournalDraft
from visitation.services.journal import journal_entry_add

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CPH = ZoneInfo("Europe/Copenhagen")
TEXT = "Halvfærdigt notat om borgerens praktik"


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)
    return right_and_duty_course(people)


def save_draft(client: Client, course: Course, form_key: str = "new",
               note: str = TEXT) -> TestResponse:
    return client.post(reverse("journal_draft_save", args=[course.pk]),
                       {"form_key": form_key, "note": note, "form": "meeting"})


def test_a_draft_survives_a_session_timeout_for_its_author(client: Client, people: People,
                                                           course: Course) -> None:
    client.force_login(people.mentor_user)
    assert save_draft(client, course).status_code == 200
    session = client.session
    session[SESSION_KEY] = time.time() - 2 * 3600  # idle far longer than the timeout
    session.save()
    response = client.post(reverse("journal_entry_add", args=[course.pk]),
                           {"note": TEXT + " og mere"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(people.mentor_user)
    page = client.get(reverse("journal_entry_add", args=[course.pk])).content.decode()
    assert TEXT in page and "gendannet" in page


def test_a_draft_never_appears_for_another_user(client: Client, people: People,
                                                course: Course) -> None:
    client.force_login(people.mentor_user)
    save_draft(client, course)
    new_mentor = other_mentor(people)
    Course.objects.filter(pk=course.pk).update(mentor=new_mentor)  # the course is reassigned
    assert new_mentor.user is not None
    client.force_login(new_mentor.user)
    page = client.get(reverse("journal_entry_add", args=[course.pk])).content.decode()
    assert TEXT not in page


def test_a_draft_never_appears_in_another_form(client: Client, people: People,
                                               course: Course) -> None:
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(datetime.date(2017, 3, 18)))
    client.force_login(people.mentor_user)
    save_draft(client, course)
    page = client.get(reverse("journal_entry_edit", args=[entry.pk])).content.decode()
    assert TEXT not in page
    save_draft(client, course, form_key=f"edit-{entry.pk}", note="Redigeret kladde")
    page = client.get(reverse("journal_entry_add", args=[course.pk])).content.decode()
    assert TEXT in page and "Redigeret kladde" not in page


def test_saving_the_entry_clears_the_draft(client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    save_draft(client, course)
    client.post(reverse("journal_entry_add", args=[course.pk]),
                {"contact_date": "2017-03-18", "form": "meeting", "duration_minutes": "30",
                 "phase": "course", "note": TEXT})
    assert not JournalDraft.objects.exists()


def test_only_the_course_mentor_can_keep_a_draft(client: Client, people: People,
                                                 course: Course) -> None:
    client.force_login(other_mentor_user(people))
    assert save_draft(client, course).status_code == 404
    client.force_login(people.caseworker)
    assert save_draft(client, course).status_code == 400
    assert not JournalDraft.objects.exists()


def test_a_draft_for_someone_elses_entry_is_refused(client: Client, people: People,
                                                    course: Course) -> None:
    client.force_login(people.mentor_user)
    assert save_draft(client, course, form_key="edit-999999").status_code == 400
    assert save_draft(client, course, form_key="../../x").status_code == 400


def test_the_author_can_discard_a_draft(client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    save_draft(client, course)
    client.post(reverse("journal_draft_discard", args=[course.pk]), {"form_key": "new"})
    assert not JournalDraft.objects.exists()
