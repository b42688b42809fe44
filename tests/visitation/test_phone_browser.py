"""A mentor's phone (390 × 844): the workspace, the course page, the journal form and the review
form fit the screen without sideways scrolling, their controls are touch-sized, and a journal
entry is written there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import People, login
from tests.visitation.journal_helpers import first_review, right_and_duty_course
from visitation.models import Course, JournalEntry

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
TOUCH_TARGET = 44  # px, WCAG 2.5.5

# Visible controls in the page's content smaller than a fingertip, by their text or name.
SMALL_CONTROLS = """(least) => [...document.querySelectorAll(
    'main .btn, main .form-control, main .form-select, main .page-link, main summary')]
  .filter(el => el.offsetParent !== null)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < least || box.width < least)
  .map(([el, box]) => `${el.tagName} ${el.name || el.textContent.trim().slice(0, 30)}: `
                      + `${Math.round(box.width)}×${Math.round(box.height)}`)"""
# A radio button or checkbox counts with its label: the whole row is what the finger hits.
SMALL_CHOICES = """(least) => [...document.querySelectorAll('main .form-check')]
  .filter(el => el.offsetParent !== null)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < least)
  .map(([el, box]) => `${el.textContent.trim().slice(0, 30)}: ${Math.round(box.height)}`)"""


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    context.set_default_timeout(45_000)
    yield context.new_page()
    context.close()


def fits(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width == PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"
    assert page.evaluate(SMALL_CONTROLS, TOUCH_TARGET) == [], page.url
    assert page.evaluate(SMALL_CHOICES, TOUCH_TARGET) == [], page.url


@pytest.fixture
def course(people: People) -> Course:
    return right_and_duty_course(people, first_name="Vera", last_name="Vestergaard-Christiansen",
                                 goals=2)


def test_the_mentors_pages_fit_a_phone(phone: Page, people: People, course: Course) -> None:
    review = first_review(course)
    login(phone, "mentor")
    for url in ("/mentor/", f"/courses/{course.pk}/", f"/courses/{course.pk}/journal/new/",
                f"/reviews/{review.pk}/"):
        phone.goto(url)
        fits(phone)


def test_a_journal_entry_is_written_on_a_phone(phone: Page, people: People,
                                               course: Course) -> None:
    login(phone, "mentor")
    phone.goto("/mentor/")
    phone.locator(f"tr[data-course='{course.pk}']").get_by_role("link", name="Nyt notat").tap()
    phone.select_option("select[name=form]", "meeting")
    phone.fill("input[name=duration_minutes]", "30")
    phone.fill("textarea[name=note]", "Vi mødtes på biblioteket og lavede en ugeplan.")
    fits(phone)
    phone.get_by_role("button", name="Gem notat").tap()
    phone.get_by_text("Næste kontakt senest").first.wait_for()
    assert JournalEntry.objects.filter(course=course).count() == 1
    fits(phone)


def test_a_sorted_list_reads_as_cards_on_a_phone(phone: Page, people: People,
                                                 course: Course) -> None:
    login(phone, "mentor")
    phone.goto("/mentor/?sort=-citizen")
    cell: Any = phone.locator(f"tr[data-course='{course.pk}'] td[data-label]").first
    assert cell.evaluate("el => getComputedStyle(el).display") == "flex"
    fits(phone)
