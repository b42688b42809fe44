"""The libraries' authentication backends, subclassed where they meet the product's users.

mozilla-django-oidc exchanges the code (with the PKCE verifier) and verifies the ID token's
signature and nonce; djangosaml2/pysaml2 verifies the SAML response and assertion before the
backend is called. What they hand over is turned into an ``Identity`` for
``mentor.services_sso.sso_sign_in``. Both load the signed-in user on each request from the
shared cache, as ``CachedModelBackend`` does.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from djangosaml2.backends import Saml2Backend
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from mentor import services_sso, sso, user_state
from mentor.models import User
from mentor.models_sso import IdentityProvider

logger = logging.getLogger(__name__)


def _first(values: Any) -> str:
    """A claim or attribute as one string (SAML attributes are lists)."""
    if isinstance(values, list | tuple):
        return str(values[0]) if values else ""
    return "" if values is None else str(values)


def _groups(values: Any) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        return frozenset({values})
    return frozenset(str(value) for value in values)


def _sign_in(request: HttpRequest | None, identity: services_sso.Identity, mfa: bool
             ) -> User | None:
    """The active user to sign in, or None (the view then shows why: ``sso.recalled``)."""
    user = services_sso.sso_sign_in(identity=identity)
    refused = user is None or not user.is_active
    if request is not None:
        sso.remember(request, sso.SignIn(provider=identity.provider, mfa=mfa and not refused,
                                         refused=refused))
    return None if refused else user


class _CachedUser:
    def get_user(self, user_id: Any) -> Any:
        user = user_state.load_user(user_id)
        return user if user is not None and user.is_active else None


class OidcBackend(_CachedUser, OIDCAuthenticationBackend):  # type: ignore[misc]
    """OpenID Connect: the user from the verified ID token and the userinfo endpoint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Listed in AUTHENTICATION_BACKENDS always; the library reads its settings only when
        # the provider is configured (every authenticate() call builds each backend).
        self.enabled = sso.oidc_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        """The library checks the signature and the nonce; the issuer, audience and expiry
        are checked here."""
        payload = super().verify_token(token, **kwargs)
        import time

        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_OP_ISSUER and payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("ID token from another issuer.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client.")
        if float(payload.get("exp", 0)) < time.time():
            raise SuspiciousOperation("ID token expired.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str,
                           payload: Mapping[str, Any]) -> User | None:
        claims = {**self.get_userinfo(access_token, id_token, payload)}
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo is another subject's.")
        identity = services_sso.Identity(
            provider=IdentityProvider.OIDC,
            subject=str(payload["sub"]),
            username=_first(claims.get(settings.OIDC_USERNAME_CLAIM) or claims.get("email")),
            groups=_groups(claims.get(settings.OIDC_GROUPS_CLAIM,
                                      payload.get(settings.OIDC_GROUPS_CLAIM))),
            email=_first(claims.get("email")),
            first_name=_first(claims.get("given_name")),
            last_name=_first(claims.get("family_name")))
        # amr and acr are the ID token's (OpenID Connect Core 1.0, section 2).
        return _sign_in(self.request, identity, sso.oidc_mfa(payload))


class SamlBackend(_CachedUser, Saml2Backend):  # type: ignore[misc]
    """SAML 2.0: the user from the verified assertion's NameID and attributes."""

    def authenticate(self, request: HttpRequest | None, session_info: dict[str, Any] | None = None,
                     attribute_mapping: Any = None, create_unknown_user: bool = True,
                     assertion_info: Any = None, **kwargs: Any) -> Any:
        if session_info is None or not sso.saml_enabled():
            return None
        attributes: Mapping[str, Any] = session_info.get("ava") or {}
        name_id = session_info.get("name_id")
        subject = getattr(name_id, "text", None) or _first(
            attributes.get(settings.SAML_USERNAME_ATTRIBUTE))
        if not subject:
            logger.warning("SAML sign-in without a NameID or username")
            return None
        identity = services_sso.Identity(
            provider=IdentityProvider.SAML,
            subject=subject,
            username=_first(attributes.get(settings.SAML_USERNAME_ATTRIBUTE)) or subject,
            groups=_groups(attributes.get(settings.SAML_GROUPS_ATTRIBUTE)),
            email=_first(attributes.get(settings.SAML_EMAIL_ATTRIBUTE)),
            first_name=_first(attributes.get(settings.SAML_FIRST_NAME_ATTRIBUTE)),
            last_name=_first(attributes.get(settings.SAML_LAST_NAME_ATTRIBUTE)))
        return _sign_in(request, identity, sso.saml_mfa(session_info))
