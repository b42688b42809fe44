"""Pages written in Jinja2 (mentor/jinja.py): inside the one base layout, escaped, translated
like the Django templates, and every string in them in the English catalogue."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import formats, translation
from jinja2.ext import babel_extract

from mentor.jinja import dmy, number
from mentor.management.commands.makemessages import KEYWORDS, as_python
from tests.factories import CitizenFactory
from tests.visitation.journal_helpers import meeting, right_and_duty_course
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")
TEMPLATES = Path(settings.BASE_DIR) / "templates"
JINJA_PAGES = sorted(TEMPLATES.rglob("*.jinja"))


def messages_of(path: Path) -> list[tuple[int, str]]:
    with path.open("rb") as source:
        found = babel_extract(source, KEYWORDS, [], {"extensions": "jinja2.ext.i18n"})
        return [(line, str(message if isinstance(message, str) else (message or ("",))[0]))
                for line, _function, message, _comments in found]


def test_there_are_jinja_pages() -> None:
    assert len(JINJA_PAGES) >= 5


@pytest.mark.parametrize("path", JINJA_PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_string_of_a_jinja_page_has_an_english_translation(path: Path) -> None:
    catalogue = read_po((Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").open("rb"))
    missing = [(line, msgid) for line, msgid in messages_of(path)
               if catalogue.get(msgid) is None or not catalogue.get(msgid).string]
    assert missing == []


def test_makemessages_reads_a_jinja_page_as_calls_on_their_own_lines() -> None:
    source = (b'<h1>{{ _("Mine borgere") }}</h1>\n\n'
              b'<p>{{ ngettext("%(n)s borger", "%(n)s borgere", n, n=n) }} '
              b'{{ _("Side %(n)s", n=1) }}</p>\n')
    assert as_python(source) == ("gettext('Mine borgere')\n\n"
                                 "ngettext('%(n)s borger', '%(n)s borgere', n); "
                                 "gettext('Side %(n)s')\n")


def test_a_jinja_page_is_inside_the_base_layout(client, people) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    assert page.count("<html") == 1 and 'id="main"' in page
    assert "<title>Borgere · Jobcenter</title>" in page
    assert '<h1 class="h3 mb-0">Borgere</h1>' in page


def test_citizen_data_is_escaped_on_jinja_pages(client, people) -> None:
    citizen = CitizenFactory(team=people.team, first_name="<b>Ole</b>", last_name="&Co")
    client.force_login(people.caseworker)
    for url in (reverse("citizen_list"), reverse("citizen_detail", args=[citizen.pk])):
        page = client.get(url).content.decode()
        assert "&lt;b&gt;Ole&lt;/b&gt; &amp;Co" in page
        assert "<b>Ole</b>" not in page


def test_a_search_with_an_ampersand_keeps_it_in_the_page_links(client, people) -> None:
    for index in range(30):
        CitizenFactory(team=people.team, first_name=f"Ida{index}", last_name="Berg & Søn")
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list"), {"q": "berg & søn"}).content.decode()
    assert "?q=berg+%26+s%C3%B8n&amp;page=2" in page


def test_jinja_pages_follow_the_users_language(client, people, time_machine) -> None:
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


def test_dates_are_shown_day_month_year_in_copenhagen_time() -> None:
    assert dmy(datetime.date(2017, 3, 1)) == "01.03.2017"
    # 23:30 UTC on the last of March is already 1 April in Copenhagen.
    late = datetime.datetime(2017, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert dmy(late) == "01.04.2017"
    assert dmy(None) == ""


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("value", [Decimal("1.5"), Decimal("0.0"), Decimal("-3.25"), Decimal("12"),
                                   Decimal("1E+3"), Decimal("1234567.8"), 0, 12345, 2.5, True])
def test_numbers_are_shown_as_django_shows_them(language: str, value: object) -> None:
    with translation.override(language):
        assert number(value) == str(formats.localize(value))


@pytest.mark.parametrize("language", ["da", "en"])
def test_time_since_is_shown_as_django_shows_it(language: str) -> None:
    """The Jinja2 ``timesince`` filter (units translated by the rendering's catalogue) gives
    what Django's filter gives, from minutes to years, with and without a reference time."""
    from django.template import defaultfilters
    from jinja2 import Environment

    from mentor.jinja import bound_translations, timesince

    now = datetime.datetime(2026, 3, 31, 10, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))
    deltas = [datetime.timedelta(minutes=m) for m in (0, 1, 2, 59, 60, 61, 119, 1439, 1440)]
    deltas += [datetime.timedelta(days=d, hours=h) for d in (1, 2, 6, 7, 8, 13, 14, 30, 31,
                                                            45, 364, 365, 366, 800)
               for h in (0, 1, 5)]
    environment = Environment(autoescape=True)
    with translation.override(language):
        context = environment.from_string("").new_context(bound_translations())
        for delta in deltas:
            for value, arg in ((now - delta, now), ((now - delta).date(), now.date()),
                               (now + delta, now)):
                assert timesince(context, value, arg) == \
                    defaultfilters.timesince_filter(value, arg), (language, delta)
        assert timesince(context, None) == "" == defaultfilters.timesince_filter(None)
        recent = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3)
        assert timesince(context, recent) == defaultfilters.timesince_filter(recent)


