"""The sign-in throttle (``mentor/sign_in_throttle.py``): a cool-down for a username, a
throttle for an address, each on its own, so that a colleague behind the same office address
cannot keep another out for long."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from mentor import sign_in_throttle as throttle
from mentor.models_security import SignInFailure
from tests.conftest import People
from tests.factories import PASSWORD

OFFICE = "10.20.30.40"
HOME = "192.0.2.7"
START = timezone.now()
MINUTE = datetime.timedelta(minutes=1)


def _try(client: Client, username: str, password: str, address: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address).status_code


def _fail(client: Client, username: str, address: str = OFFICE, times: int = 1) -> None:
    for _ in range(times):
        assert _try(client, username, "Forkert-kodeord-1", address) == 200


@pytest.mark.parametrize("failures, minutes", [
    (0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (8, 8), (9, 15), (40, 15)])
def test_the_username_cool_down_doubles_up_to_a_ceiling(failures: int, minutes: int) -> None:
    assert throttle.username_cool_down(failures) == minutes * MINUTE


def test_five_wrong_passwords_cool_the_username_down(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", times=throttle.USERNAME_FREE_FAILURES)
        response = client.post(reverse("login"), {"username": "caseworker",
                                                  "password": PASSWORD}, REMOTE_ADDR=OFFICE)
    assert response.status_code == 429
    assert "forkert adgangskode til denne bruger" in response.content.decode()
    assert "Prøv igen om 1 minut." in response.content.decode()


def test_failures_from_one_address_do_not_lock_the_user_elsewhere_after_the_cool_down(
        client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", OFFICE, times=throttle.USERNAME_FREE_FAILURES)
        assert _try(client, "caseworker", PASSWORD, HOME) == 429
    with time_machine.travel(START + MINUTE + datetime.timedelta(seconds=1), tick=False):
        assert _try(client, "caseworker", PASSWORD, HOME) == 302


def test_after_the_cool_down_the_office_address_may_try_again(client: Client,
                                                              people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", OFFICE, times=throttle.USERNAME_FREE_FAILURES)
    with time_machine.travel(START + 2 * MINUTE, tick=False):
        assert _try(client, "caseworker", PASSWORD, OFFICE) == 302


def test_each_further_failure_doubles_the_wait(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", times=throttle.USERNAME_FREE_FAILURES)
    with time_machine.travel(START + 2 * MINUTE, tick=False):
        _fail(client, "caseworker")
    with time_machine.travel(START + 3 * MINUTE + datetime.timedelta(seconds=30), tick=False):
        assert _try(client, "caseworker", PASSWORD, HOME) == 429
    with time_machine.travel(START + 4 * MINUTE + datetime.timedelta(seconds=1), tick=False):
        assert _try(client, "caseworker", PASSWORD, HOME) == 302


def test_a_colleague_cannot_keep_a_user_out_longer_than_the_ceiling(client: Client,
                                                                    people: People) -> None:
    at = START
    for _ in range(12):  # the colleague fails again as soon as each wait is over
        with time_machine.travel(at, tick=False):
            _fail(client, "caseworker")
        at += throttle.username_cool_down(
            SignInFailure.objects.filter(username="caseworker").count())
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        assert _try(client, "caseworker", PASSWORD, OFFICE) == 302
    assert throttle.username_cool_down(12) == throttle.USERNAME_COOL_DOWN_MAX


def test_refused_tries_do_not_lengthen_the_wait(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", times=throttle.USERNAME_FREE_FAILURES)
        for _ in range(10):
            assert _try(client, "caseworker", "Forkert-kodeord-1", OFFICE) == 429
    with time_machine.travel(START + MINUTE + datetime.timedelta(seconds=1), tick=False):
        assert _try(client, "caseworker", PASSWORD, OFFICE) == 302


def test_the_right_password_clears_the_count(client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", times=throttle.USERNAME_FREE_FAILURES - 1)
        assert _try(client, "caseworker", PASSWORD, OFFICE) == 302
        client.logout()
        _fail(client, "caseworker", times=throttle.USERNAME_FREE_FAILURES - 1)
        assert _try(client, "caseworker", PASSWORD, OFFICE) == 302


def test_one_users_failures_leave_a_colleague_at_the_same_address_alone(
        client: Client, people: People) -> None:
    with time_machine.travel(START, tick=False):
        _fail(client, "caseworker", OFFICE, times=throttle.USERNAME_FREE_FAILURES)
        assert _try(client, "teamleader", PASSWORD, OFFICE) == 302


def test_a_password_spray_throttles_the_address_not_the_usernames(client: Client,
                                                                  people: People) -> None:
    names = [f"kollega{n}" for n in range(throttle.ADDRESS_LIMIT // 3)] + ["caseworker"]
    with time_machine.travel(START, tick=False):
        for n in range(throttle.ADDRESS_LIMIT):
            _fail(client, names[n % len(names)], OFFICE)
        response = client.post(reverse("login"), {"username": "teamleader",
                                                  "password": PASSWORD}, REMOTE_ADDR=OFFICE)
        assert response.status_code == 429
        assert "fra den netværksadresse" in response.content.decode()
        # The usernames tried sign in from another address at once.
        assert _try(client, "caseworker", PASSWORD, HOME) == 302
    with time_machine.travel(START + throttle.ADDRESS_WINDOW + MINUTE, tick=False):
        client.logout()
        assert _try(client, "teamleader", PASSWORD, OFFICE) == 302


def test_a_wrong_password_in_enrolment_counts_as_a_failure(people: People) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "mentor", "password": PASSWORD},
                REMOTE_ADDR=OFFICE)
    client.post(reverse("otp_password"), {"password": "Forkert-kodeord-1"}, REMOTE_ADDR=OFFICE)
    assert SignInFailure.objects.filter(username="mentor", ip_address=OFFICE).count() == 1


def test_the_address_is_remote_addr_without_trusted_proxies() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_address(request) == OFFICE


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_is_what_the_proxy_saw() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert throttle.client_address(request) == "198.51.100.9"
