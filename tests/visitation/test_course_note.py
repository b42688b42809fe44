"""The team leader's note on a course: written by a team leader of the course's team, read by
the course's caseworker and mentor on the course page, every earlier text kept in history."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentor.models import Notification, Role
from mentor.services import NotPermitted
from tests.conftest import People
from tests.factories import UserFactory
from tests.visitation.team_helpers import second_caseworker, team_course
from visitation.models import CourseNote
from visitation.services.team import course_note_write

pytestmark = pytest.mark.django_db


def test_an_edit_keeps_the_old_text_with_who_and_when(people: People) -> None:
    course = team_course(people)
    course_note_write(actor=people.team_leader, course=course, text="Husk tolk.")
    note = course_note_write(actor=people.team_leader, course=course, text="Husk tolk og kørsel.")
    versions = list(note.history.order_by("history_date", "history_id")
                    .values_list("text", "history_user"))
    assert versions == [("Husk tolk.", people.team_leader.pk),
                        ("Husk tolk og kørsel.", people.team_leader.pk)]
    assert CourseNote.objects.get(course=course).written_by == people.team_leader


def test_the_caseworker_and_mentor_are_told(people: People) -> None:
    course = team_course(people)
    course_note_write(actor=people.team_leader, course=course, text="Husk tolk.")
    assert set(Notification.objects.filter(code="course_note_written")
               .values_list("user", flat=True)) == {people.caseworker.pk,
                                                     people.mentor_user.pk}


def test_only_a_team_leader_of_the_team_writes_it(people: People) -> None:
    course = team_course(people)
    other_leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    for actor in (people.caseworker, people.mentor_user, other_leader, people.administrator):
        with pytest.raises(NotPermitted):
            course_note_write(actor=actor, course=course, text="Note")


def test_the_course_page_shows_it_to_the_caseworker_and_mentor_only(people: People,
                                                                    client: Client) -> None:
    course = team_course(people)
    course_note_write(actor=people.team_leader, course=course, text="Første udgave.")
    course_note_write(actor=people.team_leader, course=course, text="Anden udgave.")
    url = reverse("course_detail", args=[course.pk])
    for reader in (people.caseworker, people.mentor_user, people.team_leader):
        client.force_login(reader)
        body = client.get(url).content.decode()
        assert "Anden udgave." in body and "Første udgave." in body, reader
    colleague = second_caseworker(people)  # the team's, but not the course's caseworker
    client.force_login(colleague)
    body = client.get(url).content.decode()
    assert client.get(url).status_code == 200 and "Anden udgave." not in body


def test_the_note_form_saves_and_returns_to_the_course(people: People, client: Client) -> None:
    course = team_course(people)
    client.force_login(people.team_leader)
    response = client.post(reverse("course_note", args=[course.pk]), {"text": "Husk tolk."})
    assert response.status_code == 302
    assert CourseNote.objects.get(course=course).text == "Husk tolk."
    client.force_login(people.caseworker)
    assert client.get(reverse("course_note", args=[course.pk])).status_code == 403
