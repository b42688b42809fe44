"""Providers against their framework agreement's hourly price, against hand-built lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

from mentor.models import ProviderKind
from reporting.models import CostKind
from reporting.periods import period_for
from reporting.selectors_money import provider_figures
from tests.conftest import People
from tests.factories import ProviderFactory
from tests.reporting.money_helpers import course, line

D = datetime.date
TODAY = D(2026, 12, 1)


def build(people: People) -> None:
    above = ProviderFactory(municipality=people.municipality, name="Dyr ApS",
                            hourly_price=Decimal("500"))
    company = ProviderFactory(municipality=people.municipality, name="Fabrikken A/S",
                              kind=ProviderKind.COMPANY, hourly_price=Decimal("300"))
    internal = ProviderFactory(municipality=people.municipality, name="Mentorkorpset",
                               kind=ProviderKind.INTERNAL, hourly_price=None)
    a = course(people, D(2026, 1, 1), D(2026, 6, 30), provider=above)
    b = course(people, D(2026, 1, 1), D(2026, 6, 30), provider=above)
    c = course(people, D(2026, 1, 1), D(2026, 6, 30), provider=company)
    d = course(people, D(2026, 1, 1), D(2026, 6, 30), provider=internal)
    line(a, D(2026, 1, 1), D(2026, 1, 31), "5500", hours="10")
    line(b, D(2026, 1, 1), D(2026, 1, 31), "10000", hours="20")
    line(c, D(2026, 1, 1), D(2026, 1, 31), "3000", hours="10", kind=CostKind.WAGE_REFUND)
    line(d, D(2026, 1, 1), D(2026, 1, 31), "2125", hours="5", kind=CostKind.INTERNAL)
    line(a, D(2025, 12, 1), D(2025, 12, 31), "9999", hours="1")  # last year


def test_price_per_hour_is_set_against_the_framework_price(people: People) -> None:
    build(people)
    figures = provider_figures(people.municipality, period_for(2026), TODAY)
    rows = {row[0]: row[2:] for row in figures.providers.rows}
    assert rows["Dyr ApS"] == [Decimal("15500"), Decimal("30.0"), "<5", Decimal("516.67"),
                               Decimal("500.00"), Decimal("3.3")]
    assert rows["Fabrikken A/S"] == [Decimal("3000"), Decimal("10.0"), "<5",
                                     Decimal("300.00"), Decimal("300.00"), Decimal("0.0")]
    assert "Mentorkorpset" not in rows  # internal time is shown apart
    assert figures.providers.total[2:6] == [Decimal("18500"), Decimal("40.0"), 3,
                                           Decimal("462.50")]
    assert (figures.internal_hours, figures.internal_value) == (Decimal("5"), Decimal("2125"))


def test_the_scheme_rows_add_up_to_the_providers(people: People) -> None:
    build(people)
    figures = provider_figures(people.municipality, period_for(2026), TODAY)
    assert sum(row[2] for row in figures.schemes.rows) == Decimal("18500")
    assert figures.schemes.total[2] == Decimal("18500")
    assert {row[0] for row in figures.schemes.rows} == {"Dyr ApS", "Fabrikken A/S"}
