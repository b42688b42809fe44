"""A manager opens the dashboard in the browser, picks a year and downloads the workbook."""

import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.conftest import People, login
from tests.reporting.helpers import cost, holistic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_opens_the_dashboard_and_downloads_xlsx(page: Page, people: People,
                                                        tmp_path: Path) -> None:
    for _ in range(5):
        cost(holistic(people, datetime.date(2017, 2, 1)), 2000, datetime.date(2017, 3, 1))
    login(page, "manager")
    page.click("nav >> text=Ledelsesinformation")
    page.select_option("select[name=year]", "2017")
    page.click("form button:has-text('Vis')")
    page.wait_for_url("**/reporting/?year=2017*")
    assert page.locator("#table-spend tfoot").inner_text().split() == [
        "I", "alt", "10.000", "5", "2.000"]
    assert page.locator("#chart-spend").is_visible()
    with page.expect_download() as info:
        page.click("#export-all-xlsx")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename == "ledelsesinformation-all-2017.xlsx"
    sheet = load_workbook(path)["Eksterne udgifter pr. ordning"]
    assert ["I alt", 10000, 5, 2000] in [[c.value for c in r] for r in sheet.iter_rows()]
