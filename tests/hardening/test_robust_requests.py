"""Typed values never answer 500: absurd page numbers, a ``next=`` that is not a path; and
pages that may show a citizen are not kept by the browser (shared jobcentre PCs)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import People
from tests.factories import CitizenFactory
from tests.second_factor import code_for, enrol, sign_in

HUGE = "9999999999999999999"


@pytest.mark.parametrize("query", [{}, {"q": "sen"}])
def test_an_absurd_page_number_on_the_citizen_list_is_the_last_page(
        client: Client, people: People, query: dict[str, str]) -> None:
    CitizenFactory(team=people.team, last_name="Jensen")
    client.force_login(people.caseworker)
    response = client.get("/citizens/", {**query, "page": HUGE})
    assert response.status_code == 200
    assert "Jensen" in response.content.decode()


def test_an_absurd_page_number_on_the_access_log_is_the_last_page(client: Client,
                                                                  people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.administrator)
    response = client.get(reverse("access_log_citizen", args=[citizen.pk]), {"page": HUGE})
    assert response.status_code == 200


@pytest.mark.parametrize("next_url", ["home", "citizens", "javascript:alert(1)", "//evil"])
def test_a_next_that_is_not_a_path_sends_the_verified_user_home(people: People,
                                                                next_url: str) -> None:
    client = Client()
    enrol(client, people.administrator)
    sign_in(client, people.administrator)
    response = client.post(f"{reverse('otp_verify')}?next={next_url}",
                           {"token": code_for(people.administrator), "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_citizen_page_is_not_stored_by_the_browser(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    for url in (reverse("citizen_detail", args=[citizen.pk]), "/citizens/", "/"):
        response = client.get(url, follow=True)
        assert "no-store" in response["Cache-Control"], url
