"""Single sign-on through real identity providers started by the tests, driven in the
browser: an OpenID Connect provider (django-oauth-toolkit, ``tests/idp/oidc_idp.py``) and a
SAML 2.0 identity provider (pysaml2, ``tests/idp/saml_idp.py``), each a process of its own.

One session per provider walks: first sign-in (user created in the mapped role and team,
the provider's multi-factor trusted), sign-out of both, changed groups and no multi-factor
(the product's own second factor), removed groups (deactivated, the Danish refusal page).
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from mentor.models import Role, User
from mentor.models_sso import IdentityGroupMapping, IdentityProvider
from mentor.two_factor import PROVIDER_MFA_SESSION_KEY
from tests.conftest import People
from tests.idp.processes import (
    RunningProvider,
    free_port,
    start,
    write_key_pair,
    write_person,
    write_rsa_key,
)
from tests.mentor.test_accessibility import axe_violations, scanning_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDP_PASSWORD = "idp-password-1"
# The second factor of the product: today's code page, or an enrolment page (either).
SECOND_FACTOR = re.compile(r"/account/two-factor/")


def map_groups(people: People, provider: str) -> None:
    for group, role, team in [("mentor-sagsbehandlere", Role.CASEWORKER, people.team),
                              ("mentor-teamledere", Role.TEAM_LEADER, people.other_team)]:
        IdentityGroupMapping.objects.create(provider=provider, group=group, role=role,
                                            team=team, municipality=people.municipality)


def sign_in_at_provider(page: Page, button: str, username: str) -> None:
    """From the product's login page through the provider's own login form."""
    page.goto("/login/")
    page.get_by_role("link", name=button).click()
    page.wait_for_selector("#id_username")
    page.fill("#id_username", username)
    page.fill("#id_password", IDP_PASSWORD)
    page.click("#idp-login")


def sign_out(page: Page) -> None:
    page.locator("form[action='/logout/'] button").first.dispatch_event("click")
    page.wait_for_url(re.compile(r"/login/$"))


def assert_signed_out_at_provider(page: Page, provider: RunningProvider) -> None:
    page.goto(provider.base_url + "/")
    expect(page.locator("#idp-status")).to_have_text("Ikke logget ind hos udbyderen")


# --- OpenID Connect -------------------------------------------------------------------------
@pytest.fixture
def oidc_provider(tmp_path: Path, live_server: LiveServer) -> Iterator[RunningProvider]:
    state = tmp_path / "oidc"
    state.mkdir()
    write_rsa_key(state / "oidc-signing-key.pem")
    (state / "client.json").write_text(
        '{"client_id": "mentor", "client_secret": "mentor-secret", '
        f'"redirect_uri": "{live_server.url}/oidc/callback/", '
        f'"post_logout_redirect_uri": "{live_server.url}/login/"}}')
    port = free_port()
    write_person(state, "anna", password=IDP_PASSWORD, email="anna@kommune.example",
                 given_name="Anna", family_name="Andersen", groups=["mentor-sagsbehandlere"],
                 amr=["pwd", "mfa"])
    provider = start("tests.idp.oidc_idp", port, state,
                     {"IDP_ISSUER": f"http://localhost:{port}/o"})
    yield provider
    provider.stop()


@pytest.fixture
def oidc_settings(settings: Settings, oidc_provider: RunningProvider) -> None:
    base = oidc_provider.base_url + "/o"
    settings.SSO_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "mentor"
    settings.OIDC_RP_CLIENT_SECRET = "mentor-secret"
    settings.OIDC_OP_ISSUER = base
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{base}/logout/"
    settings.SSO_OIDC_LABEL = "Testkommunes konto"


def test_oidc_sign_in_maps_trusts_mfa_signs_out_and_deactivates(
        page: Page, browser: Browser, live_server: LiveServer, people: People,
        oidc_provider: RunningProvider, oidc_settings: None) -> None:
    # The login page with the provider's button passes the accessibility scan.
    scan = scanning_context(browser, live_server.url, "da").new_page()
    scan.goto("/login/")
    assert axe_violations(scan) == []
    scan.context.close()

    walk_through(page, live_server, people, oidc_provider, IdentityProvider.OIDC,
                 button="Log ind med Testkommunes konto", username="anna",
                 multi_factor={"amr": ["pwd", "mfa"]}, password_only={"amr": ["pwd"]})


# --- SAML 2.0 -----------------------------------------------------------------------------------
NSIS_SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
PASSWORD_ONLY = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


@pytest.fixture
def saml_provider(tmp_path: Path) -> Iterator[RunningProvider]:
    state = tmp_path / "saml-idp"
    state.mkdir()
    write_key_pair(state / "idp.key", state / "idp.crt", "Test identity provider")
    write_person(state, "bent", password=IDP_PASSWORD, email="bent@kommune.example",
                 given_name="Bent", family_name="Berg", groups=["mentor-sagsbehandlere"],
                 authn_context=NSIS_SUBSTANTIAL)
    provider = start("tests.idp.saml_idp", free_port(), state, {})
    yield provider
    provider.stop()


@pytest.fixture
def saml_settings(settings: Settings, tmp_path: Path, live_server: LiveServer,
                  saml_provider: RunningProvider) -> None:
    keys = tmp_path / "sp"
    keys.mkdir()
    write_key_pair(keys / "sp.key", keys / "sp.crt", "Mentorstøtte (test)")
    settings.SSO_SAML_ENABLED = True
    # Read from the provider at each SAML request, as from a municipality's provider.
    settings.SAML_IDP_METADATA_URL = saml_provider.base_url + "/metadata"
    settings.SAML_SP_ENTITY_ID = f"{live_server.url}/saml2/metadata/"
    settings.SAML_SP_KEY_FILE = str(keys / "sp.key")
    settings.SAML_SP_CERT_FILE = str(keys / "sp.crt")
    settings.SAML_MFA_AUTHN_CONTEXTS = [NSIS_SUBSTANTIAL]
    settings.SSO_SAML_LABEL = "fælleskommunal adgangsstyring (test)"
    # The provider learns the product from its metadata, as a real one would.
    (saml_provider.state_dir / "sp.xml").write_bytes(
        fetch(f"{live_server.url}/saml2/metadata/"))


def test_saml_sign_in_maps_trusts_mfa_signs_out_and_deactivates(
        page: Page, live_server: LiveServer, people: People,
        saml_provider: RunningProvider, saml_settings: None) -> None:
    walk_through(page, live_server, people, saml_provider, IdentityProvider.SAML,
                 button="Log ind med fælleskommunal adgangsstyring (test)", username="bent",
                 multi_factor={"authn_context": NSIS_SUBSTANTIAL},
                 password_only={"authn_context": PASSWORD_ONLY})


# --- The walk, the same for both providers ------------------------------------------------------
def walk_through(page: Page, live_server: LiveServer, people: People,
                 provider: RunningProvider, kind: str, *, button: str, username: str,
                 multi_factor: dict[str, Any], password_only: dict[str, Any]) -> None:
    map_groups(people, kind)

    # First sign-in: created as a caseworker of the team; the provider did multi-factor.
    sign_in_at_provider(page, button, username)
    expect(page.locator('[data-role-home="caseworker"]')).to_be_visible()
    user = User.objects.get(username=username)
    assert user.roles == {Role.CASEWORKER} and user.team_ids == {people.team.pk}
    assert _session_of(page, live_server)[PROVIDER_MFA_SESSION_KEY] is True

    # Sign-out ends the provider's session too.
    sign_out(page)
    assert_signed_out_at_provider(page, provider)

    # Changed groups, and a password-only sign-in at the provider: new role and team, and
    # the product's own second factor (the provider asks for the password again: it had
    # signed out).
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    provider.set_person(username, groups=["mentor-teamledere", "andet"], **password_only)
    sign_in_at_provider(page, button, username)
    page.wait_for_url(SECOND_FACTOR)
    user = User.objects.get(username=username)
    assert user.roles == {Role.TEAM_LEADER} and user.team_ids == {people.other_team.pk}
    assert _session_of(page, live_server)[PROVIDER_MFA_SESSION_KEY] is False
    sign_out(page)
    assert_signed_out_at_provider(page, provider)

    # Multi-factor at the provider again: trusted, no code asked although the user has a
    # device of the product's own.
    provider.set_person(username, **multi_factor)
    sign_in_at_provider(page, button, username)
    expect(page.locator('[data-role-home="team_leader"]')).to_be_visible()
    sign_out(page)

    # No mapped group left: deactivated, and told so in Danish.
    provider.set_person(username, groups=["andet"])
    sign_in_at_provider(page, button, username)
    expect(page.locator("[data-sso-refused]")).to_have_text(
        "Din konto giver ikke adgang til Mentorstøtte")
    assert not User.objects.get(username=username).is_active
    assert "_auth_user_id" not in _session_of(page, live_server)


def _session_of(page: Page, live_server: LiveServer) -> dict[str, Any]:
    """The product's session data for the browser's session cookie (empty without one)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    cookies = {c["name"]: c["value"] for c in page.context.cookies(live_server.url)}
    key = cookies.get(settings.SESSION_COOKIE_NAME)
    session = Session.objects.filter(session_key=key).first() if key else None
    return session.get_decoded() if session is not None else {}


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a local test URL)
        body: bytes = response.read()
        return body
