"""A CPR number never travels in a URL: the citizen search and the access-log search POST,
the server keeps the query in the session under a short token (``?s=``); a name stays a
readable ``?q=``. The log filter catches every way of writing a CPR number."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from mentor.logging import RedactCprFilter, redact
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr
from tests.second_factor import TwoFactorClient

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


@pytest.mark.parametrize("written", [
    "010576-3421", "0105763421", "010576 3421", "010576+3421", "010576%2D3421",
    "010576%2d3421", "010576%203421", "01.05.76-3421", "01 05 76 3421", "010576 - 3421",
    "010576.3421", "010576/3421"])
def test_the_log_filter_catches_every_way_of_writing_a_cpr_number(written: str) -> None:
    line = f"GET /citizens/?q={written} HTTP/1.1"
    assert "3421" not in redact(line)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", (line,), None)
    RedactCprFilter().filter(record)
    assert "3421" not in record.getMessage()


def test_the_log_filter_leaves_timestamps_and_long_numbers(caplog: pytest.LogCaptureFixture) -> None:
    assert redact("2026-12-07 12:34:56 invoice 123456789012") == \
        "2026-12-07 12:34:56 invoice 123456789012"


def _search(client: Client, url: str, query: str) -> TestResponse:
    response = client.post(url, {"q": query})
    assert response.status_code == 302
    return response


def test_a_cpr_search_of_citizens_redirects_to_a_token_not_the_number(client: Client,
                                                                      people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, last_name="Hansen", cpr=number)
    client.force_login(people.caseworker)
    response = _search(client, reverse("citizen_list"), f"{number[:6]}-{number[6:]}")
    assert number[6:] not in response["Location"]
    assert "?s=" in response["Location"]
    page = client.get(response["Location"])
    assert [c.last_name for c in page.context["page"].object_list] == ["Hansen"]
    assert f"q={number[:6]}" not in page.content.decode()


def test_a_cpr_number_in_a_get_query_is_not_searched(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, last_name="Hansen", cpr=number)
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list"), {"q": number})
    assert not page.context["search"].query


def test_a_name_search_stays_a_readable_query(client: Client, people: People) -> None:
    CitizenFactory(team=people.team, last_name="Hansen")
    client.force_login(people.caseworker)
    response = _search(client, reverse("citizen_list"), "hansen")
    assert response["Location"] == f"{reverse('citizen_list')}?q=hansen"


def test_another_session_cannot_use_a_search_token(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, last_name="Hansen", cpr=number)
    client.force_login(people.caseworker)
    location = _search(client, reverse("citizen_list"), number)["Location"]
    other = TwoFactorClient()
    other.force_login(people.caseworker)
    assert not other.get(location).context["search"].query


def test_an_access_log_search_by_cpr_travels_in_the_body(client: Client, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.administrator)
    response = _search(client, reverse("access_log_search"), number)
    assert response["Location"] == reverse("access_log_citizen", args=[citizen.pk])
    assert client.get(reverse("access_log_search"), {"q": number}).context["page"] is None
