"""An administrator sees what a new service-level version changes before saving it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from mentor.models import PolicyVersion
from tests.conftest import login
from tests.factories import CitizenFactory, open_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_previews_the_changes_then_saves(page: Any, people: Any) -> None:
    citizen = CitizenFactory(team=people.team, benefit="flex_job")
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader,
                         decision_date=timezone.localdate().replace(day=1))
    login(page, "administrator")
    page.goto("/policy/new/")
    assert page.locator("button[name=save]").count() == 0
    page.fill("input[name=name]", "Månedlig opfølgning")
    page.fill("input[name=level_1_months]", "1")
    page.fill("textarea[name=reason]", "Tættere opfølgning på niveau 1")

    page.click("button[name=show]")

    preview = page.locator("[data-testid=policy-preview]")
    assert f"Forløb #{course.pk}" in preview.inner_text()
    page.click("button[name=save]")
    page.wait_for_url("**/policy/*/")
    assert PolicyVersion.objects.get().service_levels.get(level=1).review_interval_months == 1
