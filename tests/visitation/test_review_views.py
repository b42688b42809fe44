"""The review form: the mentor completes it; the result is shown read-only afterwards."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from tests.conftest import People
from tests.visitation.journal_helpers import (
    first_review,
    other_mentor_user,
    right_and_duty_course,
)
from visitation.models import Course, ReviewStatus

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 4, 2, 10, tzinfo=CPH), tick=False)
    return right_and_duty_course(people)


def review_post(course: Course, **overrides: str) -> dict[str, str]:
    data = {f"goal_{goal.pk}_scale": "4" for goal in course.referral.goals.all()}
    data.update({f"goal_{goal.pk}_text": "Kommer til tiden"
                 for goal in course.referral.goals.all()})
    data.update({"effect": "Borgeren møder stabilt.", "ready_for_active_offer": "yes",
                 "outcome": "continue"})
    return {**data, **overrides}


def test_the_mentor_completes_a_review(client: Client, people: People, course: Course) -> None:
    review = first_review(course)
    client.force_login(people.mentor_user)
    form = client.get(reverse("review_form", args=[review.pk])).content.decode()
    assert "Mål 1: møde stabilt op" in form and "Målet er nået" in form
    client.post(reverse("review_form", args=[review.pk]), review_post(course))
    review.refresh_from_db()
    assert review.status == ReviewStatus.DONE and review.ready_for_active_offer is True
    page = client.get(reverse("review_form", args=[review.pk])).content.decode()
    assert "Borgeren møder stabilt." in page and "Gennemfør opfølgning" not in page


def test_a_review_without_progression_is_not_saved_and_keeps_the_text(
        client: Client, people: People, course: Course) -> None:
    review = first_review(course)
    client.force_login(people.mentor_user)
    data = review_post(course)
    data = {k: v for k, v in data.items() if not k.endswith("_scale")}
    response = client.post(reverse("review_form", args=[review.pk]), data)
    assert response.status_code == 200 and "Borgeren møder stabilt." in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DUE


def test_another_mentor_gets_404_on_the_review(client: Client, people: People,
                                               course: Course) -> None:
    client.force_login(other_mentor_user(people))
    response = client.post(reverse("review_form", args=[first_review(course).pk]),
                           review_post(course))
    assert response.status_code == 404


def test_a_team_leader_sees_the_review_but_cannot_complete_it(client: Client, people: People,
                                                              course: Course) -> None:
    review = first_review(course)
    client.force_login(people.team_leader)
    assert "Gennemfør opfølgning" not in client.get(
        reverse("review_form", args=[review.pk])).content.decode()
    assert client.post(reverse("review_form", args=[review.pk]),
                       review_post(course)).status_code == 403
