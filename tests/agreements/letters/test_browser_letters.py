"""In the browser: an administrator edits a letter template (an unknown placeholder is named,
the preview shows the letter, saving makes a version); a caseworker finds a failed letter on
the course page and sends it again by print."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from agreements.services_letters import letter_for_grant
from tests.agreements.letters.conftest import deliver
from tests.conftest import People, login
from visitation.models import Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots_letters"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_administrator_edits_previews_and_saves_a_template(page: Page,
                                                             people: People) -> None:
    login(page, "administrator")
    page.goto(reverse("letter_template_list"))
    shot(page, "1-templates")
    page.get_by_role("link", name="Redigér (Bevilling, Dansk)").click()
    body = page.get_by_label("Brevtekst")
    body.fill("Kære {borger_navn}\n\nDu får {afgørelse}. Sagsnummer {sagsnr}.")
    page.get_by_label("Årsag til ændringen").fill("Kortere tekst")
    page.get_by_role("button", name="Gem ny version").click()
    expect(page.get_by_text("Ukendt pladsholder: {sagsnr}")).to_be_visible()
    expect(page.get_by_label("Brevtekst")).to_have_value(re.compile(r"\{sagsnr\}"))
    shot(page, "2-unknown-placeholder")
    page.get_by_label("Brevtekst").fill("Kære {borger_navn}\n\nDu får {afgørelse}.")
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.get_by_role("heading", name="Forhåndsvisning (ikke gemt)")).to_be_visible()
    expect(page.get_by_text("Kære Eksempel Borgersen")).to_be_visible()
    shot(page, "3-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "3-preview-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Årsag til ændringen").fill("Kortere tekst")
    page.get_by_role("button", name="Gem ny version").click()
    expect(page.get_by_text(re.compile(r"Version \d+ af skabelonen er gemt"))).to_be_visible()


def test_a_caseworker_sends_a_failed_letter_again_by_print(page: Page, people: People,
                                                          course: Course) -> None:
    people.municipality.cvr = ""  # Digital Post needs the sender's CVR number: it fails
    people.municipality.save()
    letter = deliver(letter_for_grant(actor=people.team_leader, course=course))
    login(page, "caseworker")
    page.goto(reverse("course_detail", args=[course.pk]))
    panel = page.locator("#breve")
    expect(panel.get_by_text("Fejlet")).to_be_visible()
    shot(page, "4-course-panel")
    panel.get_by_role("link", name=re.compile("^Vis")).click()
    expect(page.get_by_role("alert").get_by_text("CVR-nummer mangler")).to_be_visible()
    shot(page, "5-letter")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "5-letter-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Send igen som").select_option("print")
    page.get_by_role("button", name="Send igen").click()
    expect(page.get_by_text("Brevet er sat i kø til afsendelse igen.")).to_be_visible()
    page.goto(reverse("letter_print"))
    shot(page, "6-print")
    letter.refresh_from_db()
    assert letter.channel == "print"
