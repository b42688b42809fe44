"""The second factor in tests: every test that signs someone in signs in as users do, with a
confirmed authenticator device and a verified session.

``TwoFactorClient`` is Django's test client whose ``force_login`` and ``login`` also give the
user a confirmed TOTP device (made with RFC 6238's test key if the user has none) and mark the
session verified, as the code page does after a right code (``two_factor.mark_verified``).
It is the ``client`` and ``admin_client`` of every test (``tests/conftest.py``). The real flow
(enrolment, the code page, recovery codes, wrong codes) is tested with a plain client in
``tests/mentor/test_two_factor.py``; the browser tests type a real code (``conftest.login``).
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor import two_factor
from mentor.models import User
from tests.factories import PASSWORD

# RFC 6238's test secret, "12345678901234567890", in hex.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def confirmed_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Testtelefon", key=TEST_TOTP_KEY,
                                           confirmed=True)
    return device


def code_for(user: User) -> str:
    """The code the user's authenticator app would show now (one it has not accepted yet)."""
    device = confirmed_device(user)
    device.refresh_from_db()
    return two_factor.current_code(device)


class TwoFactorClient(Client):
    def _login(self, user: Any, backend: str | None = None) -> None:
        super()._login(user, backend)  # type: ignore[misc]
        confirmed_device(user)
        session = self.session
        two_factor.mark_verified(session)
        session.save()


# --- The real flow, page by page (for the tests of the flow itself) ---------------------------
def sign_in(client: Client, user: User, password: str = PASSWORD) -> None:
    """The password on the login page, as a user types it; the second factor is still owed."""
    client.logout()
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]


def enrol(client: Client, user: User) -> list[str]:
    """Signs in and enrols through the pages (password again, the app's code); returns the
    recovery codes the page shows once."""
    sign_in(client, user)
    assert client.post(reverse("otp_password"), {"password": PASSWORD}).status_code == 302
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("otp_setup"), {"token": two_factor.current_code(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
    codes: list[str] = client.get(reverse("otp_recovery_codes")).context["codes"]
    return codes
