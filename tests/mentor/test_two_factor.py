"""Two-factor sign-in for every role (mentor/two_factor.py, mentor/views_two_factor.py): the
real flow with a plain test client, page by page."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor import two_factor
from mentor.models import User
from tests.conftest import People
from tests.factories import PASSWORD
from tests.second_factor import code_for, enrol, sign_in

ROLES = ["caseworker", "team_leader", "mentor_user", "manager", "administrator"]
# A case page for each role, and pages every role has: none opens before the second factor.
CASE_PAGES = {"caseworker": "/citizens/", "team_leader": "/visitation/",
              "mentor_user": "/mentor/", "manager": "/lookup/",
              "administrator": "/access-log/"}


@pytest.fixture
def plain() -> Client:
    """Django's own test client: its logins do nothing about the second factor."""
    return Client()


def _person(people: People, role: str) -> User:
    user: User = getattr(people, role)
    return user


@pytest.mark.parametrize("role", ROLES)
def test_no_page_opens_before_enrolment(plain: Client, people: People, role: str) -> None:
    sign_in(plain, _person(people, role))
    for url in ("/", CASE_PAGES[role], "/notifications/", "/admin/"):
        response = plain.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("otp_setup")), url


@pytest.mark.parametrize("role", ROLES)
def test_enrolment_asks_for_the_password_again(plain: Client, people: People,
                                               role: str) -> None:
    sign_in(plain, _person(people, role))
    response = plain.get(reverse("otp_setup"))
    assert response["Location"].startswith(reverse("otp_password"))
    wrong = plain.post(reverse("otp_password"), {"password": "Forkert-kodeord-1"})
    assert "Adgangskoden er forkert" in wrong.content.decode()
    assert plain.get(reverse("otp_setup"))["Location"].startswith(reverse("otp_password"))
    assert not TOTPDevice.objects.filter(user=_person(people, role)).exists()
    plain.post(reverse("otp_password"), {"password": PASSWORD})
    assert 'data-testid="otp-secret"' in plain.get(reverse("otp_setup")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_enrolment_with_the_apps_code_opens_the_pages(plain: Client, people: People,
                                                      role: str) -> None:
    codes = enrol(plain, _person(people, role))
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT == len(set(codes))
    assert plain.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=_person(people, role)).confirmed


def test_the_recovery_codes_are_shown_once(plain: Client, people: People) -> None:
    enrol(plain, people.caseworker)
    again = plain.get(reverse("otp_recovery_codes"))
    assert again.context["codes"] is None
    assert "vises kun én gang" in again.content.decode()


def test_a_wrong_code_at_enrolment_is_refused(plain: Client, people: People) -> None:
    sign_in(plain, people.mentor_user)
    plain.post(reverse("otp_password"), {"password": PASSWORD})
    plain.get(reverse("otp_setup"))
    response = plain.post(reverse("otp_setup"), {"token": "000000"})
    assert "Koden passer ikke" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert plain.get("/").status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_the_next_sign_in_asks_for_the_apps_code(plain: Client, people: People,
                                                 role: str) -> None:
    user = _person(people, role)
    enrol(plain, user)
    sign_in(plain, user)
    response = plain.get(CASE_PAGES[role])
    assert response["Location"] == f"{reverse('otp_verify')}?{urlencode({'next': CASE_PAGES[role]})}"
    response = plain.post(reverse("otp_verify"), {"token": code_for(user),
                                                  "next": CASE_PAGES[role]})
    assert response["Location"] == CASE_PAGES[role]
    assert plain.get("/").status_code == 200


def test_a_wrong_code_keeps_the_pages_closed(plain: Client, people: People) -> None:
    enrol(plain, people.team_leader)
    sign_in(plain, people.team_leader)
    response = plain.post(reverse("otp_verify"), {"token": "123456"})
    assert "Koden er forkert" in response.content.decode()
    assert plain.get("/").status_code == 302


def test_a_recovery_code_works_once(plain: Client, people: People) -> None:
    codes = enrol(plain, people.manager)
    sign_in(plain, people.manager)
    response = plain.post(reverse("otp_verify"), {"token": codes[0].upper()}, follow=True)
    assert response.status_code == 200 and "Du har brugt en reservekode" in \
        response.content.decode()
    assert StaticToken.objects.filter(device__user=people.manager).count() == len(codes) - 1
    sign_in(plain, people.manager)
    response = plain.post(reverse("otp_verify"), {"token": codes[0]})
    assert "Koden er forkert" in response.content.decode()
    assert plain.get("/").status_code == 302


def test_new_recovery_codes_need_the_password_and_replace_the_old(plain: Client,
                                                                  people: People) -> None:
    old = enrol(plain, people.caseworker)
    refused = plain.post(reverse("otp_recovery_regenerate"), {"password": "Forkert-kodeord-1"})
    assert "Adgangskoden er forkert" in refused.content.decode()
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(old)
    plain.post(reverse("otp_recovery_regenerate"), {"password": PASSWORD})
    new = plain.get(reverse("otp_recovery_codes")).context["codes"]
    assert len(new) == len(old) and not set(new) & set(old)
    sign_in(plain, people.caseworker)
    assert "Koden er forkert" in plain.post(reverse("otp_verify"),
                                            {"token": old[1]}).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_provider_that_did_multi_factor_is_trusted(plain: Client, people: People,
                                                     role: str) -> None:
    plain.force_login(_person(people, role))
    session = plain.session
    session[two_factor.PROVIDER_MFA_SESSION_KEY] = True
    session.save()
    assert plain.get(CASE_PAGES[role]).status_code == 200


def test_a_provider_sign_in_without_multi_factor_still_needs_the_app(plain: Client,
                                                                    people: People) -> None:
    plain.force_login(people.caseworker)
    session = plain.session
    session[two_factor.PROVIDER_MFA_SESSION_KEY] = False
    session.save()
    assert plain.get("/citizens/")["Location"].startswith(reverse("otp_setup"))


def test_a_user_without_a_password_enrols_without_typing_one(plain: Client,
                                                             people: People) -> None:
    """Signed in through the identity provider (no local password): that sign-in is the
    re-authentication."""
    people.caseworker.set_unusable_password()
    people.caseworker.save()
    plain.force_login(people.caseworker)
    assert 'data-testid="otp-secret"' in plain.get(reverse("otp_setup")).content.decode()


def test_a_session_from_before_the_rule_reads_its_state_once(plain: Client,
                                                             people: People) -> None:
    enrol(plain, people.caseworker)
    sign_in(plain, people.caseworker)
    session = plain.session
    del session[two_factor.STATE_KEY]
    session.save()
    assert plain.get("/")["Location"].startswith(reverse("otp_verify"))


def test_ordinary_pages_do_not_read_the_devices(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "otp_" in q["sql"]]


def test_verify_does_not_redirect_to_another_site(plain: Client, people: People) -> None:
    enrol(plain, people.manager)
    sign_in(plain, people.manager)
    response = plain.post(reverse("otp_verify"), {"token": code_for(people.manager),
                                                  "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_the_set_up_page_shows_the_qr_code_as_an_image(plain: Client, people: People) -> None:
    sign_in(plain, people.administrator)
    plain.post(reverse("otp_password"), {"password": PASSWORD})
    body = plain.get(reverse("otp_setup")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in body
    assert "<script" not in body.split("<main")[1].split("</main>")[0]
