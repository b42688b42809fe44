"""The one base layout (templates/base.html) around every page: menu, messages, language,
escaping, and one template engine with the cached loader."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from time_machine import TimeMachineFixture

from tests.conftest import People
from tests.factories import CitizenFactory
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")


def test_there_is_one_template_engine_with_the_cached_loader() -> None:
    from django.template import engines

    [engine] = engines.all()
    assert engine.__class__.__name__ == "DjangoTemplates"
    [(loader, _loaders)] = settings.TEMPLATES[0]["OPTIONS"]["loaders"]  # type: ignore[index]
    assert loader == "django.template.loaders.cached.Loader"


def test_a_page_is_inside_the_base_layout(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    assert page.count("<html") == 1 and 'id="main"' in page
    assert "<title>Borgere · Jobcenter</title>" in page
    assert '<h1 class="h3 mb-0">Borgere</h1>' in page


def test_citizen_data_is_escaped(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, first_name="<b>Ole</b>", last_name="&Co")
    client.force_login(people.caseworker)
    for url in (reverse("citizen_list"), reverse("citizen_detail", args=[citizen.pk])):
        page = client.get(url).content.decode()
        assert "&lt;b&gt;Ole&lt;/b&gt; &amp;Co" in page
        assert "<b>Ole</b>" not in page


def test_a_search_with_an_ampersand_keeps_it_in_the_page_links(
        client: Client, people: People) -> None:
    for index in range(30):
        CitizenFactory(team=people.team, first_name=f"Ida{index}", last_name="Berg & Søn")
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list"), {"q": "berg & søn"}).content.decode()
    assert "?q=berg+%26+s%C3%B8n&amp;page=2" in page


def test_pages_follow_the_users_language(client: Client, people: People,
                                         time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 31, 10, tzinfo=CPH), tick=False)
    course = right_and_duty_course(people)
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 28), minutes=90))
    client.force_login(people.mentor_user)
    danish = client.get(reverse("mentor_workspace")).content.decode()
    assert "Mine borgere" in danish and "1,5 / 1,5" in danish
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("mentor_workspace")).content.decode()
    assert '<html lang="en">' in english
    assert "My citizens" in english and "1.5 / 1.5" in english


def test_the_main_menu_follows_the_user(client: Client, people: People) -> None:
    client.force_login(people.mentor_user)
    page = client.get(reverse("mentor_workspace")).content.decode()
    assert 'href="/mentor/"' in page and reverse("citizen_list") not in page
    assert 'name="csrfmiddlewaretoken"' in page and 'action="/logout/"' in page
    client.logout()
    login = client.get(reverse("login")).content.decode()
    assert 'id="mainnav"' not in login and 'name="language" value="en"' in login


def test_the_menu_shows_the_unread_notifications(client: Client, people: People) -> None:
    from mentor.models import Notification

    Notification.objects.create(user=people.caseworker, message="Ny besked", url="/")
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    assert '<span class="badge text-bg-warning">1</span>' in page


def test_the_layout_renders_without_a_request() -> None:
    with translation.override("da"):
        html = render_to_string("benchmarks/floor.html", {"teams": 2})
    assert '<html lang="da">' in html and "<title>Målestok · Jobcenter</title>" in html
    assert "2 teams." in html and "navbar" not in html and html.count("<html") == 1


def test_a_page_has_one_csrf_token_for_all_its_forms(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 2 and len(set(tokens)) == 1
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("set_language"),
                           {"csrfmiddlewaretoken": tokens[0], "language": "en", "next": "/"})
    assert response.status_code == 302


def test_messages_show_on_a_page(client: Client, people: People) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(people.caseworker)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.ERROR, "Noget <gik> galt")
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)
    page = client.get(reverse("citizen_list")).content.decode()
    assert 'class="alert alert-danger alert-dismissible fade show"' in page
    assert "Noget &lt;gik&gt; galt" in page


def test_translated_messages_escape_their_arguments(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list"), {"q": "<b>Ole"}).content.decode()
    assert 'Ingen borgere matcher "&lt;b&gt;Ole".' in page
    assert "<b>Ole" not in page


@pytest.mark.parametrize(("language", "one", "two"), [("da", "1 borger<", "2 borgere<"),
                                                      ("en", "1 citizen<", "2 citizens<")])
def test_plurals_follow_the_language(client: Client, people: People, language: str, one: str,
                                     two: str) -> None:
    CitizenFactory(team=people.team, last_name="Aabo")
    client.force_login(people.caseworker)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert one in client.get(reverse("citizen_list"), {"q": "aabo"}).content.decode()
    CitizenFactory(team=people.team, last_name="Aabo")
    assert two in client.get(reverse("citizen_list"), {"q": "aabo"}).content.decode()
