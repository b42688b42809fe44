"""A user's saved filters of a list: saved from the list, applied by a link, deleted after a
confirmation; never another user's, never a CPR number (mentor/services_lists.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentor.models import SavedFilter
from mentor.services import DomainError
from mentor.services_lists import saved_filter_delete, saved_filter_save, saved_query
from tests.conftest import People

pytestmark = pytest.mark.django_db


def test_saving_keeps_the_filter_and_order_but_not_the_page(people: People) -> None:
    saved = saved_filter_save(actor=people.caseworker, list_name="courses", name=" Mine  slut ",
                              query="status=all&sort=-end&page=3")
    assert (saved.name, saved.query) == ("Mine slut", "status=all&sort=-end")


def test_saving_under_the_same_name_replaces_the_filter(people: People) -> None:
    saved_filter_save(actor=people.caseworker, list_name="courses", name="Mine", query="a=1")
    saved_filter_save(actor=people.caseworker, list_name="courses", name="Mine", query="a=2")
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["a=2"]


def test_a_cpr_number_or_a_search_token_is_never_saved() -> None:
    assert saved_query("q=170590-1234&s=abc&status=open") == "status=open"
    assert saved_query("q=Hansen") == "q=Hansen"


@pytest.mark.parametrize(("list_name", "name"), [("nowhere", "Mine"), ("courses", "  ")])
def test_a_filter_needs_a_known_list_and_a_name(people: People, list_name: str,
                                                name: str) -> None:
    with pytest.raises(DomainError):
        saved_filter_save(actor=people.caseworker, list_name=list_name, name=name, query="")
    assert not SavedFilter.objects.exists()


def test_only_the_owner_deletes_a_filter(people: People) -> None:
    saved = saved_filter_save(actor=people.caseworker, list_name="courses", name="Mine",
                              query="")
    with pytest.raises(DomainError):
        saved_filter_delete(actor=people.team_leader, saved_filter=saved)
    saved_filter_delete(actor=people.caseworker, saved_filter=saved)
    assert not SavedFilter.objects.exists()


def test_saving_from_the_list_page_opens_the_list_with_the_filter(people: People,
                                                                  client: Client) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("saved_filter_create"), {
        "list": "courses", "name": "Afsluttede", "query": "status=ended&sort=-end"})
    assert response["Location"] == reverse("course_list") + "?status=ended&sort=-end"
    page = client.get(reverse("course_list")).content.decode()
    assert 'href="?status=ended&amp;sort=-end"' in page and "Afsluttede" in page


def test_a_refused_save_says_why_and_keeps_the_list(people: People, client: Client) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("saved_filter_create"),
                           {"list": "courses", "name": "", "query": "status=ended"},
                           follow=True)
    assert "Giv filteret et navn." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("course_list") + "?status=ended"


def test_deleting_asks_first_then_deletes(people: People, client: Client) -> None:
    saved = saved_filter_save(actor=people.caseworker, list_name="referrals", name="Mine",
                              query="status=all")
    client.force_login(people.caseworker)
    url = reverse("saved_filter_delete", args=[saved.pk])
    assert "Vil du slette filteret" in client.get(url).content.decode()
    assert SavedFilter.objects.exists()
    response = client.post(url)
    assert response["Location"] == reverse("referral_list")
    assert not SavedFilter.objects.exists()


def test_another_users_filter_is_not_found(people: People, client: Client) -> None:
    saved = saved_filter_save(actor=people.caseworker, list_name="referrals", name="Mine",
                              query="")
    client.force_login(people.team_leader)
    url = reverse("saved_filter_delete", args=[saved.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert SavedFilter.objects.exists()


def test_a_list_shows_only_the_users_own_filters_of_that_list(people: People,
                                                             client: Client) -> None:
    saved_filter_save(actor=people.caseworker, list_name="courses", name="Forløbsfilter",
                      query="")
    saved_filter_save(actor=people.caseworker, list_name="referrals", name="Indstillingsfilter",
                      query="")
    saved_filter_save(actor=people.team_leader, list_name="courses", name="Torbens", query="")
    client.force_login(people.caseworker)
    page = client.get(reverse("course_list")).content.decode()
    assert "Forløbsfilter" in page
    assert "Indstillingsfilter" not in page and "Torbens" not in page
