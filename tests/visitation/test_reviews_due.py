"""The reviews due on a set of courses (the citizen page) and the workspace's share of them:
each course's next review and those due soon, chosen by a window function, whose ordering and
filtering differ between PostgreSQL and SQLite if written carelessly."""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import People
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import Review, ReviewStatus
from visitation.selectors_journal import reviews_due
from visitation.selectors_workspace import reviews_next_and_soon

pytestmark = pytest.mark.django_db


def test_reviews_due_are_the_due_ones_soonest_first_up_to_the_limit(people: People) -> None:
    courses = [right_and_duty_course(people, first_name=name) for name in ("A", "B")]
    ids = [course.pk for course in courses]
    done = Review.objects.filter(course=courses[0]).order_by("due_date")[0]
    Review.objects.filter(pk=done.pk).update(status=ReviewStatus.DONE)
    due = [(r.due_date, r.pk) for r in Review.objects.filter(course_id__in=ids)
           .exclude(pk=done.pk)]
    assert len(due) > 3
    assert [(r.due_date, r.pk) for r in reviews_due(ids)] == sorted(due)
    assert [(r.due_date, r.pk) for r in reviews_due(ids, limit=3)] == sorted(due)[:3]
    assert reviews_due([], limit=3) == [] == reviews_due([])


def test_the_workspace_gets_each_courses_next_review_and_those_due_soon(people: People) -> None:
    courses = [right_and_duty_course(people, first_name=name) for name in ("A", "B", "C")]
    ids = [course.pk for course in courses]
    # Course A: two reviews moved into the next days (both due soon); B as planned (its next
    # one later than soon); C's first one done.
    today = min(r.due_date for r in reviews_due(ids))
    for days, review in zip((1, 3), Review.objects.filter(course=courses[0]).order_by("id"),
                            strict=False):
        Review.objects.filter(pk=review.pk).update(due_date=today + datetime.timedelta(days))
    first_c = Review.objects.filter(course=courses[2]).order_by("due_date")[0]
    Review.objects.filter(pk=first_c.pk).update(status=ReviewStatus.DONE)
    every = reviews_due(ids)
    firsts: dict[int, int] = {}
    for review in every:
        firsts.setdefault(review.course_id, review.pk)
    for soon in (today - datetime.timedelta(days=1), today + datetime.timedelta(days=5),
                 today + datetime.timedelta(days=400)):
        expected = [r.pk for r in every if r.due_date <= soon or firsts[r.course_id] == r.pk]
        rows = reviews_next_and_soon(ids, soon=soon)
        assert [r.pk for r in rows] == expected
        assert len({r.course_id for r in rows}) == 3
    assert len(reviews_next_and_soon(ids, soon=today)) < len(every)
    assert reviews_next_and_soon([], soon=today) == []
