"""WCAG 2.1 AA on the sign-in pages that only a user in the middle of signing in sees: the
password again, the QR code, the recovery codes, the code page (also with an error), and the
cool-down page; in Danish and English. (The pages of a signed-in user are in
test_accessibility.py through the permission matrix.) Walked in the browser as a new user."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor import two_factor
from mentor.models import User
from tests.conftest import People
from tests.factories import PASSWORD
from tests.mentor.test_accessibility import AXE, axe_violations, scanning_context, table_problems
from tests.second_factor import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_USER = {"da": "caseworker", "en": "mentor"}
THROTTLED = {"da": "outsider", "en": "manager"}


def _submit(tab: Any) -> None:
    tab.click("main form button[type=submit]")


def _password(tab: Any, username: str, password: str = PASSWORD) -> None:
    tab.goto("/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    _submit(tab)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_sign_in_pages_violate_nothing(language: str, browser: Any, live_server: Any,
                                           people: People) -> None:
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    tab = scanning_context(browser, live_server.url, language).new_page()
    problems: list[str] = []

    def scan(expected: str) -> None:
        assert expected in tab.url, tab.url
        problems.extend(f"{tab.url}: {v}" for v in axe_violations(tab) + table_problems(tab))

    user = User.objects.get(username=NEW_USER[language])
    _password(tab, user.username)
    tab.wait_for_url(lambda url: "/two-factor/password/" in url)
    scan("/two-factor/password/")
    tab.fill("input[name=password]", "Forkert-kodeord-1")
    _submit(tab)
    scan("/two-factor/password/")  # with the error
    tab.fill("input[name=password]", PASSWORD)
    _submit(tab)
    tab.wait_for_url(lambda url: url.endswith("/two-factor/") or "/two-factor/?" in url)
    scan("/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    tab.fill("input[name=token]", two_factor.current_code(device))
    _submit(tab)
    tab.wait_for_url(lambda url: "/recovery-codes/" in url)
    assert tab.locator("[data-testid=recovery-codes] li").count() == 10
    scan("/recovery-codes/")

    tab.context.clear_cookies()
    tab.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                              "url": live_server.url}])
    _password(tab, user.username)
    tab.wait_for_url(lambda url: "/two-factor/verify/" in url)
    scan("/two-factor/verify/")
    tab.fill("input[name=token]", "000000")
    _submit(tab)
    scan("/two-factor/verify/")  # with the error
    # After a wrong code django-otp's throttle refuses the device's next try for a second
    # (OTP_TOTP_THROTTLE_FACTOR), whatever code it is; a person takes longer than that.
    tab.wait_for_timeout(1500)
    tab.fill("input[name=token]", code_for(user))
    _submit(tab)
    tab.wait_for_url(lambda url: "/two-factor/" not in url)

    tab.context.clear_cookies()
    tab.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                              "url": live_server.url}])
    for _ in range(5):
        _password(tab, THROTTLED[language], "Forkert-kodeord-1")
    _password(tab, THROTTLED[language])
    scan("/login/")
    assert tab.locator("h1").inner_text() in ("Vent lidt, før du prøver igen",
                                              "Wait a little before you try again")
    tab.context.close()
    assert not problems, "\n".join(problems)
