"""The demo's second factor: demo users have a device with the published key, and
``manage.py totp_code`` prints their current code, for demo users only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor.models import User
from mentor.seed import organisation
from tests.conftest import People
from tests.second_factor import confirmed_device


def _code(username: str) -> str:
    out = StringIO()
    call_command("totp_code", username, stdout=out)
    return out.getvalue().strip()


def test_every_demo_user_has_the_published_key(reference_data: None) -> None:
    organisation.seed_organisation()
    assert organisation.ensure_demo_devices() == len(organisation.DEMO_USERS)
    assert organisation.ensure_demo_devices() == 0
    keys = set(TOTPDevice.objects.filter(confirmed=True).values_list("key", flat=True))
    assert keys == {organisation.DEMO_TOTP_KEY}


def test_a_demo_user_signs_in_with_the_printed_code(reference_data: None) -> None:
    organisation.seed_organisation()
    organisation.ensure_demo_devices()
    client = Client()
    client.post(reverse("login"), {"username": "sagsbehandler",
                                   "password": organisation.DEMO_PASSWORD})
    assert client.get("/")["Location"].startswith(reverse("otp_verify"))
    code = _code("sagsbehandler")
    assert len(code) == 6 and code.isdigit()
    client.post(reverse("otp_verify"), {"token": code})
    assert client.get("/").status_code == 200


def test_no_code_for_a_user_who_is_not_a_demo_user(people: People) -> None:
    confirmed_device(people.caseworker)
    with pytest.raises(CommandError, match="not a demo user"):
        _code("caseworker")
    with pytest.raises(CommandError):
        _code("nobody")
    assert not User.objects.filter(username="nobody").exists()


def test_the_benchmarks_code_is_the_apps_code() -> None:
    """The benchmark signs in over HTTP with codes of its own making (RFC 6238)."""
    from django_otp.oath import hotp

    from benchmarks import load
    from benchmarks.run import DEMO_TOTP_KEY

    assert DEMO_TOTP_KEY.hex() == organisation.DEMO_TOTP_KEY
    for step in (0, 1, 59_000_000):
        assert load.totp_code(DEMO_TOTP_KEY, step) == f"{hotp(DEMO_TOTP_KEY, step):06d}"
