"""The filter forms that the approval queue, the mentor workspace and the dashboard show on
every view are rendered once and kept (``mentor.form_helpers.cached_filter_form``): per user,
language and query, and read anew when a choice they offer changes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.models import MentorType, Provider
from tests.admin_forms import admin_save, committed
from tests.conftest import People
from tests.second_factor import TwoFactorClient

pytestmark = pytest.mark.django_db


def _form(page: str) -> str:
    """The filter form's fields, as the page shows them."""
    found = re.search(r'<form class="mt-2" method="get">(.*?)</form>', page, re.S) or re.search(
        r'(<form[^>]*aria-label="(?:Periode og filtre|Period and filters)".*?</form>)', page,
        re.S)
    assert found, "no filter form on the page"
    return found.group(1)


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("who", "url"), [("team_leader", "approval_queue"),
                                          ("mentor_user", "mentor_workspace"),
                                          ("manager", "dashboard")])
def test_the_kept_form_is_the_form_and_costs_no_query_for_its_choices(
        people: People, client: Client, who: str, url: str) -> None:
    client.force_login(getattr(people, who))
    first = _get(client, reverse(url) + "?kind=offer")
    with CaptureQueriesContext(connection) as again:
        second = _get(client, reverse(url) + "?kind=offer")
    assert _form(second) == _form(first)
    assert 'value="offer" selected' in _form(second)  # bound to the query
    assert not [q for q in again.captured_queries if "mentor_mentortype" in q["sql"]
                and "ORDER BY" in q["sql"] and "WHERE" not in q["sql"]]
    other = _get(client, reverse(url) + "?kind=right")
    assert 'value="right" selected' in _form(other)


def test_a_mentor_type_renamed_in_the_admin_shows_on_the_next_view(
        people: People, client: Client, admin_client: Client) -> None:
    client.force_login(people.mentor_user)
    mentor_type = MentorType.objects.order_by("name").first()
    assert mentor_type is not None
    assert mentor_type.name in _form(_get(client, reverse("mentor_workspace")))
    committed(lambda: admin_save(admin_client, mentor_type, name="Omdøbt mentortype"))
    assert "Omdøbt mentortype" in _form(_get(client, reverse("mentor_workspace")))


def test_a_provider_renamed_in_the_admin_shows_on_the_dashboard(
        people: People, client: Client, admin_client: Client) -> None:
    client.force_login(people.manager)
    provider = Provider.objects.get(pk=people.mentor.provider_id)
    assert provider.name in _form(_get(client, reverse("dashboard")))
    committed(lambda: admin_save(admin_client, provider, name="Omdøbt leverandør"))
    assert "Omdøbt leverandør" in _form(_get(client, reverse("dashboard")))


def test_each_user_and_language_has_a_form_of_its_own(people: People, client: Client) -> None:
    client.force_login(people.team_leader)
    danish = _form(_get(client, reverse("dashboard")))
    client.cookies["django_language"] = "en"
    english = _form(_get(client, reverse("dashboard")))
    assert "Alle afgørelser" in danish and "All decisions" in english
    other = TwoFactorClient()
    other.force_login(people.other_team_leader)
    theirs = _form(_get(other, reverse("dashboard")))
    assert people.other_team.name in theirs and people.team.name not in theirs
    assert people.team.name in danish and people.other_team.name not in danish
