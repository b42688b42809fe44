"""The spending limit's forecast against a hand-computed example (LAB § 203 a)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from reporting.models import CostKind
from reporting.selectors_money import limit_status
from tests.conftest import People
from tests.reporting.money_helpers import basis, course, line

D = datetime.date
TODAY = D(2026, 10, 15)


def build(people: People) -> None:
    # 100 full-time persons × 10,602 kr. = 1,060,200 kr.; ØVO 40,000 kr. a month Jan–Sep.
    basis(people.municipality, 2026, "100", dict.fromkeys(range(1, 10), "40000"))
    # A: 2 h a week at 500 kr., billed to 30 September; open to the end of the year.
    a = course(people, D(2026, 3, 1), D(2026, 12, 31), hours="2.0")
    line(a, D(2026, 3, 1), D(2026, 9, 30), "200000")
    line(a, D(2025, 11, 1), D(2025, 11, 30), "99999")  # last year: does not count
    # B: 3.5 h a week from 1 May for a year, nothing billed yet.
    course(people, D(2026, 5, 1), D(2027, 4, 30), hours="3.5")
    # C: 1 h a week, 15 June to 14 September, ended; its internal time does not count.
    c = course(people, D(2026, 6, 15), D(2026, 9, 14), hours="1.0", ended=True)
    line(c, D(2026, 6, 15), D(2026, 9, 14), "50000", kind=CostKind.INTERNAL)


def test_the_forecast_adds_spend_open_courses_new_courses_and_the_rest_of_upskilling(
        people: People) -> None:
    build(people)
    status = limit_status(people.municipality, 2026, TODAY)
    assert status.limit == Decimal("1060200.00")
    assert status.mentor_spent == Decimal("200000")
    assert status.other_spent == Decimal("360000")
    # A: 2 × 92 days (1 Oct–31 Dec) / 7 × 500; B: 3.5 × 245 days (1 May–31 Dec) / 7 × 500.
    assert status.open_course_count == 2
    assert status.open_courses == Decimal("74392.86")  # 13,142.86 + 61,250.00
    # B and C started April–September: (3.5 + 1) × 52 / 12 × 500 = 9,750 a month over 6
    # months adds 1,625 a month; their average length is (12.0 + 3.02) / 2 = 7.5 months;
    # with 2 months left, cohorts run 1 + 2 = 3 months.
    assert status.new_course_count == 2
    assert status.new_per_month == Decimal("1625.00")
    assert status.average_months == Decimal("7.5")
    assert status.remaining_months == 2
    assert status.new_courses == Decimal("4875.00")
    assert status.other_forecast == Decimal("120000.00")  # 40,000 × 3 months without figures
    assert status.forecast == Decimal("759267.86")
    assert status.spent_share == Decimal("52.8")
    assert status.forecast_share == Decimal("71.6")


def test_counted_kinds_are_the_municipality_s_choice(people: People) -> None:
    from reporting.services_money import spending_settings_update

    build(people)
    spending_settings_update(actor=people.manager, municipality=people.municipality,
                             counted_kinds=["invoice", "wage_refund", "internal"],
                             thresholds=[80], run_rate_months=6)
    status = limit_status(people.municipality, 2026, TODAY)
    assert status.mentor_spent == Decimal("250000")


def test_a_shorter_run_rate_window_reads_only_the_latest_starts(people: People) -> None:
    from reporting.services_money import spending_settings_update

    build(people)
    spending_settings_update(actor=people.manager, municipality=people.municipality,
                             counted_kinds=["invoice", "wage_refund"], thresholds=[80],
                             run_rate_months=4)
    status = limit_status(people.municipality, 2026, TODAY)
    # June–September: only C (1 h × 52 / 12 × 500 = 2,166.67 a month, over 4 months); its
    # 3.0 months' length caps neither of the 2 remaining months: 1 + 2 = 3 months' run.
    assert status.window == (D(2026, 6, 1), D(2026, 9, 30))
    assert status.new_course_count == 1
    assert status.new_courses == Decimal("1625.00")
