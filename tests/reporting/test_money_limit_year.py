"""The limit across the turn of a year: on New Year's Eve the year's page forecasts to its
end; from New Year's Day the new year is shown (without a limit until the law data has one)
and the old year keeps its final figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine
from django.test import Client
from django.urls import reverse

from reporting.selectors_money import limit_status
from tests.conftest import People
from tests.reporting.money_helpers import basis, course, line

D = datetime.date


def build(people: People) -> None:
    basis(people.municipality, 2026, "10", {11: "20000"})
    open_ = course(people, D(2026, 9, 1), D(2027, 2, 28), hours="2.0")
    line(open_, D(2026, 9, 1), D(2026, 11, 30), "30000")


def test_on_new_year_s_eve_the_forecast_runs_to_the_year_s_end(people: People) -> None:
    build(people)
    status = limit_status(people.municipality, 2026, D(2026, 12, 31))
    assert status.remaining_months == 0
    assert status.new_courses == Decimal(0)
    # December: 31 days × 2 h / 7 × 500 kr.
    assert status.open_courses == Decimal("4428.57")
    assert status.forecast == Decimal("30000") + Decimal("20000") + Decimal("4428.57") + (
        Decimal("20000") * 11)


def test_after_new_year_the_old_year_keeps_its_spend_and_the_new_one_is_shown(
        people: People, client: Client) -> None:
    build(people)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 12, tzinfo=datetime.UTC)):
        client.force_login(people.manager)  # a session idle for months has ended
        page = client.get(reverse("money_limit")).content.decode()
        assert "· 2026" in page
        assert "106.020" in page  # 10 × 10,602 kr.
    with time_machine.travel(datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(people.manager)
        page = client.get(reverse("money_limit")).content.decode()
        assert "· 2027" in page
        assert "fastsætter intet beløb pr. fuldtidsperson for 2027" in page
        status = limit_status(people.municipality, 2026, D(2027, 1, 1))
        assert status.forecast == status.spent == Decimal("50000")
        assert "106.020" in client.get(reverse("money_limit") + "?year=2026").content.decode()
