"""A team leader hands over a departing mentor's and caseworker's caseloads in one sitting, in
the browser: choose, review, confirm; the confirmation pages pass axe like every other page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import People, login
from tests.mentor.test_accessibility import axe_violations, scanning_context, table_problems
from tests.visitation.team_helpers import receiver, second_caseworker, team_course
from visitation.models import Course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scanning_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page that axe can be put into (the CSP forbids the inline script otherwise)."""
    context = scanning_context(browser, live_server.url, "da")
    context.set_default_timeout(45_000)
    yield context.new_page()
    context.close()


def test_a_team_leader_hands_over_a_mentors_courses(scanning_page: Any, people: People) -> None:
    page = scanning_page
    first, second = team_course(people), team_course(people)
    to = receiver(people, name="Bo", codes=(first.mentor_type.code,))
    login(page, "teamleader")
    page.goto("/team/")
    page.click(f"a[href$='/mentors/{people.mentor.pk}/handover/']")
    page.select_option("select[name=all_to]", str(to.pk))
    page.fill("textarea[name=reason]", "Maja er stoppet.")
    page.click("button[value=check]")
    plan = page.locator("[data-testid=handover-plan]")
    assert f"#{first.pk}" in plan.inner_text() and f"#{second.pk}" in plan.inner_text()
    problems = axe_violations(page) + table_problems(page)
    assert not problems, problems
    page.click("button[value=confirm]")
    page.wait_for_url("**/team/?team=*")
    assert set(Course.objects.filter(pk__in=[first.pk, second.pk])
               .values_list("mentor_id", flat=True)) == {to.pk}


def test_a_team_leader_hands_over_a_caseworkers_cases(scanning_page: Any,
                                                     people: People) -> None:
    page = scanning_page
    course = team_course(people)
    to = second_caseworker(people)
    login(page, "teamleader")
    page.goto(f"/team/{people.team.pk}/caseworkers/{people.caseworker.pk}/handover/")
    page.select_option("select[name=to_user]", str(to.pk))
    page.fill("textarea[name=reason]", "Sofie er stoppet.")
    page.click("button[value=check]")
    assert page.locator("[data-testid=handover-plan]").is_visible()
    problems = axe_violations(page) + table_problems(page)
    assert not problems, problems
    page.click("button[value=confirm]")
    page.wait_for_url("**/team/?team=*")
    assert Course.objects.get(pk=course.pk).caseworker == to
