"""Warnings at the thresholds the manager sets: recorded and notified once per threshold,
basis and year, however often the sweep runs."""

from __future__ import annotations

import datetime

from mentor.models import Notification
from reporting.models_limit import SpendingLimitCrossing
from reporting.services_money import spending_settings_update, spending_warnings_check
from tests.conftest import People
from tests.reporting.money_helpers import basis, course, line
from visitation.models import Course
from visitation.services import followup

D = datetime.date
TODAY = D(2026, 6, 15)


def setup_year(people: People) -> Course:
    # 10 persons: a limit of 106,020 kr.; a course ended in May, so the forecast adds nothing.
    basis(people.municipality, 2026, "10")
    spending_settings_update(actor=people.manager, municipality=people.municipality,
                             counted_kinds=["invoice"], thresholds=[80, 95, 100],
                             run_rate_months=1)
    return course(people, D(2026, 1, 1), D(2026, 5, 31), ended=True)


def test_a_threshold_reached_is_notified_once(people: People) -> None:
    ended = setup_year(people)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")  # 84.9 %
    assert spending_warnings_check(today=TODAY) == 2  # 80 % on the spend and the forecast
    assert spending_warnings_check(today=TODAY) == 0
    notes = Notification.objects.filter(user=people.manager)
    assert notes.count() == 2
    assert "80 %" in notes.get(code="spending_limit_spent").text
    assert "84,9 %" in notes.get(code="spending_limit_spent").text


def test_the_next_threshold_is_notified_when_it_is_reached(people: People) -> None:
    ended = setup_year(people)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")
    spending_warnings_check(today=TODAY)
    line(ended, D(2026, 2, 1), D(2026, 2, 28), "12000")  # 96.2 %
    assert spending_warnings_check(today=TODAY) == 2
    assert set(SpendingLimitCrossing.objects.values_list("threshold", "basis")) == {
        (80, "spent"), (80, "forecast"), (95, "spent"), (95, "forecast")}
    assert Notification.objects.filter(user=people.manager).count() == 4


def test_only_managers_are_told(people: People) -> None:
    ended = setup_year(people)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")
    spending_warnings_check(today=TODAY)
    assert not Notification.objects.exclude(user=people.manager).exists()


def test_no_limit_no_warning(people: People) -> None:
    ended = course(people, D(2026, 1, 1), D(2026, 5, 31), ended=True)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")
    assert spending_warnings_check(today=TODAY) == 0


def test_the_daily_sweep_checks_the_limit(people: People) -> None:
    ended = setup_year(people)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")
    result = followup.sweep(today=TODAY, inline=True)
    assert result.spending_warnings == 2
    assert followup.sweep(today=TODAY, inline=True).spending_warnings == 0
