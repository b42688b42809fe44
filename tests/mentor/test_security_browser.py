"""In the browser: an administrator answers "who has looked at this citizen?", and a manager
opens a case through a justified look-up."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page

from mentor import cpr as cpr_lib
from mentor.models import AccessAction, AccessLog
from tests.conftest import People, login
from tests.factories import CitizenFactory, fake_cpr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "shots_f"))


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_administrator_finds_who_has_looked_at_a_citizen(page: Page, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number, first_name="Inge",
                             last_name="Indsigtsen")
    AccessLog.objects.create(user=people.caseworker, citizen=citizen,
                             action=AccessAction.VIEW, what="Borgerside")
    AccessLog.objects.create(user=people.manager, citizen=citizen, action=AccessAction.LOOKUP,
                             what="Begrundet opslag", reason="Klage over sagsbehandlingen")
    login(page, "administrator")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Adgangslog").click()
    page.get_by_role("searchbox").fill(cpr_lib.format_full(number))
    page.get_by_role("button", name="Søg").click()
    page.wait_for_url(f"**/access-log/{citizen.pk}/")
    table = page.get_by_test_id("access-log")
    assert table.get_by_role("row").filter(has_text="Borgerside").filter(
        has_text=str(people.caseworker)).count() == 1
    assert table.get_by_role("row").filter(has_text="Klage over sagsbehandlingen").count() == 1
    assert number not in page.content()
    _shot(page, "access_log_citizen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som CSV").click()
    assert "Indsigtsen" not in download.value.suggested_filename
    assert "Borgerside" in Path(download.value.path()).read_text(encoding="utf-8-sig")


def test_administrator_searches_by_name(page: Page, people: People) -> None:
    citizen = CitizenFactory(team=people.team, first_name="Inge", last_name="Indsigtsen")
    login(page, "administrator")
    page.goto("/access-log/")
    page.get_by_role("searchbox").fill("indsigt")
    page.get_by_role("button", name="Søg").click()
    _shot(page, "access_log_search")
    page.get_by_role("link", name="Se adgangslog").click()
    page.wait_for_url(f"**/access-log/{citizen.pk}/")
    assert page.get_by_role("heading", name="Adgang til Inge Indsigtsen").is_visible()


def test_manager_opens_a_case_with_a_justified_look_up(page: Page, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number, last_name="Opslagsen")
    login(page, "manager")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Opslag").click()
    _shot(page, "manager_lookup")
    page.get_by_label("CPR-nummer").fill(number)
    page.get_by_label("Begrundelse").fill("Borgeren har klaget over forløbet")
    page.get_by_role("button", name="Åbn sagen").click()
    page.wait_for_url(f"**/citizens/{citizen.pk}/")
    assert "Opslagsen" in page.content()
    row = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert row.reason == "Borgeren har klaget over forløbet"


def test_caseworker_reveals_the_full_cpr_on_the_citizen_page(page: Page, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    login(page, "caseworker")
    page.goto(f"/citizens/{citizen.pk}/")
    assert number not in page.content() and citizen.cpr_masked in page.content()
    page.get_by_role("button", name="Vis fuldt CPR-nummer").click()
    assert page.get_by_test_id("cpr-full").inner_text() == cpr_lib.format_full(number)
    _shot(page, "cpr_reveal")
    assert AccessLog.objects.filter(citizen=citizen, action=AccessAction.CPR_REVEAL).count() == 1
