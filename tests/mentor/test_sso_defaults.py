"""Single sign-on switched off (the default) and on: the login page, the password sign-in
(break-glass accounts only once SSO is on), the provider's multi-factor, the sign-out URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from mentor import sso, two_factor
from mentor.models_sso import BreakGlassAccount
from tests.conftest import People
from tests.factories import PASSWORD
from tests.mentor.test_settings import run_settings

SSO_URLS = ["oidc_authentication_init", "oidc_authentication_callback", "saml2_login",
            "saml2_metadata", "saml2_ls"]


@pytest.fixture
def oidc_on(settings: Settings) -> Settings:
    idp = "http://idp.example/o"
    settings.SSO_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "mentor"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp}/.well-known/jwks.json"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{idp}/logout/"
    return settings


def test_neither_provider_is_configured_by_default(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path)},
                          "settings.SSO_OIDC_ENABLED, settings.SSO_SAML_ENABLED")
    assert result.stdout.strip() == "False False"


def test_the_environment_switches_a_provider_on(tmp_path: Path) -> None:
    idp = "https://login.example/tenant/v2.0"
    result = run_settings({"VAR_DIR": str(tmp_path), "OIDC_RP_CLIENT_ID": "mentor",
                           "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{idp}/authorize",
                           "OIDC_OP_TOKEN_ENDPOINT": f"{idp}/token",
                           "OIDC_OP_USER_ENDPOINT": f"{idp}/userinfo",
                           "OIDC_OP_JWKS_ENDPOINT": f"{idp}/keys",
                           "SAML_IDP_METADATA_URL": "https://idp.example/metadata"},
                          "settings.SSO_OIDC_ENABLED, settings.SSO_SAML_ENABLED")
    assert result.stdout.strip() == "True True"


@pytest.mark.django_db
def test_without_sso_the_login_page_has_no_provider_buttons(client: Client) -> None:
    body = client.get(reverse("login")).content.decode()
    assert "data-sso-sign-in" not in body and "Nødadgang" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", SSO_URLS)
def test_without_sso_its_urls_do_not_exist(client: Client, name: str) -> None:
    assert client.get(reverse(name)).status_code == 404


def test_without_sso_every_local_account_signs_in_with_its_password(
        client: Client, people: People) -> None:
    response = client.post(reverse("login"), {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[two_factor.PROVIDER_MFA_SESSION_KEY] is False


def test_with_sso_the_login_page_offers_the_provider(client: Client, oidc_on: Settings,
                                                     db: None) -> None:
    oidc_on.SSO_OIDC_LABEL = "Testkommunes konto"
    body = client.get(reverse("login")).content.decode()
    assert "Log ind med Testkommunes konto" in body
    assert reverse("oidc_authentication_init") in body


def test_with_sso_a_password_signs_in_only_a_break_glass_account(
        client: Client, people: People, oidc_on: Settings) -> None:
    refused = client.post(reverse("login"), {"username": "administrator",
                                             "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    BreakGlassAccount.objects.create(user=people.administrator, reason="Nødadgang")
    accepted = client.post(reverse("login"), {"username": "administrator",
                                              "password": PASSWORD})
    assert accepted.status_code == 302
    # The provider's multi-factor is never trusted for a password sign-in.
    assert client.session[two_factor.PROVIDER_MFA_SESSION_KEY] is False


def test_sign_in_with_sso_starts_the_code_flow_with_pkce(client: Client,
                                                         oidc_on: Settings,
                                                         db: None) -> None:
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://idp.example/o/authorize/?")
    for part in ("response_type=code", "code_challenge_method=S256", "code_challenge=",
                 "state=", "nonce=", "client_id=mentor"):
        assert part in location


def test_the_id_tokens_amr_or_acr_says_multi_factor(settings: Settings) -> None:
    settings.OIDC_MFA_AMR = ["mfa", "otp", "hwk"]
    settings.OIDC_MFA_ACR = ["urn:kommune:loa:substantial"]
    assert sso.oidc_mfa({"amr": ["pwd", "mfa"]})
    assert sso.oidc_mfa({"amr": ["pwd"], "acr": "urn:kommune:loa:substantial"})
    assert not sso.oidc_mfa({"amr": ["pwd"]})
    assert not sso.oidc_mfa({})


def test_the_saml_authn_context_says_multi_factor(settings: Settings) -> None:
    settings.SAML_MFA_AUTHN_CONTEXTS = ["https://data.gov.dk/concept/core/nsis/loa/Substantial"]
    strong: dict[str, Any] = {"authn_info": [("https://data.gov.dk/concept/core/nsis/loa/Substantial", [],
                              "2026-12-07T10:00:00Z")]}
    weak: dict[str, Any] = {"authn_info": [("urn:oasis:names:tc:SAML:2.0:ac:classes:Password", [], "")]}
    assert sso.saml_mfa(strong)
    assert not sso.saml_mfa(weak)
    assert not sso.saml_mfa({})


def test_oidc_sign_out_asks_the_provider_to_end_its_session(
        client: Client, people: People, oidc_on: Settings) -> None:
    client.force_login(people.caseworker, backend=sso.OIDC_BACKEND)
    session = client.session
    session["oidc_id_token"] = "header.payload.signature"
    session.save()
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://idp.example/o/logout/?")
    assert "id_token_hint=header.payload.signature" in location
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Flogin%2F" in location
    assert "_auth_user_id" not in client.session


def test_a_password_session_signs_out_locally(client: Client, people: People,
                                              oidc_on: Settings) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
