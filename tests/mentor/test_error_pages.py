"""The error pages: inside the layout, with the menu and a way back, in the reader's language,
never Django's debug page."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import People
from tests.second_factor import TwoFactorClient

ENGLISH = {"django_language": "en"}

# status: (a Danish and an English phrase of the page)
TITLES = {
    400: ("Forespørgslen kunne ikke behandles", "The request could not be processed"),
    403: ("Du har ikke adgang til siden", "You do not have access to this page"),
    404: ("Siden findes ikke", "The page does not exist"),
    500: ("Der skete en fejl", "Something went wrong"),
}


@pytest.fixture
def browser_client(settings: Any, people: People) -> Client:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.mentor.error_urls"
    client = TwoFactorClient(raise_request_exception=False)
    client.force_login(people.caseworker)
    return client


def url_for(status: int, people: People) -> str:
    return {400: "/test-400/",
            403: reverse("policy_list"),  # the caseworker is no administrator
            404: reverse("citizen_detail", args=[999_999]),
            500: "/test-500/"}[status]


@pytest.mark.parametrize("status", [400, 403, 404, 500])
@pytest.mark.parametrize("language", ["da", "en"])
def test_an_error_page_is_in_the_layout_in_the_readers_language(
        browser_client: Client, people: People, status: int, language: str) -> None:
    if language == "en":
        browser_client.cookies.load(ENGLISH)
    response = browser_client.get(url_for(status, people),
                                  HTTP_REFERER="http://testserver/citizens/")
    page = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in page
    assert 'aria-label="Hovedmenu"' in page or 'aria-label="Main menu"' in page
    danish, english = TITLES[status]
    assert (danish if language == "da" else english) in page
    assert 'href="http://testserver/citizens/"' in page  # back where the reader came from
    assert 'href="/"' in page
    assert "URLconf" not in page and "Traceback" not in page


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_database_that_cannot_be_reached_fails_cleanly_with_503(
        browser_client: Client, language: str) -> None:
    """PostgreSQL stopped or restarting: the request fails cleanly (503, Retry-After, the error
    page in the reader's language) and may be repeated (make faults runs this for real)."""
    if language == "en":
        browser_client.cookies.load(ENGLISH)
    response = browser_client.get("/test-503/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert ("Systemet er midlertidigt utilgængeligt" if language == "da"
            else "The system is temporarily unavailable") in page
    assert "Traceback" not in page


def test_the_way_back_never_leads_off_the_site(browser_client: Client, people: People) -> None:
    response = browser_client.get(url_for(404, people), HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_an_anonymous_reader_is_offered_the_login(settings: Any) -> None:
    settings.DEBUG = False
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert reverse("login") in response.content.decode()


def test_a_refused_csrf_check_says_what_to_do(people: People) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.caseworker)
    response = client.post(reverse("logout"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "genindlæs siden" in page and 'aria-label="Hovedmenu"' in page


def test_without_debug_whitenoise_serves_the_static_files_without_collectstatic(
        settings: Any) -> None:
    settings.DEBUG = False
    response = Client().get("/static/css/app.css")
    assert response.status_code == 200
    assert response.getvalue()


def test_the_benchmarks_urls_answer_errors_as_the_product_does() -> None:
    """``make faults`` and ``make bench`` serve ``benchmarks.urls``: a database outage there
    must answer the product's 503, not Django's plain 500."""
    from benchmarks import urls as bench_urls
    from mentor import urls as product_urls

    for name in ("handler400", "handler403", "handler404", "handler500"):
        assert getattr(bench_urls, name) == getattr(product_urls, name)
