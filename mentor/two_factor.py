"""Optional TOTP two-factor (django-otp) for administrators and managers.

A user who has enrolled a device must enter a code after logging in before any other page
opens. Whether a user has a device is read once, at login, into the session, so that ordinary
requests cost no extra query.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from mentor.models import User

SESSION_KEY = "otp_required"
# Set (True) by a sign-in through an identity provider that reported multi-factor sign-in
# (OIDC amr/acr, SAML AuthnContextClassRef): the product's own second factor is then not asked.
PROVIDER_MFA_SESSION_KEY = "mfa_by_provider"
# Pages a user who still owes a code may open.
EXEMPT_URL_NAMES = frozenset({"otp_verify", "logout", "set_language", "health", "login",
                             "healthz", "readyz", "metrics"})
ISSUER = "Mentorstøtte"


def has_confirmed_device(user: User) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


@receiver(user_logged_in, dispatch_uid="mentor.two_factor.remember_device")
def remember_device(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = has_confirmed_device(user)


def set_required(request: HttpRequest, required: bool) -> None:
    request.session[SESSION_KEY] = required


class OtpRequiredMiddleware:
    """Sends a logged-in user with a device, not yet verified in this session, to the code
    page. Install after django_otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponse | None:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not request.session.get(SESSION_KEY) or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('otp_verify')}?{query}")


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, not inline markup)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8,
                        border=2)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_base32(hex_key: str) -> str:
    """The device key as authenticator apps show it, for typing it in by hand."""
    raw = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))
