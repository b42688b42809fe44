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
from visitation.selectors_journal import reviews_due

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
