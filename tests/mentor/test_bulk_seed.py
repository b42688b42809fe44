"""The bulk generator behind ``seed_demo --citizens N --bulk``: counts, shapes, consistency
with the rules and the journal (idempotence is ``test_seed_demo``'s). Small sizes; the
100,000-citizen run is the benchmark's (``make bench``)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count
from django.test import Client

from mentor import cpr
from mentor.models import Citizen, DecisionKind, Municipality, User
from tests.conftest import ModuleDb
from visitation import rules
from visitation.decisions import policy_for
from visitation.models import (
    Course,
    CoursePeriod,
    CourseStatus,
    JournalEntry,
    Referral,
    ReferralStatus,
    Review,
    ReviewStatus,
)
from visitation.selectors_compliance import expected_interval_count

pytestmark = pytest.mark.django_db

SIZE = 300


@pytest.fixture(scope="module")
def bulk_seeded(module_db: ModuleDb) -> None:
    """The bulk generator alone, on the demo organisation (no hand-made demo cases), once for
    the module: every test here only reads it."""
    from django.utils import timezone

    from mentor.seed import bulk, organisation

    with module_db():
        bulk.seed_bulk(organisation.seed_organisation(), SIZE, today=timezone.localdate())


def test_bulk_seed_gives_the_shapes_of_a_real_caseload(bulk_seeded: None) -> None:
    courses = Course.objects.count()
    assert 0.9 * SIZE <= courses <= 1.5 * SIZE
    assert 4 <= Review.objects.count() / courses <= 8
    assert 15 <= JournalEntry.objects.count() / courses <= 40
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {ReferralStatus.APPROVED, ReferralStatus.SUBMITTED} <= statuses
    assert {CourseStatus.ACTIVE, CourseStatus.ENDED} <= set(
        Course.objects.values_list("status", flat=True))
    assert CoursePeriod.objects.filter(number__gt=1).exists()  # extensions
    kinds = set(Course.objects.values_list("kind", flat=True))
    assert {DecisionKind.RIGHT_AND_DUTY, DecisionKind.OFFER} <= kinds
    assert DecisionKind.NOT_ELIGIBLE not in kinds
    years = {d.year for d in Course.objects.values_list("start_date", flat=True)}
    assert len(years) >= 8  # spread over the years since the rules began in 2014
    assert Review.objects.filter(status=ReviewStatus.DONE).exists()


def test_every_course_carries_the_rules_decision_of_its_referral(bulk_seeded: None) -> None:
    municipality = Municipality.objects.get()
    for course in Course.objects.select_related("referral")[:150]:
        referral = course.referral
        on = datetime.date.fromisoformat(referral.facts_snapshot["decision_date"])
        decision = rules.evaluate(rules.parse_facts(referral.facts_snapshot),
                                  policy_for(municipality, on))
        assert decision.kind == referral.decision_kind == referral.decision["kind"]
        assert course.start_date == decision.start_date
        first = course.periods.get(number=1)
        assert [d.isoformat() for d in decision.review_dates] == \
            first.decision["review_dates"]
        assert first.reviews.count() == len(decision.review_dates)


def test_a_course_follows_its_latest_period(bulk_seeded: None) -> None:
    for course in Course.objects.annotate(n=Count("periods")).filter(
            n__gt=1)[:50]:
        last = course.periods.order_by("-number").first()
        assert last is not None
        assert course.kind == last.decision["kind"]
        assert course.status in (CourseStatus.EXTENDED, CourseStatus.ENDED)
        if course.status == CourseStatus.EXTENDED:
            assert course.end_date == last.end_date


def test_contact_figures_match_what_the_journal_service_would_keep(bulk_seeded: None) -> None:
    yesterday = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011
    tracked = Course.objects.filter(min_contact_days__isnull=False)
    assert tracked.exists()
    for course in tracked.annotate(kept=Count("contact_intervals"))[:80]:
        assert course.kept == expected_interval_count(course, yesterday)
        last = course.journal_entries.order_by("-contact_date").first()
        assert course.last_contact_date == (last.contact_date if last else None)


def test_journal_entries_are_written_by_the_course_mentor_within_the_course(
        bulk_seeded: None) -> None:
    for entry in JournalEntry.objects.select_related("course__mentor")[:500]:
        assert entry.course.mentor is not None
        assert entry.author_id == entry.course.mentor.user_id
        assert entry.course.start_date <= entry.contact_date <= (
            entry.course.ended_on or entry.course.end_date)


def test_bulk_cpr_numbers_are_valid_format_and_fail_modulus_11(bulk_seeded: None) -> None:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    for citizen in Citizen.objects.order_by("-id")[:100]:
        number = cpr.decrypt(citizen.cpr_encrypted)
        assert cpr.birth_date(number) == citizen.birth_date
        assert cpr.keyed_hash(number) == citizen.cpr_hash
        assert sum(int(d) * w for d, w in zip(number, weights, strict=True)) % 11 != 0


def test_bulk_users_log_in_with_the_demo_password(bulk_seeded: None, client: Client) -> None:
    from mentor.seed.organisation import DEMO_PASSWORD

    mentor = User.objects.filter(username__startswith="mentor-").first()
    assert mentor is not None and mentor.check_password(DEMO_PASSWORD)
    assert Course.objects.filter(mentor__user=mentor).exists()
