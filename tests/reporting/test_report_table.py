"""One table template for the dashboard and the PDF report: the same cells in both, in Danish
and in English, for a report built by hand."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from reporting import selectors
from reporting.periods import period_for
from reporting.selectors import ReportFilter
from reporting.tables import (
    COUNT,
    DATE,
    HOURS,
    MONEY,
    PERCENT,
    SCALE,
    SUPPRESSED,
    Column,
    Table,
)
from reporting.templatetags.reporting_tags import cell
from tests.conftest import People

EMPTY = "kinds"  # the table left without rows
# Fetches the dashboard and the PDF in a language: the page's cells by table id, the PDF's text.
Report = Callable[[str], tuple[dict[str, list[list[str]]], str]]
VALUES = {COUNT: 1234, MONEY: Decimal("1234567"), HOURS: Decimal("987.5"),
          PERCENT: Decimal("87.5"), SCALE: Decimal("3.5"), DATE: datetime.date(2017, 3, 9)}


def _value(column: Column, row: int) -> Any:
    if column.kind in VALUES:
        return SUPPRESSED if row == 1 and column.kind == COUNT else VALUES[column.kind]
    return "–" if column.key == "citizen" else f"G{row}-{column.key}"


def hand_built(*args: Any, user: Any, today: datetime.date, **kwargs: Any) -> dict[str, Table]:
    """The dashboard's tables as the selectors shape them (in the request's language), with
    three rows of chosen values each; one table empty."""
    tables = selectors.report_tables(selectors.TABLES, ReportFilter(period_for(2017)),
                                     user=user, today=today)
    for key, table in tables.items():
        table.row_links = []
        if key == EMPTY:
            table.rows, table.total = [], []
            continue
        table.rows = [[_value(c, r) for c in table.columns] for r in range(3)]
        table.total = [_("I alt")] + [_value(c, 9) for c in table.columns[1:]]
    return tables


class Cells(HTMLParser):
    """The text of every cell, row by row, of each table with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.table is not None and self.cell is not None:
            self.table[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(autouse=True)
def danish_afterwards() -> Iterator[None]:
    """The English requests leave English active in this thread; the tests after these
    call selectors directly and expect Danish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def report(client: Client, people: People, monkeypatch: pytest.MonkeyPatch) -> Report:
    monkeypatch.setattr(selectors, "dashboard", hand_built)
    client.force_login(people.manager)

    def fetch(language: str) -> tuple[dict[str, list[list[str]]], str]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        parser = Cells()
        parser.feed(client.get("/reporting/?year=2017").content.decode())
        pdf = PdfReader(io.BytesIO(client.get("/reporting/report.pdf?year=2017").content))
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        return parser.tables, text

    return fetch


@pytest.mark.parametrize("language,number,no_data", [
    ("da", "1.234.567", "Ingen data i perioden."), ("en", "1,234,567", "No data in the period.")])
def test_the_dashboard_and_the_pdf_show_the_same_cells(report: Report, language: str, number: str,
                                                       no_data: str) -> None:
    page, pdf = report(language)
    for key in selectors.TABLES:
        header, *rows = page[f"table-{key}"]
        names = header.index(_("Borger") if language == "da" else "Citizen") \
            if key.startswith("overdue") else None
        for row in rows:
            printed = [c for i, c in enumerate(row) if i != names]
            # A narrow first column may break "G0-group" after its hyphen.
            assert " ".join(printed) in pdf.replace("- ", "-"), (key, printed)
    assert page[f"table-{EMPTY}"][1] == [no_data] and no_data in pdf
    assert number in page["table-spend"][1] and number in pdf


def test_the_english_report_has_no_danish_table_labels(report: Report) -> None:
    page, pdf = report("en")
    assert page["table-spend"][0][0] == "Scheme" and page["table-spend"][-1][0] == "Total"
    assert "Page 1 of" in pdf and "Side 1" not in pdf
    assert "Ingen data" not in pdf and "I alt" not in pdf
    assert "{" not in pdf  # no template syntax leaked into the text


def test_the_english_dashboard_offers_its_downloads_in_english(
        client: Client, people: People) -> None:
    client.force_login(people.manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/reporting/?year=2017").content.decode()
    assert "Download" in body and "Hent" not in body
    assert "No data in the period." in body and "Ingen data" not in body


@pytest.mark.parametrize("value,kind,shown", [
    (None, DATE, "–"), ("", DATE, ""), (None, MONEY, "–"), (SUPPRESSED, COUNT, SUPPRESSED),
    (Decimal("1234.5"), HOURS, "1.234,5"), (datetime.date(2017, 3, 9), DATE, "09.03.2017")])
def test_a_cell_shows_nothing_as_a_dash_and_no_value_as_blank(value: Any, kind: str,
                                                              shown: str) -> None:
    assert cell(value, Column("c", "C", kind)) == shown
