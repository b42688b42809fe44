"""Single sign-on through the municipality's identity provider: OpenID Connect
(mozilla-django-oidc, authorization code flow with PKCE) and SAML 2.0 (djangosaml2/pysaml2).

The libraries verify the tokens and assertions; the backends here only turn what was
verified into an ``Identity`` for ``mentor.services_sso.sso_sign_in`` (which creates, updates
or deactivates the user from the group mapping), and tell the sign-in views whether the
provider did multi-factor sign-in. Configured in ``mentor/settings.py`` (the "Single sign-on"
block); with neither provider configured nothing here is used.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode, urlsplit

from csp.middleware import CSPMiddleware as _CSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from mentor import two_factor
from mentor.models import User
from mentor.models_sso import IdentityProvider

logger = logging.getLogger(__name__)

OIDC_BACKEND: Final = "mentor.sso_backends.OidcBackend"
SAML_BACKEND: Final = "mentor.sso_backends.SamlBackend"
METHOD_BY_BACKEND: Final = {OIDC_BACKEND: IdentityProvider.OIDC.value,
                            SAML_BACKEND: IdentityProvider.SAML.value}
PASSWORD: Final = "password"  # noqa: S105 (the sign-in method, not a secret)


def oidc_enabled() -> bool:
    return bool(settings.SSO_OIDC_ENABLED)


def saml_enabled() -> bool:
    return bool(settings.SSO_SAML_ENABLED)


def enabled() -> bool:
    """Single sign-on is configured: password sign-in is for break-glass accounts only."""
    return oidc_enabled() or saml_enabled()


def sign_in_method(request: HttpRequest) -> str:
    """How the session's user signed in: "oidc", "saml" or "password"."""
    return METHOD_BY_BACKEND.get(request.session.get(BACKEND_SESSION_KEY, ""), PASSWORD)


# --- Multi-factor as the provider reports it ------------------------------------------------------
def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return [str(value)]


def oidc_mfa(claims: Mapping[str, Any]) -> bool:
    """The ID token says multi-factor: an ``amr`` value (RFC 8176) or the ``acr`` in the
    configured sets."""
    amr = set(_as_list(claims.get("amr")))
    acr = claims.get("acr")
    return bool(amr & set(settings.OIDC_MFA_AMR)) or (
        acr is not None and str(acr) in settings.OIDC_MFA_ACR)


def saml_mfa(session_info: Mapping[str, Any]) -> bool:
    """An AuthnContextClassRef of the assertion is in the configured set."""
    refs = {str(entry[0]) for entry in session_info.get("authn_info") or () if entry}
    return bool(refs & set(settings.SAML_MFA_AUTHN_CONTEXTS))


# --- What one sign-in concluded, from the backend to the view --------------------------------------
@dataclass(frozen=True)
class SignIn:
    provider: str
    mfa: bool
    refused: bool


_REQUEST_ATTRIBUTE: Final = "_mentor_sso_sign_in"


def remember(request: HttpRequest, sign_in: SignIn) -> None:
    setattr(request, _REQUEST_ATTRIBUTE, sign_in)


def recalled(request: HttpRequest) -> SignIn | None:
    found: SignIn | None = getattr(request, _REQUEST_ATTRIBUTE, None)
    return found


def mark_session(request: HttpRequest, user: User, sign_in: SignIn) -> None:
    """After ``login``: trust the provider's multi-factor sign-in, or leave the product's own
    second factor to apply. Logged as the sign-in method."""
    # With the flag True, ``two_factor.is_satisfied`` asks for no code of the product's own.
    request.session[two_factor.PROVIDER_MFA_SESSION_KEY] = sign_in.mfa
    logger.info("signed in", extra={"user_id": user.pk, "method": sign_in.provider,
                                    "provider_mfa": sign_in.mfa})