def test_numbers_have_a_decimal_comma_in_danish() -> None:
    with translation.override("da"):
        assert number(Decimal("1.5")) == "1,5"


def test_the_main_menu_follows_the_user(client, people) -> None:
    client.force_login(people.mentor_user)
    page = client.get(reverse("mentor_workspace")).content.decode()
    assert 'href="/mentor/"' in page and reverse("citizen_list") not in page
    assert 'name="csrfmiddlewaretoken"' in page and 'action="/logout/"' in page
    client.logout()
    login = client.get(reverse("login")).content.decode()
    assert 'id="mainnav"' not in login and 'id="language-select"' in login


def test_the_layout_renders_without_a_request() -> None:
    with translation.override("da"):
        html = render_to_string("benchmarks/floor.html", {"teams": 2})
    assert '<html lang="da">' in html and "<title>Målestok · Jobcenter</title>" in html and "2 teams." in html
    assert "navbar" not in html and html.count("<html") == 1


def test_django_and_jinja_pages_share_the_one_layout(client, people) -> None:
    """A Django page (base.html's {% layout %}) and a Jinja2 page (extends base.jinja) get the
    same layout around their content: menu, messages, scripts."""
    client.force_login(people.caseworker)

    def layout_of(page: str, start: str) -> str:
        """The page without its title and content, and without what depends on the path
        (the active menu link, the language form's return address) or the response (the
        masked CSRF token)."""
        head, _sep, rest = page.partition('<main id="main" class="container-lg pb-5">')
        layout = head.split("<title>")[0] + head.split("</title>")[1] + rest.split(start)[0]
        layout = layout.replace('nav-link active"', 'nav-link"').replace(' aria-current="page"', "")
        layout = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", layout)
        return re.sub(r'name="next" value="[^"]*"', "", layout)

    django_page = client.get(reverse("referral_list")).content.decode()
    jinja_page = client.get(reverse("citizen_list")).content.decode()
    assert "<script src=" in django_page and "<script src=" in jinja_page
    assert (layout_of(django_page, "<h1").split()
            == layout_of(jinja_page, "<div class=\"d-flex").split())


def test_a_page_has_one_csrf_token_for_all_its_forms(client, people) -> None:
    """The masked token is made once per response (each of the menu's forms carries it)."""
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list")).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 2 and len(set(tokens)) == 1
    # Still a valid token: the language form posts with it.
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("set_language"),
                           {"csrfmiddlewaretoken": tokens[0], "language": "en", "next": "/"})
    assert response.status_code == 302


def test_messages_show_on_a_jinja_page(client, people) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(people.caseworker)
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(constants.ERROR, "Noget <gik> galt")
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)
    page = client.get(reverse("citizen_list")).content.decode()
    assert 'class="alert alert-danger alert-dismissible fade show"' in page
    assert "Noget &lt;gik&gt; galt" in page


def test_the_test_client_sees_a_jinja_pages_context(client, people) -> None:
    client.force_login(people.caseworker)
    response = client.get(reverse("citizen_list"))
    assert response.context["page"].number == 1
    assert "mentor/citizen_list.jinja" in {t.name for t in response.templates}


def test_the_catalogue_reader_sees_the_pages_strings() -> None:
    workspace = TEMPLATES / "visitation" / "workspace.jinja"
    calls = as_python(workspace.read_bytes())
    assert "gettext('Mine borgere')" in calls
    assert len(calls.splitlines()) <= len(workspace.read_text().splitlines())
    assert io.StringIO(calls).read().count("gettext(") == len(messages_of(workspace))


def test_translated_messages_escape_their_arguments(client, people) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_list"), {"q": "<b>Ole"}).content.decode()
    assert 'Ingen borgere matcher "&lt;b&gt;Ole".' in page
    assert "<b>Ole" not in page


@pytest.mark.parametrize(("language", "one", "two"), [("da", "1 borger<", "2 borgere<"),
                                                      ("en", "1 citizen<", "2 citizens<")])
def test_plurals_follow_the_language(client, people, language, one, two) -> None:
    CitizenFactory(team=people.team, last_name="Aabo")
    client.force_login(people.caseworker)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert one in client.get(reverse("citizen_list"), {"q": "aabo"}).content.decode()
    CitizenFactory(team=people.team, last_name="Aabo")
    assert two in client.get(reverse("citizen_list"), {"q": "aabo"}).content.decode()
