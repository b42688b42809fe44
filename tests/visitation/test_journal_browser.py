"""A mentor's day in the browser: log a meeting, see the next-due date move, complete a
review."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from tests.conftest import People, login
from tests.visitation.journal_helpers import first_review, right_and_duty_course
from visitation.models import JournalEntry, ReviewStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentor_logs_a_meeting_and_completes_a_review(page: Page, people: People) -> None:
    course = right_and_duty_course(people, first_name="Vera", last_name="Vestergaard", goals=1)
    review = first_review(course)
    login(page, "mentor")
    page.goto("/mentor/")
    row = page.locator(f"tr[data-course='{course.pk}']")
    assert "Overskredet" in row.inner_text()

    row.get_by_role("link", name="Nyt notat").click()
    page.select_option("select[name=form]", "meeting")
    page.fill("input[name=duration_minutes]", "45")
    page.fill("textarea[name=note]", "Vi mødtes på biblioteket og lavede en ugeplan.")
    page.get_by_role("button", name="Gem notat").click()
    next_due = (timezone.localdate() + datetime.timedelta(days=14)).strftime("%d.%m.%Y")
    page.get_by_text(f"Næste kontakt senest {next_due}").wait_for()
    assert next_due in page.locator(f"tr[data-course='{course.pk}'] [data-testid=next-due]")\
        .inner_text()
    assert JournalEntry.objects.filter(course=course).count() == 1

    page.locator("[data-testid=review-overdue]").first.get_by_role("link", name="Udfyld").click()
    page.get_by_label("Tydelig progression").check()
    page.fill("textarea[name=effect]", "Vera møder nu op til alle aftaler.")
    page.get_by_label("Fortsæt").check()
    page.get_by_role("button", name="Gennemfør opfølgning").click()
    page.get_by_text("Opfølgningen er gennemført.").wait_for()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DONE
