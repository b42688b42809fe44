"""Identity: idle timeout, security headers and the content security policy, production-only
HTTPS settings. (The sign-in throttle: test_sign_in_throttle.py.)"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import People
from tests.factories import PASSWORD
from tests.mentor.test_settings import run_settings

ROOT = Path(__file__).resolve().parents[2]


def test_idle_session_is_logged_out(client: Client, people: People) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(people.caseworker)
        assert client.get(reverse("home")).status_code == 200
    later = start + datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_activity_keeps_the_session_alive(client: Client, people: People) -> None:
    start = timezone.now()
    step = datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60)
    client.force_login(people.caseworker)
    for n in range(3):
        with time_machine.travel(start + n * step, tick=False):
            assert client.get(reverse("home")).status_code == 200


def test_passive_ping_does_not_keep_an_idle_session_alive(client: Client, people: People) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(people.caseworker)
        client.get(reverse("home"))
    half = datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT * 0.6)
    with time_machine.travel(start + half, tick=False):
        client.get(reverse("home"), headers={"X-Session-Ping": "passive"})
    with time_machine.travel(start + 2 * half, tick=False):
        assert client.get(reverse("home")).status_code == 302


def test_pages_carry_the_idle_warning(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    body = client.get(reverse("home")).content.decode()
    assert f'data-idle-timeout="{settings.SESSION_IDLE_TIMEOUT}"' in body
    assert 'id="idle-warning"' in body


def test_responses_carry_a_strict_content_security_policy(client: Client, db: None) -> None:
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_responses_carry_the_security_headers(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_http_only_and_ends_with_the_browser(
        client: Client, people: People) -> None:
    response = client.post(reverse("login"), {"username": "caseworker", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]


def test_production_turns_on_https_only_settings(tmp_path: Path) -> None:
    env = {"DJANGO_ENV": "production", "VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 60,
           "CPR_ENCRYPTION_KEY": "a" * 43 + "=", "CPR_HASH_KEY": "h" * 40,
           "ALLOWED_HOSTS": "mentor.example"}
    result = run_settings(env, "[settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, "
                               "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
                               "settings.DEBUG]")
    assert result.stdout.strip() == "[31536000, True, True, True, False]", result.stderr


# The CSP forbids inline scripts, inline styles and inline event handlers: no template uses them.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"""\sstyle\s*=\s*["']""", re.I), "style= attribute"),
    (re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I), "inline event handler"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
]


@pytest.mark.parametrize("template", sorted(
    p for p in (ROOT / "templates").rglob("*.html") if "/pdf/" not in str(p)),
    ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_need_no_inline_script_or_style(template: Path) -> None:
    text = template.read_text()
    found = [label for pattern, label in INLINE if pattern.search(text)]
    assert not found, f"{template}: {', '.join(found)} (forbidden by the CSP)"


def test_nul_characters_are_refused_before_any_view(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    assert client.get(reverse("citizen_list"), {"q": "a\x00b"}).status_code == 400
    assert client.post(reverse("citizen_create"), {"first_name": "\x00"}).status_code == 400
    assert client.get(reverse("citizen_list"), {"q": "ab"}).status_code == 200


def test_a_number_too_long_for_any_field_is_refused(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    assert client.post(reverse("citizen_create"), {"team": "1" * 400}).status_code == 400
    assert client.get(reverse("citizen_list"), {"q": "1" * 30}).status_code == 200


def test_activity_is_written_to_the_session_about_once_a_minute(
        client: Client, people: People) -> None:
    """Requests within a minute of the last write do not save the session again (a database
    write per page otherwise); one a minute later does."""
    from django.contrib.sessions.models import Session

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(people.caseworker)
        client.get(reverse("home"))
    key = client.session.session_key

    def stored() -> str:
        return Session.objects.get(session_key=key).session_data

    first = stored()
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert stored() == first
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert stored() != first
