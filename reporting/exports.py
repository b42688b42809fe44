"""Exports: every report table as CSV and XLSX, and the management report as a PDF.

The cells are the table's cells, so suppression ("<5") is the same as on the page. Writing the
access log for citizen-level tables is the caller's job (``log_export``), so that a file is
never produced without its log rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.template.loader import render_to_string

from mentor.models import AccessAction, AccessLog, Citizen, User
from mentor.spreadsheet import safe_cell, safe_row
from reporting.tables import COUNT, DATE, HOURS, MONEY, PERCENT, SCALE, Table, is_hidden

FORMATS: Final = ("csv", "xlsx")
PDF_TEMPLATE: Final = "reporting/pdf/report.html"
CSS_PATH: Final = Path(settings.BASE_DIR) / "templates" / "reporting" / "pdf" / "report.css"


@dataclass(frozen=True)
class ReportHeading:
    """What a file says about itself: title, period and filters, when it was made."""

    title: str
    period: str
    filters: list[tuple[str, str]]
    generated: str


def _plain(value: Any, *, decimal_comma: bool = False) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if decimal_comma else text
    return safe_cell(value)


def table_csv(table: Table, *, bom: bool = True, danish: bool = True) -> bytes:
    """Header, rows and the total row, then the notes.

    ``danish`` (the downloads): the form Danish Excel opens with a double click — fields
    separated by semicolons, a decimal comma ("8,5"), no digit grouping, UTF-8 with a
    byte-order mark (so that æ, ø and å come out right). Without it (the command line, for
    machines): commas and a decimal point. Suppressed cells are text ("<5", "x")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if danish else ",", lineterminator="\r\n")
    writer.writerow(safe_row([str(c.label) for c in table.columns]))
    for row in table.rows:
        writer.writerow([_plain(v, decimal_comma=danish) for v in row])
    if table.total:
        writer.writerow([_plain(v, decimal_comma=danish) for v in table.total])
    if danish and table.notes:
        writer.writerow([])
        writer.writerow([safe_cell(table.notes)])
    text = buffer.getvalue()
    return ("\ufeff" + text if bom else text).encode("utf-8")


NUMBER_FORMATS: Final = {COUNT: "#,##0", MONEY: "#,##0", HOURS: "#,##0.0",
                         PERCENT: "0.0", SCALE: "0.0", DATE: "dd.mm.yyyy"}


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Tabel"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def tables_xlsx(tables: list[Table], heading: ReportHeading) -> bytes:
    """One sheet per table: a heading with period and filters, the header, rows, total."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.title), used))
        sheet.append([str(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([heading.period])
        for label, value in heading.filters:
            sheet.append([safe_cell(f"{label}: {value}")])
        sheet.append([heading.generated])
        sheet.append([])
        sheet.append([str(c.label) for c in table.columns])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
        body = list(table.rows) + ([table.total] if table.total else [])
        for index, row in enumerate(body):
            sheet.append([None if v is None else (float(v) if isinstance(v, Decimal)
                                                  else safe_cell(v))
                          for v in row])
            excel_row = sheet[sheet.max_row]
            for column, cell in zip(table.columns, excel_row, strict=False):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                if column.kind in NUMBER_FORMATS and not is_hidden(cell.value):
                    cell.number_format = NUMBER_FORMATS[column.kind]
                if column.numeric:
                    cell.alignment = Alignment(horizontal="right")
                if table.total and index == len(body) - 1:
                    cell.font = bold
        if table.notes:
            sheet.append([])
            sheet.append([table.notes])
        for position, column in enumerate(table.columns, start=1):
            width = max([len(str(column.label))] + [len(str(_plain(r[position - 1])))
                                                    for r in body] + [8])
            sheet.column_dimensions[get_column_letter(position)].width = min(width + 2, 60)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def log_export(user: User, tables: list[Table], *, what: str,
               action: str = AccessAction.EXPORT) -> int:
    """An access-log row per citizen whose data a citizen-level table exports (or, with
    ``action=VIEW``, shows on a page)."""
    citizen_ids = sorted({pk for table in tables if table.citizen_level
                          for pk in table.citizen_ids})
    if not citizen_ids:
        return 0
    # bulk_create inserts only; the log stays append-only.
    AccessLog.objects.bulk_create(
        AccessLog(user=user, citizen=Citizen(pk=pk), action=action,
                  what=what[:200]) for pk in citizen_ids)
    return len(citizen_ids)


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(CSS_PATH), font_config=fonts), fonts


def report_html(*, tables: dict[str, Table], charts: dict[str, Any], figures: dict[str, Any],
                heading: ReportHeading) -> str:
    """The report as HTML, in the active language. The dashboard's tables without the
    citizens' names: a PDF travels further than the page."""
    printed = {key: table.without("citizen") for key, table in tables.items()}
    return render_to_string(PDF_TEMPLATE, {"tables": printed, "charts": charts,
                                           "figures": figures, "heading": heading})


def report_pdf(*, tables: dict[str, Table], charts: dict[str, Any], figures: dict[str, Any],
               heading: ReportHeading) -> bytes:
    """The management report for a period: every table with its chart, as a PDF."""
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet()
    html = report_html(tables=tables, charts=charts, figures=figures, heading=heading)
    document = HTML(string=html, base_url=str(CSS_PATH.parent))
    # Tagged (PDF/UA-1): a structure tree, the language and the title, for screen readers.
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts,
                                    pdf_variant="pdf/ua-1")
    return pdf
