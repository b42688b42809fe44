"""Optional TOTP two-factor for administrators and managers (django-otp)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor.models import User
from tests.conftest import People
from tests.factories import PASSWORD

START = timezone.now()


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _enrol(client: Client, user: User) -> TOTPDevice:
    client.force_login(user)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("otp_setup"), {"token": _code(device)})
    assert response.status_code == 302, response.content.decode()[:3000]
    device.refresh_from_db()
    return device


def _login(client: Client, user: User) -> None:
    client.logout()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_set_up_page_shows_a_qr_code_as_an_image(client: Client, people: People) -> None:
    client.force_login(people.administrator)
    body = client.get(reverse("otp_setup")).content.decode()
    assert re.search(r'<img[^>]+src="data:image/svg\+xml;base64,', body)
    assert "<script" not in body.split("<main")[1].split("</main>")[0]


def test_enrolment_with_a_right_code_turns_two_factor_on(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        device = _enrol(client, people.manager)
    assert device.confirmed


def test_enrolment_with_a_wrong_code_is_refused(client: Client, people: People) -> None:
    client.force_login(people.manager)
    client.get(reverse("otp_setup"))
    response = client.post(reverse("otp_setup"), {"token": "000000"})
    assert "Koden passer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


@pytest.mark.parametrize("person", ["caseworker", "team_leader", "mentor_user"])
def test_other_roles_are_not_offered_two_factor(client: Client, people: People,
                                                person: str) -> None:
    client.force_login(getattr(people, person))
    assert client.get(reverse("otp_setup")).status_code == 403


def test_enrolled_user_must_enter_a_code_before_any_page(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _enrol(client, people.administrator)
        _login(client, people.administrator)
        for url in (reverse("home"), reverse("access_log_search"), "/admin/"):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("otp_verify"))


def test_right_code_after_login_opens_the_pages(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        device = _enrol(client, people.administrator)
        _login(client, people.administrator)
    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        response = client.post(reverse("otp_verify"), {"token": _code(device),
                                                       "next": reverse("access_log_search")})
        assert response["Location"] == reverse("access_log_search")
        assert client.get(reverse("access_log_search")).status_code == 200


def test_wrong_code_after_login_keeps_the_pages_closed(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _enrol(client, people.manager)
        _login(client, people.manager)
        response = client.post(reverse("otp_verify"), {"token": "123456"})
        assert "Koden er forkert" in response.content.decode()
        assert client.get(reverse("home")).status_code == 302


def test_verify_does_not_redirect_to_another_site(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        device = _enrol(client, people.manager)
        _login(client, people.manager)
    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        response = client.post(reverse("otp_verify"), {"token": _code(device),
                                                       "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_user_without_a_device_is_not_asked_for_a_code(client: Client, people: People) -> None:
    _login(client, people.manager)
    assert client.get(reverse("home")).status_code == 200


def test_two_factor_can_be_turned_off_with_a_code(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        device = _enrol(client, people.manager)
    with time_machine.travel(START + datetime.timedelta(seconds=60), tick=False):
        client.post(reverse("otp_disable"), {"token": _code(device)})
    assert not TOTPDevice.objects.filter(user=people.manager).exists()
    _login(client, people.manager)
    assert client.get(reverse("home")).status_code == 200


def test_two_factor_stays_on_after_a_wrong_code(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _enrol(client, people.manager)
        client.post(reverse("otp_disable"), {"token": "000000"})
    assert TOTPDevice.objects.filter(user=people.manager, confirmed=True).exists()
