"""Two-factor sign-in (TOTP, django-otp) for everyone: every role reads case data.

After the password a user is sent, before any other page, to enrol an authenticator app (no
confirmed device yet) or to enter its code (or a recovery code). Not when the identity
provider reported a multi-factor sign-in: then ``PROVIDER_MFA_SESSION_KEY`` is True in the
session, set by the single sign-on.

Where the user stands is kept in the session (``STATE_KEY``): read from the database once,
at sign-in, and changed by the enrolment and verification views, so that ordinary requests
cost no query. (django-otp's own middleware would load the device on every request.) An
administrator's reset ends the user's sessions through ``User.sign_in_generation``.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from mentor.models import User

STATE_KEY: Final = "two_factor"
ENROL: Final = "enrol"  # no confirmed device: set one up before anything else
VERIFY: Final = "verify"  # a device: its code (or a recovery code) before anything else
DONE: Final = "done"
# Set (True) by a sign-in through an identity provider that reported multi-factor sign-in
# (OIDC amr/acr, SAML AuthnContextClassRef): the product's own second factor is then not asked.
PROVIDER_MFA_SESSION_KEY: Final = "mfa_by_provider"
# When the password was last typed again (re-authentication before enrolment), as a time stamp.
PASSWORD_CONFIRMED_KEY: Final = "two_factor_password_at"  # noqa: S105 (a session key)
PASSWORD_CONFIRMATION_SECONDS: Final = 10 * 60
# Recovery codes just made, to be shown once.
NEW_RECOVERY_CODES_KEY: Final = "two_factor_new_codes"
RECOVERY_CODE_COUNT: Final = 10

# Pages that need no second factor: signing in and out, the language, the accessibility
# statement, probes. Each state adds the pages that lead out of it.
OPEN_URL_NAMES: Final = frozenset({"logout", "login", "set_language", "accessibility_statement",
                                   "health", "healthz", "readyz", "metrics"})
STATE_URL_NAMES: Final = {
    ENROL: frozenset({"otp_setup", "otp_password"}),
    VERIFY: frozenset({"otp_verify"}),
}
ISSUER: Final = "Mentorstøtte"


def has_confirmed_device(user: User) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


def state_from_database(user: User) -> str:
    return VERIFY if has_confirmed_device(user) else ENROL


@receiver(user_logged_in, dispatch_uid="mentor.two_factor.remember_device")
def remember_device(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[STATE_KEY] = state_from_database(user)
    if not user.has_usable_password():
        # Signed in through the identity provider just now, and no password to type again:
        # that sign-in is the re-authentication that enrolment asks for.
        request.session[PASSWORD_CONFIRMED_KEY] = time.time()


def mark_verified(session: SessionBase) -> None:
    """The second factor is done for this session (a code, a recovery code, an enrolment)."""
    session[STATE_KEY] = DONE


def is_satisfied(session: SessionBase) -> bool:
    return session.get(PROVIDER_MFA_SESSION_KEY) is True or session.get(STATE_KEY) == DONE


def confirm_password(session: SessionBase) -> None:
    session[PASSWORD_CONFIRMED_KEY] = time.time()


def password_recently_confirmed(session: SessionBase) -> bool:
    at = session.get(PASSWORD_CONFIRMED_KEY)
    return at is not None and time.time() - float(at) < PASSWORD_CONFIRMATION_SECONDS


class TwoFactorMiddleware:
    """Sends a signed-in user who has not done the second factor in this session to the
    enrolment or the code page. A session from before this rule has no state: it is read once
    from the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponse | None:
        user: Any = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_satisfied(request.session):
            return None
        state = request.session.get(STATE_KEY)
        if state not in STATE_URL_NAMES:
            state = request.session[STATE_KEY] = state_from_database(user)
        match = request.resolver_match
        name = match.url_name if match is not None else None
        if name in OPEN_URL_NAMES or name in STATE_URL_NAMES[state]:
            return None
        target = reverse("otp_setup" if state == ENROL else "otp_verify")
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{target}?{query}")


def current_code(device: Any, at: float | None = None) -> str:
    """The code an authenticator app with ``device``'s key shows at ``at`` (now), or, if the
    device has just accepted that one, the next one (the device accepts one step ahead; a
    code is accepted only once). For the demo's ``totp_code`` command, the tests and the
    benchmark, which sign in as users without a phone."""
    from django_otp.oath import hotp

    now = time.time() if at is None else at
    step = (int(now) - device.t0) // device.step + device.drift
    step = max(step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


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
