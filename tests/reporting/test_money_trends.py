"""Monthly trends: spend, citizens, courses started and ended, and their line charts."""

from __future__ import annotations

import datetime
from decimal import Decimal

from reporting.charts_line import Line, line_chart, nice_top
from reporting.selectors_money import trends
from tests.conftest import People
from tests.reporting.money_helpers import course, line

D = datetime.date


def test_each_month_counts_its_spend_citizens_starts_and_ends(people: People) -> None:
    a = course(people, D(2025, 1, 10), D(2025, 3, 5), ended=True)
    course(people, D(2025, 2, 1), D(2025, 7, 31))
    line(a, D(2025, 1, 10), D(2025, 1, 31), "1000")
    line(a, D(2025, 2, 1), D(2025, 2, 28), "2500")
    result = trends(people.municipality, D(2026, 3, 15))
    assert result.months[0] == D(2023, 1, 1) and result.months[-1] == D(2026, 2, 1)
    months = [m.strftime("%Y-%m") for m in result.months]
    spend = dict(zip(months, result.series("spend", "spend"), strict=True))
    citizens = dict(zip(months, result.series("citizens", "citizens"), strict=True))
    started = dict(zip(months, result.series("courses", "started"), strict=True))
    ended = dict(zip(months, result.series("courses", "ended"), strict=True))
    assert (spend["2025-01"], spend["2025-02"], spend["2025-03"]) == (
        Decimal(1000), Decimal(2500), Decimal(0))
    assert (citizens["2025-01"], citizens["2025-02"], citizens["2025-03"],
            citizens["2025-04"], citizens["2025-08"]) == (1, 2, 2, 1, 0)
    assert (started["2025-01"], started["2025-02"], ended["2025-03"]) == (1, 1, 1)
    assert result.tables["spend"].total[1] == Decimal(3500)


def test_a_line_chart_names_its_table_and_draws_every_point() -> None:
    svg = line_chart(chart_id="c", title="Udgift", labels=["Januar 2026", "Februar 2026"],
                     lines=[Line("Udgift", [Decimal(10), None]), Line("Andet", [1, 2])],
                     table_id="table-x")
    assert 'aria-describedby="table-x"' in svg
    assert svg.count("<circle") == 3
    assert "<polyline" in svg
    assert "style=" not in svg


def test_every_grid_line_of_the_axis_has_a_round_figure() -> None:
    assert [nice_top(Decimal(v)) for v in (0, 7, 13, 240, 3100, 98000)] == [
        Decimal(4), Decimal(8), Decimal(16), Decimal(240), Decimal(3200), Decimal(100000)]
