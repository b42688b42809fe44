"""Server-side SVG charts: no inline style (the CSP), a title, and a pointer to their table."""

import re
from decimal import Decimal
from typing import Any

from reporting.charts import Series, bar_chart


def chart(**overrides: Any) -> str:
    arguments: dict[str, Any] = {
        "chart_id": "chart-x", "title": "Udgifter <pr. ordning>",
        "categories": ["Fastholdelsesmentor", "Helhedsorienteret mentor"],
        "series": [Series("Udgift", [Decimal(25_000_000), Decimal(26_000_000)])],
        "table_id": "table-spend", "unit": "kr."}
    arguments.update(overrides)
    return str(bar_chart(**arguments))


def test_a_chart_uses_presentation_attributes_only() -> None:
    svg = chart()
    assert "style=" not in svg and "<style" not in svg
    assert 'fill="#1f5fa8"' in svg


def test_a_chart_names_its_table_and_escapes_text() -> None:
    svg = chart()
    assert 'aria-describedby="table-spend"' in svg
    assert "<title id=\"chart-x-title\">Udgifter &lt;pr. ordning&gt;</title>" in svg


def test_bars_are_proportional_and_values_use_danish_grouping() -> None:
    widths = [float(w) for w in re.findall(r'<rect x="190" y="[\d.]+" width="([\d.]+)"',
                                           chart())]
    assert round(widths[0] / widths[1], 3) == round(25 / 26, 3)
    assert "26.000.000 kr." in chart()


def test_a_suppressed_value_draws_no_bar_and_says_under_five() -> None:
    svg = chart(series=[Series("Borgere", ["<5", 12])], unit="")
    assert re.search(r'width="0\.0"', svg) and "&lt;5" in svg


def test_an_empty_chart_says_so() -> None:
    assert "Ingen data i perioden." in chart(categories=[], series=[Series("Udgift", [])])


def test_the_outcome_chart_draws_its_bars_when_small_counts_are_hidden(people: Any) -> None:
    import datetime

    from reporting.charts import dashboard_charts
    from tests.reporting.helpers import end, holistic, retention, tables_for

    d = datetime.date
    for outcome in ("job", "job", "education", ""):
        end(holistic(people, d(2019, 1, 1)), d(2019, 6, 1), outcome)
    end(retention(people, d(2019, 1, 1)), d(2019, 6, 1), "education")
    tables = tables_for(people.manager, 2019, today=d(2019, 12, 31))
    assert "<5" in tables["outcomes_kind"].rows[0]  # every count here is small
    svg = str(dashboard_charts(tables)["outcomes_kind"])
    bars = re.findall(r'<rect x="[\d.]+" y="(\d+)" width="([\d.]+)" height="13"', svg)
    assert len({y for y, _width in bars}) == 3  # a bar for each kind and one for the total
    assert all(float(width) > 0 for _y, width in bars)
    assert "n = &lt;5" in svg or "n = <5" in svg
