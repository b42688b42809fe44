"""The permission-checked fetches of a citizen, a journal entry and a review: the object with
what its page reads, in one query, or 404 for anyone who may not see it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from mentor.permissions import get_citizen_for_user, get_entry_for_user, get_review_for_user
from tests.conftest import People
from tests.factories import CitizenFactory
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.services.journal import journal_entry_add

pytestmark = pytest.mark.django_db


def test_a_citizen_comes_with_team_and_municipality_in_one_query(people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    people.caseworker.team_ids  # noqa: B018 - the user's teams are read once per request
    with CaptureQueriesContext(connection) as queries:
        found = get_citizen_for_user(people.caseworker, citizen.pk)
        assert found.team.municipality.name == people.municipality.name
    assert len(queries) == 1


def test_a_journal_entry_is_fetched_for_its_mentor_and_hidden_from_an_outsider(
        people: People) -> None:
    course = right_and_duty_course(people)
    entry = journal_entry_add(actor=people.mentor_user, course=course,
                              data=meeting(course.start_date))
    found = get_entry_for_user(people.mentor_user, entry.pk)
    assert (found.pk, found.course.citizen_id) == (entry.pk, course.citizen_id)
    for user, pk in ((people.outsider, entry.pk), (people.administrator, entry.pk),
                     (people.mentor_user, 10**12), (people.mentor_user, "x")):
        with pytest.raises(Http404):
            get_entry_for_user(user, pk)  # type: ignore[arg-type]


def test_a_review_is_fetched_for_the_course_team_and_hidden_from_an_outsider(
        people: People) -> None:
    course = right_and_duty_course(people)
    review = course.reviews.order_by("due_date")[0]
    assert get_review_for_user(people.caseworker, review.pk).course.pk == course.pk
    assert get_review_for_user(people.mentor_user, review.pk).pk == review.pk
    for user in (people.outsider, people.manager):
        with pytest.raises(Http404):
            get_review_for_user(user, review.pk)
