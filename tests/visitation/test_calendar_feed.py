"""The mentor's ICS feed: behind a secret, revocable token; due dates and reviews; no CPR
numbers, names or notes."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.conftest import People
from tests.visitation.journal_helpers import meeting, other_mentor_user, right_and_duty_course
from visitation.models import CalendarToken, Course
from visitation.services.calendar import calendar_token_regenerate, token_digest
from visitation.services.journal import journal_entry_add

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)
    return right_and_duty_course(people, first_name="Karen", last_name="Blixen")


def feed(client: Client, token: str) -> TestResponse:
    return client.get(reverse("mentor_calendar_feed", kwargs={"token": token}))


def test_the_feed_lists_contact_due_dates_and_reviews(client: Client, people: People,
                                                      course: Course) -> None:
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), "Fortroligt notat"))
    body = feed(client, calendar_token_regenerate(actor=people.mentor_user)).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20170401" in body  # next contact due
    assert "DTSTART;VALUE=DATE:20170402" in body  # first review
    assert body.count("BEGIN:VEVENT") == 1 + course.reviews.count()
    assert f"mentorforløb #{course.pk} (KB)" in body


def test_the_feed_holds_no_cpr_number_name_or_note(client: Client, people: People,
                                                   course: Course) -> None:
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 18), "Fortroligt notat"))
    body = feed(client, calendar_token_regenerate(actor=people.mentor_user)).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert "Blixen" not in unfolded and "Fortroligt" not in unfolded
    assert not re.search(r"\d{6}-?\d{4}", unfolded)


def test_lines_are_folded_at_75_octets(client: Client, people: People, course: Course) -> None:
    body = feed(client, calendar_token_regenerate(actor=people.mentor_user)).content
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_only_a_digest_of_the_token_is_stored(people: People, course: Course) -> None:
    token = calendar_token_regenerate(actor=people.mentor_user)
    row = CalendarToken.objects.get(user=people.mentor_user)
    assert row.token_hash == token_digest(token) and token not in row.token_hash


def test_an_unknown_token_gets_404(client: Client, course: Course) -> None:
    assert feed(client, "not-a-token").status_code == 404


def test_a_revoked_token_stops_working(client: Client, people: People, course: Course) -> None:
    token = calendar_token_regenerate(actor=people.mentor_user)
    client.force_login(people.mentor_user)
    client.post(reverse("calendar_token_revoke"))
    client.logout()
    assert feed(client, token).status_code == 404


def test_a_new_token_replaces_the_old_one(client: Client, people: People, course: Course) -> None:
    old = calendar_token_regenerate(actor=people.mentor_user)
    client.force_login(people.mentor_user)
    client.post(reverse("calendar_token_regenerate"))
    page = client.get(reverse("calendar_settings")).content.decode()
    found = re.search(r"/calendar/([\w-]+)\.ics", page)
    assert found is not None
    new = found.group(1)
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    assert new not in client.get(reverse("calendar_settings")).content.decode()  # shown once


def test_a_mentors_feed_never_shows_another_mentors_courses(client: Client, people: People,
                                                            course: Course) -> None:
    body = feed(client, calendar_token_regenerate(actor=other_mentor_user(people))).content.decode()
    assert "BEGIN:VEVENT" not in body


def test_only_mentors_get_a_feed(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    assert client.post(reverse("calendar_token_regenerate")).status_code == 403
