"""A caseworker issues an agreement in the browser, downloads it, and issues version 2."""

import io
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from agreements.views import course_url
from tests.conftest import People, login
from visitation.models import Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots_agreements"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_caseworker_issues_downloads_and_reissues_an_agreement(
        page: Page, people: People, course: Course, tmp_path: Path) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "caseworker")
    page.goto(course_url(course))
    panel = page.locator("#aftaler")
    panel.get_by_role("button", name="Opret aftale").click()
    page.wait_for_url("**/agreements/*/edit/")
    assert page.get_by_text("Alle seks punkter er udfyldt.").is_visible()
    shot(page, "1-draft")
    page.get_by_role("button", name="Gem og udsted").click()
    page.wait_for_selector("text=Aftalen er udstedt som version 1.")
    shot(page, "2-issued")

    with page.expect_download() as download_info:
        page.locator("#aftaler").get_by_role("link", name="Hent PDF").first.click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename.endswith("-v1.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Aftale om mentorstøtte" in text and "Søren Ærø-Åberg" in text

    panel = page.locator("#aftaler")
    # The new-version form is a collapse that may already be open; open it only if it is not,
    # and wait until its animation has finished before typing.
    if not page.locator("#agreement-new-version").is_visible():
        panel.get_by_role("button", name="Ny version").click()
    page.locator("#agreement-new-version.collapse.show").wait_for()
    panel.get_by_label("Årsag til den nye version").fill("Flere timer efter opfølgning")
    panel.get_by_role("button", name="Opret kladde til ny version").click()
    page.wait_for_url("**/agreements/*/edit/")
    page.get_by_label("5. Timer pr. uge").fill("3")
    page.get_by_role("button", name="Gem og udsted").click()
    page.wait_for_selector("text=Aftalen er udstedt som version 2.")
    panel = page.locator("#aftaler")
    assert panel.get_by_text("Gældende").count() == 1
    assert panel.get_by_text("Erstattet").count() == 1
    shot(page, "3-two-versions")