@receiver(user_logged_in, dispatch_uid="mentor.sso.no_provider_mfa_by_default")
def no_provider_mfa_by_default(sender: Any, request: HttpRequest | None, user: User,
                               **kwargs: Any) -> None:
    """Every sign-in starts untrusted: only an identity provider's sign-in view, after this,
    may say that the provider did multi-factor (``mark_session``). A password sign-in (the
    break-glass account) never does."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[two_factor.PROVIDER_MFA_SESSION_KEY] = False
    if getattr(user, "backend", "") not in METHOD_BY_BACKEND:
        logger.info("signed in", extra={"user_id": user.pk, "method": PASSWORD,
                                        "provider_mfa": False})


# --- OpenID Connect ----------------------------------------------------------------------------------
def oidc_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the provider's
    end-session endpoint with the ID token as hint; back to the login page afterwards.
    ``OIDC_OP_LOGOUT_URL_METHOD`` of mozilla-django-oidc; called before the local logout."""
    after = request.build_absolute_uri(reverse("login"))
    endpoint = settings.OIDC_OP_END_SESSION_ENDPOINT
    if not endpoint:
        return after
    query = {"post_logout_redirect_uri": after, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        query["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(query)}"


# --- SAML 2.0 ------------------------------------------------------------------------------------------
def saml_config(request: HttpRequest | None = None) -> Any:
    """djangosaml2's ``SAML_CONFIG_LOADER``: the service provider's pysaml2 configuration,
    made from the settings at each SAML request (so the identity provider's metadata URL is
    read afresh), with this site's endpoints."""
    import shutil

    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.config import SPConfig
    from saml2.saml import NAMEID_FORMAT_PERSISTENT
    from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

    def url(name: str) -> str:
        path = reverse(name)
        return request.build_absolute_uri(path) if request is not None \
            else f"{settings.SITE_URL}{path}"

    metadata: dict[str, Any] = {}
    if settings.SAML_IDP_METADATA_FILE:
        metadata["local"] = [settings.SAML_IDP_METADATA_FILE]
    if settings.SAML_IDP_METADATA_URL:
        metadata["remote"] = [{"url": settings.SAML_IDP_METADATA_URL}]
    signed = bool(settings.SAML_SP_KEY_FILE and settings.SAML_SP_CERT_FILE)
    config: dict[str, Any] = {
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "entityid": settings.SAML_SP_ENTITY_ID,
        # Attribute names as the provider sends them (mapped by name in the backend).
        "allow_unknown_attributes": True,
        "metadata": metadata,
        "service": {"sp": {
            "name": "Mentorstøtte",
            "name_id_format": NAMEID_FORMAT_PERSISTENT,
            "endpoints": {
                "assertion_consumer_service": [(url("saml2_acs"), BINDING_HTTP_POST)],
                "single_logout_service": [(url("saml2_ls"), BINDING_HTTP_REDIRECT),
                                          (url("saml2_ls_post"), BINDING_HTTP_POST)],
            },
            "allow_unsolicited": False,
            "authn_requests_signed": signed,
            "logout_requests_signed": signed,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
        }},
    }
    if signed:
        config["key_file"] = settings.SAML_SP_KEY_FILE
        config["cert_file"] = settings.SAML_SP_CERT_FILE
        config["encryption_keypairs"] = [{"key_file": settings.SAML_SP_KEY_FILE,
                                          "cert_file": settings.SAML_SP_CERT_FILE}]
    sp_config = SPConfig()
    sp_config.load(config)
    return sp_config


# --- The sign-out form continues to the provider -------------------------------------------------------
def form_action_origins() -> list[str]:
    """Origins besides the product's own that a form may lead to: the sign-out form redirects
    to the provider's end-session or single-logout endpoint, and browsers hold every step of
    a form's redirects to the page's CSP ``form-action``."""
    if not enabled():
        return []
    urls = [*settings.SSO_FORM_ACTION_ORIGINS]
    if oidc_enabled():
        urls.append(settings.OIDC_OP_END_SESSION_ENDPOINT)
    if saml_enabled():
        urls.append(settings.SAML_IDP_METADATA_URL)
    origins = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware, with the identity providers' origins in ``form-action``."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase,
                         report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        origins = form_action_origins()
        if not origins or report_only:
            return parts
        update = dict(parts.update or {})
        existing = update.get("form-action") or []
        update["form-action"] = [*([existing] if isinstance(existing, str) else existing),
                                 *origins]
        return dataclasses.replace(parts, update=update)
