"""Sign-in and sign-out through the identity provider: the libraries' views, answering 404
while their provider is not configured, plus what the product adds after a sign-in (the
provider's multi-factor, the refusal page) and the one sign-out for every method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from mozilla_django_oidc import views as oidc_views

from mentor import sso
from mentor.models_sso import IdentityProvider


def sign_in_failed(request: HttpRequest) -> HttpResponse:
    """A sign-in through the provider that did not end with a signed-in user."""
    sign_in = sso.recalled(request)
    if sign_in is not None and sign_in.refused:
        return redirect("sso_refused")
    messages.error(request, _("Log ind via kommunens konto mislykkedes. Prøv igen, eller "
                              "kontakt en administrator, hvis det bliver ved."))
    return redirect("login")


# --- OpenID Connect (mozilla-django-oidc) -------------------------------------------------------
class OidcSignInView(oidc_views.OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Redirects to the provider (authorization code flow with PKCE, state and nonce)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso.oidc_enabled():
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response


class OidcCallbackView(oidc_views.OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer: the library exchanges the code and verifies the ID token; the
    backend (``mentor.sso_backends.OidcBackend``) maps the user."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso.oidc_enabled():
            raise Http404
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        sign_in = sso.recalled(self.request)
        sso.mark_session(self.request, self.user, sign_in or sso.SignIn(
            provider=IdentityProvider.OIDC, mfa=False, refused=False))
        return response

    def login_failure(self) -> HttpResponse:
        return sign_in_failed(self.request)


# --- SAML 2.0 (djangosaml2, in mentor/views_saml.py) ------------------------------------------
# pysaml2 reads its XML schemas at import (seconds, and megabytes per process): the SAML views
# are imported at the first SAML request, never while SAML is not configured.
def _saml_view(name: str, *, exempt_from_csrf: bool = False) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sso.saml_enabled():
            raise Http404
        from mentor import views_saml

        response: HttpResponse = getattr(views_saml, name).as_view()(request, *args, **kwargs)
        return response

    view.__name__ = name
    # The identity provider posts its response and logout messages from its own site.
    return csrf_exempt(view) if exempt_from_csrf else view


saml_sign_in = _saml_view("SamlSignInView")
saml_assertion_consumer = _saml_view("SamlAssertionConsumerView", exempt_from_csrf=True)
saml_logout_service = _saml_view("SamlLogoutServiceView", exempt_from_csrf=True)
saml_metadata = _saml_view("SamlMetadataView")


# --- Sign-out, the refusal page ------------------------------------------------------------------
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Ends the product's session, and the provider's where it supports it: RP-initiated
    logout for OpenID Connect, single logout for SAML."""
    method = sso.sign_in_method(request) if request.user.is_authenticated else sso.PASSWORD
    if method == IdentityProvider.OIDC and sso.oidc_enabled():
        response: HttpResponse = oidc_views.OIDCLogoutView.as_view()(request)
        return response
    if method == IdentityProvider.SAML and sso.saml_enabled():
        from mentor import views_saml

        response = views_saml.SamlLogoutInitView.as_view()(request)
        return response
    response = auth_views.LogoutView.as_view()(request)
    return response


@never_cache
def sso_refused(request: HttpRequest) -> HttpResponse:
    """Shown when the identity provider signed the person in but none of their groups gives
    a role here (or no longer does: their account is then deactivated)."""
    return render(request, "registration/sso_refused.html", status=200)
