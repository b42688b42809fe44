"""Server-side SVG bar charts, the same in the browser and in the PDF report.

Only SVG presentation attributes (``fill``, ``font-size``...): the Content-Security-Policy
forbids inline ``style``. Every chart names the table that holds its figures
(``aria-describedby``), and the page always shows that table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reporting.tables import Table, is_hidden

PALETTE: Final = ("#1f5fa8", "#e07b00", "#2a8a4a", "#7a4bb3", "#6c757d", "#b02a37")
WIDTH: Final = 640
LABEL_WIDTH: Final = 190
VALUE_WIDTH: Final = 125
BAR_HEIGHT: Final = 16
GAP: Final = 12
FONT: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Any]  # numbers, None, or "<5"


def _number(value: Any, decimals: int) -> str:
    if value is None:
        return "–"
    if is_hidden(value):
        return str(value)
    return str(number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True))


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, chart_id: str, title: str, categories: list[str], series: list[Series],
              table_id: str, unit: str = "", decimals: int = 0,
              max_value: Decimal | int | None = None) -> SafeString:
    """A horizontal bar chart: one group of bars per category, one bar per series."""
    numeric = [Decimal(v) for s in series for v in s.values
               if v is not None and not is_hidden(v)]
    top = Decimal(max_value) if max_value is not None else max(numeric, default=Decimal(0))
    legend_height = 26 if len(series) > 1 else 0
    group_height = len(series) * BAR_HEIGHT + GAP
    height = 8 + legend_height + max(1, len(categories)) * group_height + 4
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" id="{escape(chart_id)}" '
        f'aria-labelledby="{escape(chart_id)}-title" aria-describedby="{escape(table_id)}" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc>{escape(_("Tallene står i tabellen under diagrammet."))}</desc>',
    ]
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, s in enumerate(series):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 17}" y="18" fill="#212529">{escape(s.name)}</text>')
            x += 28 + 7 * len(s.name)
    if not categories:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{8 + legend_height + 14}" fill="#6c757d">'
                     f'{escape(_("Ingen data i perioden."))}</text>')
    y = 8 + legend_height
    for row, category in enumerate(categories):
        label_y = y + (len(series) * BAR_HEIGHT) / 2 + 4
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{label_y:.1f}" text-anchor="end" '
                     f'fill="#212529"><title>{escape(category)}</title>'
                     f'{escape(_short(category))}</text>')
        for index, s in enumerate(series):
            value = s.values[row]
            colour = PALETTE[index % len(PALETTE)]
            length = 0.0
            if value is not None and not is_hidden(value) and top > 0:
                length = float(Decimal(value) / top) * bar_space
            bar_y = y + index * BAR_HEIGHT
            text = _number(value, decimals) + (
                f" {unit}" if unit and value is not None and not is_hidden(value) else "")
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{max(length, 0):.1f}" '
                         f'height="{BAR_HEIGHT - 3}" fill="{colour}">'
                         f'<title>{escape(s.name)}: {escape(text)}</title></rect>')
            parts.append(f'<text x="{LABEL_WIDTH + length + 5:.1f}" '
                         f'y="{bar_y + BAR_HEIGHT - 5}" fill="#212529">{escape(text)}</text>')
        y += group_height
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{8 + legend_height - 2}" x2="{LABEL_WIDTH}" '
                 f'y2="{height - 4}" stroke="#adb5bd" stroke-width="1"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


HIDDEN_FILL: Final = "#ced4da"


def stacked_chart(*, chart_id: str, title: str, categories: list[str], series: list[Series],
                  totals: list[Any], table_id: str) -> SafeString:
    """One bar per category split into shares (100 %), a segment per series. Cells the table
    hides are drawn together as one grey segment: its size is the row's total less the shown
    cells, which the table gives away anyway; a row whose total is hidden is all grey."""
    legend = [(s.name, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]
    legend.append((_("Skjult (små tal)"), HIDDEN_FILL))
    # The legend wraps onto as many lines as it needs.
    placed: list[tuple[int, int, str, str]] = []
    x, line = LABEL_WIDTH, 0
    for name, colour in legend:
        width = 30 + 7 * len(name)
        if x + width > WIDTH and x > LABEL_WIDTH:
            x, line = LABEL_WIDTH, line + 1
        placed.append((x, 8 + 18 * line, name, colour))
        x += width
    legend_height = 18 * (line + 1) + 8
    height = 8 + legend_height + max(1, len(categories)) * (BAR_HEIGHT + GAP) + 4
    bar_space = WIDTH - LABEL_WIDTH - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" id="{escape(chart_id)}" '
        f'aria-labelledby="{escape(chart_id)}-title" aria-describedby="{escape(table_id)}" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc>{escape(_("Tallene står i tabellen under diagrammet."))}</desc>',
    ]
    for lx, ly, name, colour in placed:
        parts.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 17}" y="{ly + 10}" fill="#212529">{escape(name)}</text>')
    if not categories:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{8 + legend_height + 14}" fill="#6c757d">'
                     f'{escape(_("Ingen data i perioden."))}</text>')
    y = 8 + legend_height
    for row, category in enumerate(categories):
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" '
                     f'text-anchor="end" fill="#212529"><title>{escape(category)}</title>'
                     f'{escape(_short(category))}</text>')
        total = totals[row]
        segments: list[tuple[str, str, Decimal]] = []
        if total is not None and not is_hidden(total) and total > 0:
            shown = Decimal(0)
            for index, s in enumerate(series):
                value = s.values[row]
                if value is not None and not is_hidden(value) and value > 0:
                    segments.append((s.name, PALETTE[index % len(PALETTE)], Decimal(value)))
                    shown += Decimal(value)
            if Decimal(total) > shown:
                segments.append((_("Skjult (små tal)"), HIDDEN_FILL, Decimal(total) - shown))
            x0 = float(LABEL_WIDTH)
            for name, colour, value in segments:
                segment = float(value / Decimal(total)) * bar_space
                share = _number(Decimal(100) * value / Decimal(total), 0)
                parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{segment:.1f}" '
                             f'height="{BAR_HEIGHT - 3}" fill="{colour}"><title>'
                             f'{escape(name)}: {escape(share)} %</title></rect>')
                x0 += segment
            label = _number(total, 0)
        else:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar_space}" '
                         f'height="{BAR_HEIGHT - 3}" fill="{HIDDEN_FILL}"/>')
            label = _number(total, 0)
        parts.append(f'<text x="{LABEL_WIDTH + bar_space + 6}" y="{y + BAR_HEIGHT - 4}" '
                     f'fill="#212529">n = {escape(label)}</text>')
        y += BAR_HEIGHT + GAP
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _column(table: Table, key: str) -> list[Any]:
    index = [c.key for c in table.columns].index(key)
    return [row[index] for row in table.rows]


def _categories(table: Table) -> list[str]:
    return [str(row[0]) if row[0] else str(row[1]) for row in table.rows]


def dashboard_charts(tables: dict[str, Table]) -> dict[str, SafeString]:
    """The dashboard's charts, keyed by the table each one belongs to."""
    charts: dict[str, SafeString] = {}
    if "spend" in tables:
        t = tables["spend"]
        charts["spend"] = bar_chart(
            chart_id="chart-spend", title=t.title, categories=_categories(t),
            series=[Series(_("Udgift"), _column(t, "spend"))], table_id="table-spend",
            unit=_("kr."))
    if "kinds" in tables:
        t = tables["kinds"]
        charts["kinds"] = bar_chart(
            chart_id="chart-kinds", title=_("Eksterne udgifter i skal- og kan-forløb"),
            categories=[f"{row[0]}: {row[1]}" for row in t.rows],
            series=[Series(_("Eksterne udgifter"), _column(t, "spend"))],
            table_id="table-kinds", unit=_("kr."))
    if "hours" in tables:
        t = tables["hours"]
        charts["hours"] = bar_chart(
            chart_id="chart-hours", title=t.title, categories=_categories(t),
            series=[Series(_("Bevilget"), _column(t, "granted")),
                    Series(_("Brugt"), _column(t, "used"))],
            table_id="table-hours", unit=_("t"), decimals=0)
    if "compliance" in tables:
        t = tables["compliance"]
        charts["compliance"] = bar_chart(
            chart_id="chart-compliance", title=t.title,
            categories=[_("Kontakt til tiden i dag"), _("Kontaktintervaller med kontakt"),
                        _("Opfølgning til tiden")],
            series=[Series(_("Andel"), _column(t, "share"))], table_id="table-compliance",
            unit="%", decimals=1, max_value=100)
    if "outcomes_kind" in tables:
        # Shares of the ended courses: the bars show even where small counts are hidden.
        # The total row too: its counts are the least often hidden.
        t = tables["outcomes_kind"]
        keys = [c.key for c in t.columns[1:-1]]
        total = t.total if t.rows else []
        charts["outcomes_kind"] = stacked_chart(
            chart_id="chart-outcomes", title=t.title,
            categories=_categories(t) + ([str(total[0])] if total else []),
            series=[Series(str(t.columns[1 + i].label),
                           _column(t, key) + ([total[1 + i]] if total else []))
                    for i, key in enumerate(keys)],
            totals=_column(t, "ended") + ([total[-1]] if total else []),
            table_id="table-outcomes_kind")
    if "effect_outcomes" in tables:
        t = tables["effect_outcomes"]
        charts["effect_outcomes"] = bar_chart(
            chart_id="chart-effect", title=_("Udgift pr. borger og pr. forløb med job eller "
                                             "uddannelse"),
            categories=_categories(t),
            series=[Series(_("Pr. borger"), _column(t, "per_citizen")),
                    Series(_("Pr. forløb med job eller uddannelse"), _column(t, "per_good"))],
            table_id="table-effect_outcomes", unit=_("kr."))
    return charts
