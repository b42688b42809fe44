"""An administrator resets a user's second factor (a lost phone):
``services_two_factor.two_factor_reset`` and its confirmation page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor.models import User
from mentor.services import DomainError, NotPermitted
from mentor.services_two_factor import two_factor_reset
from tests.conftest import People
from tests.second_factor import enrol, sign_in

REASON = "Mistet telefon, ringet op på kendt nummer"


def _reset_url(user: User) -> str:
    return reverse("two_factor_reset", args=[user.pk])


def test_the_page_asks_for_confirmation_and_a_reason(client: Client, people: People) -> None:
    enrol(Client(), people.caseworker)
    client.force_login(people.administrator)
    response = client.get(_reset_url(people.caseworker))
    body = response.content.decode()
    assert response.status_code == 200
    assert "bliver brugeren logget ud alle steder" in body and 'name="reason"' in body
    assert TOTPDevice.objects.filter(user=people.caseworker).exists()


def test_the_reset_is_recorded_and_forces_a_new_enrolment(client: Client,
                                                          people: People) -> None:
    theirs = Client()
    enrol(theirs, people.caseworker)
    assert theirs.get("/citizens/").status_code == 200
    client.force_login(people.administrator)
    response = client.post(_reset_url(people.caseworker), {"reason": REASON})
    assert response["Location"] == reverse("admin:mentor_user_change",
                                           args=[people.caseworker.pk])
    assert not TOTPDevice.objects.filter(user=people.caseworker).exists()
    assert not StaticDevice.objects.filter(user=people.caseworker).exists()
    record = people.caseworker.history.order_by("-history_date").first()
    assert record is not None and record.history_user == people.administrator
    assert record.history_change_reason == f"Totrin nulstillet: {REASON}"
    # Their open session has ended; the next sign-in starts with enrolment.
    assert theirs.get("/citizens/")["Location"].startswith(reverse("login"))
    sign_in(theirs, people.caseworker)
    assert theirs.get("/citizens/")["Location"].startswith(reverse("otp_setup"))


def test_a_reset_without_a_reason_changes_nothing(client: Client, people: People) -> None:
    enrol(Client(), people.mentor_user)
    client.force_login(people.administrator)
    response = client.post(_reset_url(people.mentor_user), {"reason": "tja"})
    assert "Skriv en begrundelse på mindst" in response.content.decode()
    assert TOTPDevice.objects.filter(user=people.mentor_user, confirmed=True).exists()


def test_an_administrator_does_not_reset_their_own(client: Client, people: People) -> None:
    client.force_login(people.administrator)
    assert client.get(_reset_url(people.administrator)).status_code == 403
    with pytest.raises(NotPermitted):
        two_factor_reset(actor=people.administrator, user=people.administrator, reason=REASON)


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "mentor_user", "manager"])
def test_only_an_administrator_resets(client: Client, people: People, role: str) -> None:
    client.force_login(getattr(people, role))
    assert client.post(_reset_url(people.outsider), {"reason": REASON}).status_code == 403
    with pytest.raises(NotPermitted):
        two_factor_reset(actor=getattr(people, role), user=people.outsider, reason=REASON)


def test_the_service_refuses_a_short_reason(people: People) -> None:
    with pytest.raises(DomainError, match="begrundelse"):
        two_factor_reset(actor=people.administrator, user=people.caseworker, reason=" kort ")


def test_the_user_admin_links_to_the_reset(admin_client: Client, people: People) -> None:
    body = admin_client.get(reverse("admin:mentor_user_change",
                              args=[people.caseworker.pk])).content.decode()
    assert _reset_url(people.caseworker) in body
