"""The reads written as SQL (mentor/sql.py) give what their querysets give: the same rows in
the same order with the same values, on PostgreSQL (CI) and SQLite (the embedded default)."""

from __future__ import annotations

import datetime

import pytest

from mentor.models import SocialServiceSupport, SocialSupportKind
from mentor.selectors_citizens import _referrals_of, _supports_of
from tests.factories import CitizenFactory, draft_referral, submitted_referral
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import Referral, Review, ReviewStatus
from visitation.selectors_journal import reviews_due, reviews_next_and_soon

pytestmark = pytest.mark.django_db


def test_a_citizens_referrals_as_sql_equal_the_queryset(people) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    draft_referral(citizen=citizen, caseworker=people.caseworker)
    submitted_referral(citizen=citizen, caseworker=people.caseworker)
    draft_referral(citizen=CitizenFactory(team=people.team), caseworker=people.caseworker)
    rows = _referrals_of(citizen.pk)
    expected = list(Referral.objects.filter(citizen=citizen).select_related("created_by")
                    .order_by("-created_at", "-id"))
    assert [r.pk for r in rows] == [r.pk for r in expected] and len(rows) == 2
    for row, want in zip(rows, expected, strict=True):
        assert (row.created_at, row.status, row.decision_kind, row.citizen_id) == \
            (want.created_at, want.status, want.decision_kind, want.citizen_id)
        assert isinstance(row.created_at, datetime.datetime)
        assert row.get_status_display() == want.get_status_display()
        assert str(row.created_by) == str(want.created_by)
        assert row.created_by.pk == want.created_by_id


def test_reviews_due_as_sql_equal_the_queryset(people) -> None:
    courses = [right_and_duty_course(people, first_name=name) for name in ("A", "B")]
    ids = [course.pk for course in courses]
    done = Review.objects.filter(course=courses[0]).order_by("due_date")[0]
    Review.objects.filter(pk=done.pk).update(status=ReviewStatus.DONE)
    expected = list(Review.objects.filter(course_id__in=ids, status=ReviewStatus.DUE)
                    .order_by("due_date", "id"))
    assert len(expected) > 3
    for rows in (reviews_due(ids, limit=3), reviews_due(ids)):
        assert [(r.pk, r.course_id, r.due_date, r.kind) for r in rows] == \
            [(r.pk, r.course_id, r.due_date, r.kind) for r in expected][:len(rows)]
        assert isinstance(rows[0].due_date, datetime.date)
        assert rows[0].get_kind_display() == expected[0].get_kind_display()
    assert len(reviews_due(ids, limit=3)) == 3
    assert len(reviews_due(ids)) == len(expected)
    assert reviews_due([], limit=3) == [] == reviews_due([])


def test_reviews_next_and_soon_are_those_of_reviews_due_the_workspace_uses(people) -> None:
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
    for soon in (today - datetime.timedelta(days=1), today + datetime.timedelta(days=5),
                 today + datetime.timedelta(days=400)):
        firsts: dict[int, int] = {}
        for review in every:
            firsts.setdefault(review.course_id, review.pk)
        expected = [(r.pk, r.course_id, r.due_date, r.kind) for r in every
                    if r.due_date <= soon or firsts[r.course_id] == r.pk]
        rows = reviews_next_and_soon(ids, soon=soon)
        assert [(r.pk, r.course_id, r.due_date, r.kind) for r in rows] == expected
        assert len({r.course_id for r in rows}) == 3
    assert len(reviews_next_and_soon(ids, soon=today)) < len(every)
    assert reviews_next_and_soon([], soon=today) == []


def test_a_citizens_support_as_sql_equals_the_queryset(people) -> None:
    citizen = CitizenFactory(team=people.team)
    for start, end in ((datetime.date(2025, 1, 1), None),
                       (datetime.date(2026, 2, 1), datetime.date(2026, 5, 1))):
        SocialServiceSupport.objects.create(
            citizen=citizen, kind=SocialSupportKind.SEL_85, start_date=start, end_date=end,
            provider="Bostøtte Syd", note="Støtte <i> hjemmet", created_by=people.caseworker)
    rows = _supports_of(citizen.pk)
    expected = list(citizen.social_supports.order_by("-start_date", "-id"))
    assert [(s.pk, s.kind, s.start_date, s.end_date, s.provider, s.note) for s in rows] == \
        [(s.pk, s.kind, s.start_date, s.end_date, s.provider, s.note) for s in expected]
    assert rows[0].get_kind_display() == expected[0].get_kind_display()
    assert _supports_of(CitizenFactory(team=people.team).pk) == []
