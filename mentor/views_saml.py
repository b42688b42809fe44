"""SAML 2.0 sign-in and single logout: djangosaml2's views, with what the product adds after
a sign-in (the provider's multi-factor, the refusal page). Imported only at the first SAML
request (``mentor/views_sso.py``): pysaml2 is slow to import."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from djangosaml2 import views as saml_views

from mentor import sso
from mentor.models_sso import IdentityProvider
from mentor.views_sso import sign_in_failed


class SamlSignInView(saml_views.LoginView):  # type: ignore[misc]
    """Sends the AuthnRequest to the identity provider (HTTP-Redirect binding)."""


class SamlAssertionConsumerView(saml_views.AssertionConsumerServiceView):  # type: ignore[misc]
    """The identity provider's response: pysaml2 verifies it; the backend
    (``mentor.sso_backends.SamlBackend``) maps the user."""

    def post_login_hook(self, request: HttpRequest, user: Any, session_info: dict[str, Any]
                        ) -> None:
        super().post_login_hook(request, user, session_info)
        sso.mark_session(request, user, sso.recalled(request) or sso.SignIn(
            provider=IdentityProvider.SAML, mfa=sso.saml_mfa(session_info), refused=False))

    def handle_acs_failure(self, request: HttpRequest, exception: Exception | None = None,
                           status: int = 403, **kwargs: Any) -> HttpResponse:
        return sign_in_failed(request)


class SamlLogoutServiceView(saml_views.LogoutView):  # type: ignore[misc]
    """Single logout: the provider's answer to our LogoutRequest, or its own request."""


class SamlMetadataView(saml_views.MetadataView):  # type: ignore[misc]
    """The service provider's metadata, for the identity provider's administrators."""


class SamlLogoutInitView(saml_views.LogoutInitView):  # type: ignore[misc]
    """Ends the product's session and sends the LogoutRequest (single logout); from the
    product's own sign-out form, hence POST."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = self.get(request, *args, **kwargs)
        return response
