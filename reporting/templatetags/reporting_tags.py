"""Template helpers for the reports: cell formatting and the course page's cost panel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mentor.models import Role, User
from mentor.permissions import is_administrator
from reporting.tables import COUNT, DATE, HOURS, MONEY, PERCENT, SUPPRESSED, Column, Table

register = template.Library()

DECIMALS = {COUNT: 0, MONEY: 0, HOURS: 1, PERCENT: 1}


@register.filter
def cell(value: Any, column: Column) -> str:
    """A table cell as the page shows it: Danish digit grouping, "–" for nothing."""
    if value is None or value == "":
        return "–" if column.numeric or column.kind == DATE else ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if column.kind == DATE and isinstance(value, datetime.date):
        return date_format(value, "d.m.Y")
    if column.kind in DECIMALS and isinstance(value, int | Decimal | float):
        text = str(number_format(value, decimal_pos=DECIMALS[column.kind], use_l10n=True,
                                 force_grouping=True))
        return f"{text} %" if column.kind == PERCENT else text
    return str(value)


@register.simple_tag
def report_table(table: Table, query: str = "", exports: bool = True) -> SafeString:
    """One report table for the dashboard, with its download links.

    Written out here rather than in a template: the dashboard shows eleven tables of up to
    twenty rows, and Django's template engine took longer over their cells than a cached
    dashboard takes over everything else.
    """
    key = escape(table.key)
    title = escape(table.title)
    suffix = f"?{query}" if query else ""
    out = ['<div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2 '
           f'mb-1">\n  <h3 class="h6 mb-0" id="title-{key}">{title}</h3>']
    if exports:
        downloads = [(reverse("dashboard_export", args=[table.key, fmt]) + suffix, label,
                      _("%(t)s som CSV") if fmt == "csv" else _("%(t)s som Excel"))
                     for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))]
        out.append(f'\n  <span class="small text-nowrap">{escape(_("Hent"))}\n    ' + " ·\n    ".join(
            f'<a href="{escape(href)}" aria-label="{escape(aria % {"t": table.title})}">'
            f'{label}</a>' for href, label, aria in downloads) + "\n  </span>")
    out.append('\n</div>\n<div class="table-responsive">\n<table class="table table-sm '
               f'table-hover align-middle report-table mb-1" id="table-{key}" '
               f'aria-labelledby="title-{key}">\n  <thead class="table-light"><tr>\n    ')
    out.extend(f'<th scope="col"{_END if column.numeric else ""}>{escape(column.label)}</th>'
               for column in table.columns)
    out.append("\n  </tr></thead>\n  <tbody>\n")
    links = table.row_links or [None] * len(table.rows)
    for row, link in zip(table.rows, links, strict=True):
        out.append("  <tr>\n    ")
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            text: str = escape(cell(value, column))
            if index == 0:
                if link:
                    text = f'<a href="{escape(link)}">{text}</a>'
                out.append(f'<th scope="row" class="fw-normal">{text}</th>')
            else:
                out.append(f"<td{_NUMBER if column.numeric else ''}>{text}</td>")
        out.append("\n  </tr>\n")
    if not table.rows:
        empty = table.empty_text or _("Ingen data i perioden.")
        out.append(f'  <tr><td colspan="{len(table.columns)}" class="text-muted">'
                   f"{escape(empty)}</td></tr>\n")
    out.append("  </tbody>\n")
    if table.total:
        out.append('  <tfoot><tr class="fw-semibold">\n    ')
        for index, (column, value) in enumerate(zip(table.columns, table.total, strict=True)):
            if index == 0:
                out.append(f'<th scope="row">{escape(value)}</th>')
            else:
                out.append(f"<td{_NUMBER if column.numeric else ''}>"
                           f"{escape(cell(value, column))}</td>")
        out.append("\n  </tr></tfoot>\n")
    out.append("</table>\n</div>\n")
    out.append(f'<p class="small text-muted mb-4">{escape(table.note)}</p>' if table.note
               else '<div class="mb-4"></div>')
    return mark_safe("".join(out))  # every value above is escaped


_END = ' class="text-end"'
_NUMBER = ' class="text-end text-nowrap"'


@register.filter
def money(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return str(number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True))


@register.filter
def signed(value: Any, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = money(abs(value), decimals)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.inclusion_tag("reporting/_course_costs.html", takes_context=True)
def course_costs(context: dict[str, Any], course: Any) -> dict[str, Any]:
    """The course page's cost panel: the course's lines, external apart from internal time."""
    from reporting.selectors import course_cost_summary

    user: User | None = context.get("user")
    may_see = user is not None and user.is_authenticated and (
        is_administrator(user) or user.has_role(Role.CASEWORKER)
        or user.has_role(Role.TEAM_LEADER) or user.has_role(Role.MANAGER))
    summary = course_cost_summary(course) if may_see else None
    return {"course": course, "summary": summary,
            "can_edit": user is not None and user.is_authenticated and is_administrator(user)}
