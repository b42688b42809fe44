"""The accessibility statement (tilgængelighedserklæring): public, linked from every page's
footer, with the contact for reporting problems taken from the settings."""

from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.conftest import People
from tests.mentor.test_settings import run_settings


def test_the_statement_is_public_and_names_the_contact_from_the_settings(
        client: Client, db: None, settings: Any) -> None:
    settings.ACCESSIBILITY_CONTACT_EMAIL = "web@kommune.example"
    page = client.get(reverse("accessibility_statement")).content.decode()
    assert "<h1" in page and "Tilgængelighedserklæring" in page
    assert 'href="mailto:web@kommune.example"' in page
    assert "WCAG 2.1" in page and "Digitaliseringsstyrelsen" in page


def test_the_statement_reads_in_english(client: Client, db: None) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("accessibility_statement")).content.decode()
    assert "Accessibility statement" in page and "Tell us about problems" in page


def test_every_page_links_to_the_statement_from_its_footer(client: Client,
                                                          people: People) -> None:
    link = f'href="{reverse("accessibility_statement")}"'
    login = client.get(reverse("login")).content.decode()
    client.force_login(people.caseworker)
    home = client.get(reverse("citizen_list")).content.decode()
    for page in (login, home):
        footer = page[page.index("<footer"):page.index("</footer>")]
        assert link in footer


def test_the_contact_is_set_by_the_environment_with_a_default(tmp_path: Path) -> None:
    expression = "settings.ACCESSIBILITY_CONTACT_EMAIL"
    default = run_settings({"VAR_DIR": str(tmp_path)}, expression)
    assert default.stdout.strip() == "tilgaengelighed@jobcenter.example"
    chosen = run_settings({"VAR_DIR": str(tmp_path),
                           "ACCESSIBILITY_CONTACT_EMAIL": "web@kommune.example"}, expression)
    assert chosen.stdout.strip() == "web@kommune.example"
