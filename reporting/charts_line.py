"""Server-side SVG line charts for the monthly trends, drawn like ``reporting.charts``' bar
charts: presentation attributes only (the CSP forbids inline ``style``), a title, a
description naming the table that holds the figures (``aria-describedby``), and a tooltip on
every point.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reporting.charts import FONT, PALETTE

WIDTH: Final = 640
HEIGHT: Final = 240
LEFT: Final = 78  # room for the y axis' figures
RIGHT: Final = 12
TOP: Final = 12
BOTTOM: Final = 28  # room for the years under the x axis
LEGEND: Final = 24
GRID_LINES: Final = 4


@dataclass(frozen=True)
class Line:
    name: str
    values: list[Any]  # numbers; None leaves a gap


def _number(value: Any) -> str:
    return str(number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True))


STEPS: Final = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(3), Decimal(4), Decimal(5),
                 Decimal(6), Decimal(8), Decimal(10))


def nice_top(value: Decimal) -> Decimal:
    """The axis' top: ``GRID_LINES`` times the smallest round step (1, 2, 2.5, 3, 4, 5, 6 or
    8 × 10ⁿ, whole numbers only) that reaches ``value``, so that every grid line has a round
    figure."""
    if value <= 0:
        return Decimal(GRID_LINES)
    wanted = value / GRID_LINES
    magnitude = Decimal(10) ** (len(str(int(wanted))) - 1) if wanted >= 1 else Decimal(1)
    for step in STEPS:
        candidate = magnitude * step
        if candidate >= wanted and candidate == candidate.to_integral_value():
            return candidate * GRID_LINES
    return magnitude * 10 * GRID_LINES


def line_chart(*, chart_id: str, title: str, labels: list[str], lines: list[Line],
               table_id: str, unit: str = "",
               ticks: list[tuple[int, str]] | None = None) -> SafeString:
    """A line per series over ``labels`` (the x axis, e.g. months); ``ticks`` are the
    positions labelled under the axis (default: every label whose text ends a year change,
    i.e. the first label and each January)."""
    legend = LEGEND if len(lines) > 1 else 0
    plot_top = TOP + legend
    plot_height = HEIGHT - plot_top - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    numbers = [Decimal(v) for line in lines for v in line.values if v is not None]
    top = nice_top(max(numbers, default=Decimal(0)))
    count = len(labels)

    def x(index: int) -> float:
        return LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y(value: Any) -> float:
        return plot_top + plot_height - float(Decimal(value) / top) * plot_height

    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" id="{cid}" aria-labelledby="{cid}-title" '
        f'aria-describedby="{escape(table_id)}" font-family="{FONT}" font-size="12">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc>{escape(_("Tallene står i tabellen ved siden af diagrammet."))}</desc>',
    ]
    if len(lines) > 1:
        lx = LEFT
        for index, line in enumerate(lines):
            colour = PALETTE[index % len(PALETTE)]
            parts.append(f'<rect x="{lx}" y="{TOP}" width="14" height="4" fill="{colour}"/>')
            parts.append(f'<text x="{lx + 19}" y="{TOP + 6}" fill="#212529">'
                         f'{escape(line.name)}</text>')
            lx += 34 + 7 * len(line.name)
    for step in range(GRID_LINES + 1):
        value = top * step / GRID_LINES
        gy = y(value)
        parts.append(f'<line x1="{LEFT}" y1="{gy:.1f}" x2="{WIDTH - RIGHT}" y2="{gy:.1f}" '
                     f'stroke="{"#adb5bd" if step == 0 else "#e9ecef"}" stroke-width="1"/>')
        text = _number(value) + (f" {unit}" if unit and step == GRID_LINES else "")
        parts.append(f'<text x="{LEFT - 6}" y="{gy + 4:.1f}" text-anchor="end" '
                     f'fill="#495057">{escape(text)}</text>')
    if ticks is None:
        ticks = [(i, label.rsplit(" ", 1)[-1]) for i, label in enumerate(labels)
                 if i == 0 or label.rsplit(" ", 1)[-1] != labels[i - 1].rsplit(" ", 1)[-1]]
    for index, text in ticks:
        tx = x(index)
        parts.append(f'<line x1="{tx:.1f}" y1="{plot_top + plot_height}" x2="{tx:.1f}" '
                     f'y2="{plot_top + plot_height + 5}" stroke="#adb5bd" stroke-width="1"/>')
        parts.append(f'<text x="{tx:.1f}" y="{HEIGHT - 8}" text-anchor="start" '
                     f'fill="#495057">{escape(text)}</text>')
    if not numbers:
        parts.append(f'<text x="{LEFT + 8}" y="{plot_top + plot_height / 2:.1f}" '
                     f'fill="#6c757d">{escape(_("Ingen data i perioden."))}</text>')
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="2" stroke-linejoin="round"/>')
        for i, v in enumerate(line.values):
            if v is None:
                continue
            tip = f"{line.name}, {labels[i]}: {_number(v)}" + (f" {unit}" if unit else "")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}">'
                         f'<title>{escape(tip)}</title></circle>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
