"""Exports: CSV and XLSX for every table, the PDF report, and the access log for case lists."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from mentor.models import AccessAction, AccessLog, User
from reporting.models import CostKind
from reporting.selectors import TABLES
from tests.conftest import People
from tests.reporting.helpers import cost, holistic, retention
from tests.tagged_pdf import structure_tags

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

D = datetime.date


@pytest.fixture
def spend_2017(people: People) -> None:
    for _ in range(5):
        cost(holistic(people, D(2017, 2, 1)), 2000, D(2017, 3, 1))
    cost(retention(people, D(2017, 2, 1)), 900, D(2017, 3, 1))


def download(client: Client, user: User, table: str, fmt: str,
             query: str = "year=2017") -> TestResponse:
    client.force_login(user)
    return client.get(f"/reporting/export/{table}.{fmt}?{query}")


def danish_csv(content: bytes) -> list[list[str]]:
    """Read as Danish Excel does: UTF-8 with a byte-order mark, fields split by ";"."""
    assert content.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_spend_table_as_csv(client: Client, people: People, spend_2017: None) -> None:
    response = download(client, people.manager, "spend", "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="ledelsesinformation-spend-2017.csv"')
    rows = danish_csv(response.content)
    # One citizen under "Fastholdelsesmentor": five under the other scheme and six in all
    # would give it away, so they are hidden too, and so are the averages beside them.
    assert rows[:4] == [
        ["Ordning", "Udgift (kr.)", "Borgere", "Gennemsnit pr. borger (kr.)"],
        ["Fastholdelsesmentor", "900", "<5", "x"],
        ["Helhedsorienteret mentor", "10000", "x", "x"],
        ["I alt", "10900", "x", "x"],
    ]
    assert rows[4] == []
    assert "x: skjult" in rows[5][0]


def test_csv_numbers_have_a_decimal_comma_and_no_grouping(client: Client, people: People
                                                          ) -> None:
    course = holistic(people, D(2017, 2, 1))
    cost(course, "12345.5", D(2017, 3, 1), kind=CostKind.INTERNAL, hours="7.5")
    rows = danish_csv(download(client, people.manager, "internal", "csv").content)
    header, row = rows[0], rows[1]
    assert header == ["Ordning", "Timer", "Værdi ved intern timepris (kr.)", "Borgere"]
    assert row[1:3] == ["7,5", "12346"]
    assert Decimal(row[1].replace(",", ".")) == Decimal("7.5")


def test_sheet_names_are_the_tables_titles_within_excels_rules(client: Client, people: People,
                                                               spend_2017: None) -> None:
    workbook = load_workbook(io.BytesIO(download(client, people.manager, "all", "xlsx").content))
    assert len(set(workbook.sheetnames)) == len(TABLES) + 1  # and the complaints
    for name in workbook.sheetnames:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
    assert "Eksterne udgifter pr. ordning" in workbook.sheetnames
    assert "Progression i afsluttede forløb" in workbook.sheetnames


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_exports_as_csv_and_xlsx(client: Client, people: People, spend_2017: None,
                                             table: str) -> None:
    as_csv = download(client, people.manager, table, "csv")
    as_xlsx = download(client, people.manager, table, "xlsx")
    header = danish_csv(as_csv.content)[0]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert as_csv.status_code == as_xlsx.status_code == 200
    assert header == [c.value for c in next(r for r in sheet.iter_rows()
                                            if r[0].value == header[0])]


def test_the_workbook_of_all_tables_reads_back_with_suppression(client: Client, people: People,
                                                                spend_2017: None) -> None:
    workbook = load_workbook(io.BytesIO(download(client, people.manager, "all", "xlsx").content))
    sheet = workbook["Eksterne udgifter pr. ordning"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "2017"
    assert ["Fastholdelsesmentor", 900, "<5", "x"] in values
    assert ["I alt", 10900, "x", "x"] in values
    # Every table of the dashboard, and the complaints per decision kind.
    assert len(workbook.sheetnames) == len(TABLES) + 1
    assert any(name.startswith("Klager og deres udfald") for name in workbook.sheetnames)


def test_the_pdf_report_holds_the_tables(client: Client, people: People, spend_2017: None) -> None:
    client.force_login(people.manager)
    response = client.get("/reporting/report.pdf?year=2017")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "Ledelsesrapport" in text and "2017" in text
    assert "Helhedsorienteret mentor" in text
    assert "10.900" in text and "<5" in text


def test_the_pdf_report_is_tagged_for_screen_readers(client: Client, people: People,
                                                     spend_2017: None) -> None:
    client.force_login(people.manager)
    tags = structure_tags(client.get("/reporting/report.pdf?year=2017").content)
    # The tables stay tables (headers and cells) for a screen reader, with their headings.
    assert {"/H1", "/Table", "/TH", "/TD"} <= tags


@time_machine.travel(D(2019, 11, 22))
def test_exporting_a_case_list_logs_each_visible_citizen(client: Client, people: People) -> None:
    course = holistic(people, D(2019, 10, 1))  # contact overdue
    response = download(client, people.team_leader, "overdue_contacts", "csv", "year=2019")
    log = AccessLog.objects.get()
    assert course.citizen.full_name in response.content.decode("utf-8-sig")
    assert (log.user, log.citizen, log.action) == (people.team_leader, course.citizen,
                                                   AccessAction.EXPORT)


@time_machine.travel(D(2019, 11, 22))
def test_a_manager_exports_case_lists_without_names_and_without_log(client: Client,
                                                                    people: People) -> None:
    course = holistic(people, D(2019, 10, 1))
    body = download(client, people.manager, "overdue_contacts", "csv", "year=2019").content
    assert f"#{course.pk}" in body.decode("utf-8-sig")
    assert course.citizen.last_name not in body.decode("utf-8-sig")
    assert not AccessLog.objects.exists()


def test_an_unknown_table_or_format_is_404(client: Client, people: People) -> None:
    assert download(client, people.manager, "salaries", "csv").status_code == 404
    assert download(client, people.manager, "spend", "pdf").status_code == 404
    assert download(client, people.manager, "all", "csv").status_code == 404


def test_a_team_leader_exports_only_their_teams(client: Client, people: People) -> None:
    cost(holistic(people, D(2017, 2, 1)), 1000, D(2017, 2, 1))
    cost(holistic(people, D(2017, 2, 1), team=people.other_team), 5000, D(2017, 2, 1))
    rows = danish_csv(download(client, people.team_leader, "spend", "csv").content)
    assert [r[:2] for r in rows if r and r[0] == "I alt"] == [["I alt", str(Decimal(1000))]]
