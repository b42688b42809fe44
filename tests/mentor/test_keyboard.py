"""Keyboard alone (WCAG 2.1.1, 2.4.7, 3.2.2): the language choice, the referral form and the
journal form are used with Tab, Space, Enter, arrow keys and typing, never the mouse; every
control reached shows where the focus is."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mentor.models import Citizen
from tests.conftest import login
from tests.factories import CitizenFactory
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import JournalEntry, Referral, ReferralStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tab presses allowed to reach a control: more than any of these pages has.
MOST_TABS = 150

FOCUSED = """(selector) => {
  const el = document.activeElement;
  if (!el || !el.matches(selector)) { return null; }
  const style = getComputedStyle(el);
  return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def tab_to(page: Any, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until ``selector`` has the focus; it must show a visible
    outline there."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focus = page.evaluate(FOCUSED, selector)
        if focus is not None:
            assert focus["outline"] != "none" and focus["width"] >= 2, (
                f"{selector} has the focus but shows no outline: {focus}")
            return
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def choose_option(page: Any, selector: str, value: str) -> None:
    """Move through a focused <select> with the arrow keys until ``value`` is chosen."""
    page.keyboard.press("Home")
    for _ in range(30):
        if page.eval_on_selector(selector, "el => el.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not reached in {selector}")


def test_the_language_changes_only_on_a_button_pressed(page: Any, people: Any) -> None:
    login(page, "caseworker")
    page.goto("/citizens/")
    tab_to(page, "button[name=language][value=en]")
    # Moving on through the choices changes nothing: the old list switched on each arrow key.
    for key in ("ArrowDown", "ArrowUp", "ArrowRight", "Tab"):
        page.keyboard.press(key)
    assert page.locator("html").get_attribute("lang") == "da"
    tab_to(page, "button[name=language][value=en]", backwards=True)
    assert page.get_by_role("button", name="English").get_attribute("lang") == "en"
    page.keyboard.press("Enter")
    # The form posts and the page comes back in English; wait for that page, not the old one.
    page.locator("html[lang=en]").wait_for(state="attached")
    assert page.url.endswith("/citizens/")
    assert page.get_by_role("button", name="English").get_attribute("aria-pressed") == "true"
    tab_to(page, "button[name=language][value=da]")
    page.keyboard.press("Space")
    page.locator("html[lang=da]").wait_for(state="attached")


def test_a_referral_is_filled_and_submitted_with_the_keyboard(page: Any, people: Any) -> None:
    citizen: Citizen = CitizenFactory.create(team=people.team, first_name="Kaj",
                                             last_name="Tastesen")
    login(page, "caseworker")
    page.goto(f"/citizens/{citizen.pk}/referrals/new/")
    panel = page.locator("#decision-panel")
    assert panel.locator("[data-decision-kind=not_eligible]").is_visible()

    tab_to(page, "input[name=facts-in_employment_activity]")
    page.keyboard.press("Space")
    panel.locator("[data-decision-kind=offer]").wait_for()
    # The live decision does not take the focus away from the fact just ticked.
    assert page.evaluate("document.activeElement.name") == "facts-in_employment_activity"

    tab_to(page, "input[name=visitation_grounds][value=offer_retention]")
    page.keyboard.press("Space")
    tab_to(page, "[name=goals-0-description]")
    page.keyboard.type("Møde stabilt i praktik")
    tab_to(page, "[name=goals-0-measure]")
    page.keyboard.type("Fremmøde pr. uge")
    tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/referrals/\d+/$"))
    referral = Referral.objects.get(citizen=Citizen.objects.get(pk=citizen.pk))
    assert referral.status == ReferralStatus.SUBMITTED
    assert referral.visitation_grounds == ["offer_retention"]
    assert referral.goals.get().description == "Møde stabilt i praktik"


def test_a_journal_note_is_written_and_saved_with_the_keyboard(page: Any, people: Any) -> None:
    course = right_and_duty_course(people, first_name="Vera", last_name="Vestergaard", goals=1)
    login(page, "mentor")
    page.goto(f"/courses/{course.pk}/journal/new/")
    tab_to(page, "select[name=form]")
    choose_option(page, "select[name=form]", "meeting")
    tab_to(page, "input[name=duration_minutes]")
    page.keyboard.press("Control+A")
    page.keyboard.type("45")
    tab_to(page, "textarea[name=note]")
    page.keyboard.type("Vi mødtes på biblioteket og lavede en ugeplan.")
    tab_to(page, "form.js-journal-draft button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/journal/new/" not in url, timeout=15_000)
    entry = JournalEntry.objects.get(course=course)
    assert (entry.form, entry.duration_minutes) == ("meeting", 45)
    assert entry.note == "Vi mødtes på biblioteket og lavede en ugeplan."
