"""The journey in the browser: a caseworker registers a citizen, fills a referral and sees
the live decision change when a fact changes, submits; a team leader approves; the mentor
logs in and sees the citizen."""

import datetime
import re

import pytest
from playwright.sync_api import Page

from mentor.models import Citizen
from tests.conftest import People, login
from tests.factories import fake_cpr
from visitation.models import Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referral_to_course_journey(page: Page, people: People) -> None:
    number = fake_cpr(datetime.date(1991, 3, 14))

    # A caseworker registers the citizen.
    login(page, "caseworker")
    page.goto("/citizens/new/")
    page.fill("input[name=cpr]", f"{number[:6]}-{number[6:]}")
    page.fill("input[name=first_name]", "Camilla")
    page.fill("input[name=last_name]", "Kristensen")
    page.select_option("select[name=benefit]", "cash_benefit")
    page.click("button[type=submit]:has-text('Opret borger')")
    page.wait_for_url(re.compile(r"/citizens/\d+/$"))
    assert page.get_by_test_id("citizen-name").inner_text() == "Camilla Kristensen"
    citizen = Citizen.objects.get(last_name="Kristensen")

    # ... opens a referral: the rules say "not covered" for these facts ...
    page.click("text=Ny indstilling")
    panel = page.locator("#decision-panel")
    assert panel.locator("[data-decision-kind=not_eligible]").is_visible()

    # ... ticks a fact, and the decision changes without a page reload.
    page.evaluate("window.__sameDocument = true")
    page.check("input[name=facts-in_employment_activity]")
    panel.locator("[data-decision-kind=offer]").wait_for()
    assert "LAB § 167, stk. 1" in panel.get_by_test_id("decision-legal-basis").inner_text()
    assert page.evaluate("window.__sameDocument") is True

    page.check("input[name=visitation_grounds][value=offer_retention]")
    page.fill("[name=goals-0-description]", "Møde stabilt i praktik")
    page.fill("[name=goals-0-measure]", "Fremmøde pr. uge")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/referrals/\d+/$"))
    assert page.get_by_test_id("referral-status").inner_text() == "Indstillet"

    # A team leader approves it from the queue with a certified mentor.
    page.context.clear_cookies()
    login(page, "teamleader")
    page.goto("/visitation/")
    page.click("text=Visitér")
    # The mentor picker: type part of the name, choose with the keyboard.
    picker = page.get_by_role("combobox", name="Mentor")
    picker.fill("Maja")
    option = page.get_by_role("option", name=re.compile("Maja Mentor"))
    option.wait_for()
    picker.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    picker.press("Enter")
    assert page.input_value("input[name=mentor]") == str(people.mentor.pk)
    page.click("button:has-text('Godkend')")
    page.wait_for_url("**/visitation/")
    assert page.get_by_role("alert").filter(has_text="er godkendt").is_visible()
    assert Course.objects.get(citizen=citizen).mentor == people.mentor

    # The mentor logs in and sees the citizen.
    page.context.clear_cookies()
    login(page, "mentor")
    page.goto(f"/citizens/{citizen.pk}/")
    assert page.get_by_test_id("citizen-name").inner_text() == "Camilla Kristensen"
