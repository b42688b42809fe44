"""WCAG 2.1 AA: axe-core checks every page, as every role that may open it, in Danish and in
English, and finds no violation.

The pages are the permission matrix's (tests/mentor/test_permission_matrix.py), walked as
tests/mentor/test_rendered_pages.py walks them. axe-core comes from the npm registry
(``package.json``; ``make test`` runs ``npm ci``), never from a CDN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from mentor.models import User
from tests.mentor.security_world import ROLES, World, build_world
from tests.mentor.test_permission_matrix import MATRIX
from tests.mentor.url_matrix import _targets
from tests.second_factor import TwoFactorClient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ("da", "en")


def html_pages(world: World, role: str) -> list[str]:
    """Every page the role may open (GET, answered with HTML), once per URL."""
    client = TwoFactorClient()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    found: dict[str, None] = {}
    for name, cases in sorted(MATRIX.items()):
        for case in cases if isinstance(cases, tuple) else (cases,):
            if case.method != "GET":
                continue
            may = role in case.ok or (role == "anonymous" and case.anonymous == 200)
            if not may:
                continue
            for target, visible, _label in _targets(case, world, role):
                if not visible:
                    continue
                args = case.args(target) if case.args is not None and target else []
                url = reverse(name, args=args) + (f"?{case.query}" if case.query else "")
                with transaction.atomic():
                    response = client.get(url)
                    transaction.set_rollback(True)
                if (response.status_code == 200
                        and response.get("Content-Type", "").startswith("text/html")):
                    found[url] = None
    return list(found)


def session_cookie(user: User, base_url: str) -> dict[str, Any]:
    """A logged-in session without typing a password: Django's test client makes it."""
    client = TwoFactorClient()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base_url}


# Beyond axe's rules: every data table has a caption and header cells (the issue asks for
# both; axe checks only that the headers present are used correctly).
TABLES_WITHOUT_CAPTION_OR_HEADERS = """() => [...document.querySelectorAll('table')]
  .filter(t => !(t.caption && t.caption.textContent.trim()) || !t.querySelector('th'))
  .map(t => t.outerHTML.slice(0, 120))"""


def table_problems(page: Any) -> list[str]:
    return [f"table without caption or headers: {html}"
            for html in page.evaluate(TABLES_WITHOUT_CAPTION_OR_HEADERS)]


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is, one line per element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", WCAG_21_AA)
    return [f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}"
            .replace("\n", " ")
            for violation in result["violations"] for node in violation["nodes"]]


def scanning_context(browser: Any, base_url: str, language: str) -> Any:
    # The CSP forbids inline scripts, which is how axe is put into the page.
    context = browser.new_context(base_url=base_url, bypass_csp=True)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                          "url": base_url}])
    return context


def test_the_scan_finds_a_violation(browser: Any, live_server: Any) -> None:
    page = scanning_context(browser, live_server.url, "da").new_page()
    page.goto("/login/")
    page.evaluate("""() => {
      const img = document.createElement('img');
      img.src = '/static/none.png';
      document.querySelector('main').append(img);
    }""")
    assert any(v.startswith("image-alt:") for v in axe_violations(page))
    page.context.close()


def test_the_scan_finds_a_table_without_caption(page: Any) -> None:
    page.goto("/login/")
    page.evaluate("""() => {
      const table = document.createElement('table');
      table.innerHTML = '<tr><td>1</td></tr>';
      document.querySelector('main').append(table);
    }""")
    assert table_problems(page)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_violates_wcag_21_aa(role: str, browser: Any, live_server: Any,
                                     people: Any) -> None:
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    world = build_world(people)
    pages = html_pages(world, role)
    assert pages
    user = world.user(role)
    problems = []
    for language in LANGUAGES:
        context = scanning_context(browser, live_server.url, language)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        tab = context.new_page()
        for url in pages:
            tab.goto(url)
            assert tab.locator("html").get_attribute("lang") == language
            problems += [f"{url} ({language}): {v}"
                         for v in axe_violations(tab) + table_problems(tab)]
        context.close()
    assert not problems, f"{len(problems)} violations as {role}:\n" + "\n".join(problems)
