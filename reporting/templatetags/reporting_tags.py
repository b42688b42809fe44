"""Template helpers for the reports: number and cell formatting, and the course page's cost
panel. The tables themselves are templates (``reporting/_table.html``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import date_format, number_format

from mentor.models import User
from mentor.permissions import is_administrator, may_see_course_costs
from reporting.tables import COUNT, DATE, HOURS, MONEY, PERCENT, SCALE, Column, is_hidden

register = template.Library()

DECIMALS = {COUNT: 0, MONEY: 0, HOURS: 1, PERCENT: 1, SCALE: 1}


@register.filter
def cell(value: Any, column: Column) -> str:
    """A table cell as the page and the PDF show it: the language's digit grouping, "–" for a
    missing number or date, blank for a cell that has none."""
    if value == "":  # nothing to say here, e.g. a date column in a total row
        return ""
    if value is None:
        return "–" if column.numeric or column.kind == DATE else ""
    if is_hidden(value):
        return str(value)
    if column.kind == DATE and isinstance(value, datetime.date):
        return date_format(value, "d.m.Y")
    if column.kind in DECIMALS and isinstance(value, int | Decimal | float):
        text = str(number_format(value, decimal_pos=DECIMALS[column.kind], use_l10n=True,
                                 force_grouping=True))
        return f"{text} %" if column.kind == PERCENT else text
    return str(value)


@register.filter
def money(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "–"
    if is_hidden(value):
        return str(value)
    return str(number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True))


@register.filter
def signed(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = money(abs(value), decimals)
    return f"+{text}" if value > 0 else (f"\N{MINUS SIGN}{text}" if value < 0 else text)


@register.inclusion_tag("reporting/_course_costs.html", takes_context=True)
def course_costs(context: dict[str, Any], course: Any) -> dict[str, Any]:
    """The course page's cost panel: the course's lines, external apart from internal time."""
    from reporting.selectors import course_cost_summary

    user: User | None = context.get("user")
    may_see = user is not None and user.is_authenticated and may_see_course_costs(user)
    summary = course_cost_summary(course) if may_see else None
    return {"course": course, "summary": summary,
            "can_edit": user is not None and user.is_authenticated and is_administrator(user)}
