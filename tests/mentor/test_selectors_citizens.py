"""The citizen page's reads: a citizen's referrals and social support, in the page's order, in
one query each."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.models import SocialServiceSupport, SocialSupportKind
from mentor.selectors_citizens import citizen_referrals, citizen_supports
from tests.conftest import People
from tests.factories import CitizenFactory, draft_referral, submitted_referral

pytestmark = pytest.mark.django_db


def test_a_citizens_referrals_come_newest_first_with_their_authors_in_one_query(
        people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    first = draft_referral(citizen=citizen, caseworker=people.caseworker)
    second = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    draft_referral(citizen=CitizenFactory(team=people.team), caseworker=people.caseworker)
    with CaptureQueriesContext(connection) as queries:
        shown = [(r.pk, r.get_status_display(), str(r.created_by))
                 for r in citizen_referrals(citizen)]
    assert [pk for pk, _status, _author in shown] == [second.pk, first.pk]
    assert {author for _pk, _status, author in shown} == {str(people.caseworker)}
    assert len(queries) == 1


def test_a_citizens_support_comes_newest_first(people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    older, newer = (SocialServiceSupport.objects.create(
        citizen=citizen, kind=SocialSupportKind.SEL_85, start_date=start, end_date=end,
        provider="Bostøtte Syd", note="Støtte i hjemmet", created_by=people.caseworker)
        for start, end in ((datetime.date(2025, 1, 1), None),
                           (datetime.date(2026, 2, 1), datetime.date(2026, 5, 1))))
    with CaptureQueriesContext(connection) as queries:
        shown = [(s.pk, s.get_kind_display(), s.provider, s.note, s.end_date)
                 for s in citizen_supports(citizen)]
    assert [pk for pk, *_rest in shown] == [newer.pk, older.pk]
    assert len(queries) == 1
    assert list(citizen_supports(CitizenFactory(team=people.team))) == []
