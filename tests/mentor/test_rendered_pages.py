"""Every page, as every role that may open it, in Danish and in English: no template text
left unrendered (``{{ page_scripts }}`` once reached users that way).

The pages and roles are the permission matrix's (tests/mentor/test_permission_matrix.py).
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from tests.conftest import People
from tests.mentor.security_world import World, build_world
from tests.mentor.test_permission_matrix import MATRIX, URL_NAMES
from tests.mentor.url_matrix import Case, _targets, case_data
from tests.second_factor import TwoFactorClient

# A template's delimiters, and a translation's placeholder left unfilled. Pages may carry
# JSON or scripts with braces of their own: those are left out before looking.
UNRENDERED = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|%\(\w+\)[sd]")
SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
# Form fields echo what was posted (the matrix posts no template text).
LANGUAGES = ("da", "en")


def unrendered(html: str) -> list[str]:
    """The unrendered bits of a page, each with a little of the text around it."""
    text = SCRIPTS.sub("", html)
    return [text[max(0, m.start() - 40):m.end() + 40] for m in UNRENDERED.finditer(text)]


def pages(name: str, case: Case, world: World, language: str) -> list[str]:
    problems = []
    for role in sorted(case.ok):
        client = TwoFactorClient()
        user = world.user(role)
        if user is None:
            continue
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for target, visible, label in _targets(case, world, role):
            if not visible:
                continue
            args = case.args(target) if case.args is not None and target else []
            url = reverse(name, args=args) + (f"?{case.query}" if case.query else "")
            data = case_data(case, target)
            with transaction.atomic():
                response = (client.post(url, data) if case.method == "POST"
                            else client.get(url, data))
                transaction.set_rollback(True)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            found = unrendered(response.content.decode())
            problems += [f"{case.method} {url} as {role} ({label}, {language}): …{bit}…"
                         for bit in found]
    return problems


def test_the_check_finds_template_text() -> None:
    assert unrendered("<p>{{ page_scripts }}</p>")
    assert unrendered("<p>{% endblock %}</p>")
    assert unrendered("<p>Side %(n)s af 3</p>")
    assert not unrendered('<p>Side 1 af 3</p><script type="application/json">{"a": {"b": 1}}</script>')


@pytest.mark.parametrize("name", URL_NAMES)
def test_no_page_shows_template_text(name: str, people: People) -> None:
    world = build_world(people)
    cases = MATRIX[name]
    problems = []
    for case in cases if isinstance(cases, tuple) else (cases,):
        for language in LANGUAGES:
            problems += pages(name, case, world, language)
    assert not problems, "\n".join(problems)
