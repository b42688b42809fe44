"""Who calls the API and what it may do: the client behind a token, its scopes, its rate.

A request is authenticated by a client-credentials token of an active ``ApiClient``; the view
states the scope it needs (``required_scope``); the objects a client may reach are decided by
the selectors in ``mentor/api/selectors.py`` (another provider's course is a 404, as on the
pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.scopes import SettingsScopes
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from mentor.models_api import ApiClient

if TYPE_CHECKING:
    from oauth2_provider.models import AccessToken


def request_token(request: Request) -> AccessToken:
    """The access token of a request that ``ClientAuthentication`` authenticated."""
    token: AccessToken = request.auth
    return token


def request_client(request: Request) -> ApiClient:
    """The client of an authenticated API request."""
    client: ApiClient = request_token(request).application.api_client
    return client


class ClientAuthentication(OAuth2Authentication):
    """A valid bearer token of an active client; the request's user is the client's system
    user (the actor in the access log and the services' history)."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            if getattr(request, "oauth2_error", None):
                raise exceptions.AuthenticationFailed(_("Adgangsbilletten er ugyldig eller udløbet."))
            return None
        _user, token = result
        client = ApiClient.objects.select_related("user", "provider", "municipality").filter(
            application_id=token.application_id).first()
        if client is None or not client.active:
            raise exceptions.AuthenticationFailed(_("Klienten er tilbagekaldt."))
        # Read back by request_client() without another query.
        token.application.api_client = client
        return client.user, token


class ClientScopes(SettingsScopes):
    """A client may ask for the scopes it was given, and gets all of them by default."""

    def get_available_scopes(self, application: Any = None, request: Any = None, *args: Any,
                             **kwargs: Any) -> list[str]:
        client = ApiClient.objects.filter(application=application, revoked_at__isnull=True).first()
        return sorted(client.scope_set) if client is not None else []

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any,
                           **kwargs: Any) -> list[str]:
        return self.get_available_scopes(application, request)


class HasClientScope(BasePermission):
    """The token carries the view's ``required_scope`` (read or write by the method when the
    view gives a pair) and the client still holds it."""

    message = _("Klienten har ikke adgang til denne del af API'et.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.auth is None:
            raise exceptions.NotAuthenticated(_("Angiv en gyldig adgangsbillet (Bearer)."))
        scope = required_scope(request, view)
        if scope is None:
            return False
        token_scopes = set(request_token(request).scope.split())
        return scope in token_scopes and scope in request_client(request).scope_set


def required_scope(request: Request, view: Any) -> str | None:
    scope = getattr(view, "required_scope", None)
    if isinstance(scope, dict):
        return scope.get(request.method or "GET") or scope.get("*")
    return scope


class ClientRateThrottle(SimpleRateThrottle):
    """A rate limit per client (OAuth application), not per address."""

    scope = "client"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope,
                                    "ident": request_token(request).application_id}
