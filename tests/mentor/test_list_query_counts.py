"""Sorting and filtering the lists keeps their query count the same at 3 and at 15 rows: each
list page with a sort key and a filter, counted in the growing world of
tests/mentor/test_query_counts.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentor.models import DecisionKind, User
from tests.conftest import People
from tests.mentor.test_query_counts import Page, World, plain, queries

pytestmark = pytest.mark.django_db

KIND = f"kind={DecisionKind.OFFER}"

PAGES = (
    Page("citizens by team", "caseworker",
         lambda w: reverse("citizen_list") + f"?sort=-courses&team={w.people.team.pk}"),
    Page("citizens searched and sorted", "caseworker", plain("citizen_list", "?q=borger&sort=team")),
    Page("referrals", "caseworker", plain("referral_list", f"?status=all&sort=citizen&{KIND}")),
    Page("approval queue", "team_leader", plain("approval_queue", f"?sort=-citizen&{KIND}")),
    Page("courses", "caseworker", plain("course_list", f"?status=all&sort=mentor&{KIND}")),
    Page("workspace", "mentor_user", plain("mentor_workspace", f"?sort=-citizen&{KIND}")),
    Page("followup", "team_leader", plain("followup_overview", f"?sort=citizen&{KIND}")),
    Page("cost lines", "administrator", plain("costline_list", "?sort=-amount&kind=invoice")),
    Page("access log", "administrator",
         lambda w: reverse("access_log_citizen", args=[w.focus_citizen.pk])
         + "?sort=user&action=view"),
)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_sorted_and_filtered_list_makes_as_many_queries_at_3_and_15_rows(
        page: Page, people: People, client: Client) -> None:
    user: User = getattr(people, page.who)
    client.force_login(user)
    world = World(people)
    world.grow(3)
    small, small_page = queries(client, page.url(world))
    world.grow(12)
    large, large_page = queries(client, page.url(world))
    assert large == small
    assert page.grew(small_page, large_page)  # the page did show the extra rows
