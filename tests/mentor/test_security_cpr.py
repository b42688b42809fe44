"""CPR numbers: encrypted at rest, found through the keyed hash, shown masked, revealed only by
a logged action, and never written to a log, also not when something goes wrong."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from mentor import cpr as cpr_lib
from mentor.models import AccessAction, AccessLog, Citizen
from mentor.selectors_security import citizen_by_cpr
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr
from tests.second_factor import TwoFactorClient

NUMBER = "1705904123"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the configured log handlers write (their streams swapped for a buffer)."""
    buffer = io.StringIO()
    loggers = [logging.getLogger()] + [logging.getLogger(name)
                                       for name in list(logging.root.manager.loggerDict)]
    handlers = {h for lg in loggers for h in getattr(lg, "handlers", [])
                if isinstance(h, logging.StreamHandler)
                and not type(h).__module__.startswith("_pytest")}
    previous = {h: h.setStream(buffer) for h in handlers}
    yield buffer
    for handler, stream in previous.items():
        handler.setStream(stream)


def _digits_in(text: str, number: str) -> bool:
    return number in text or cpr_lib.format_full(number) in text


def _create_citizen(client: Client, people: People, number: str = NUMBER) -> Citizen:
    client.force_login(people.caseworker)
    response = client.post(reverse("citizen_create"), {
        "cpr": cpr_lib.format_full(number), "team": people.team.pk, "first_name": "Karen",
        "last_name": "Krypteret", "benefit": "cash_benefit", "previous_jobcentre_contact": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Citizen.objects.get(last_name="Krypteret")


def test_cpr_is_stored_encrypted_not_as_the_number(client: Client, people: People) -> None:
    citizen = _create_citizen(client, people)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cpr_encrypted, cpr_hash FROM mentor_citizen WHERE id = %s",
                       [citizen.pk])
        encrypted, digest = cursor.fetchone()
    assert NUMBER not in encrypted and NUMBER not in digest
    assert cpr_lib.decrypt(encrypted) == NUMBER


def test_cpr_is_not_in_the_change_history(client: Client, people: People) -> None:
    citizen = _create_citizen(client, people)
    table = Citizen.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [citizen.pk])  # noqa: S608
        rows = cursor.fetchall()
    assert rows
    assert not any(_digits_in(str(value), NUMBER) for row in rows for value in row)


def test_cpr_finds_the_citizen_through_the_keyed_hash(people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    assert citizen.cpr_hash == cpr_lib.keyed_hash(number)
    assert citizen_by_cpr(cpr_lib.format_full(number)) == citizen
    assert citizen_by_cpr(fake_cpr()) is None


def test_caseworker_finds_citizen_by_full_cpr_in_the_search(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, cpr=number, last_name="Findesen")
    CitizenFactory(team=people.team, last_name="Andersen")
    client.force_login(people.caseworker)
    body = client.post(reverse("citizen_list"), {"q": cpr_lib.format_full(number)},
                       follow=True).content.decode()
    assert "Findesen" in body and "Andersen" not in body


def test_citizen_page_shows_the_cpr_masked(client: Client, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.caseworker)
    body = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert citizen.cpr_masked in body
    assert not _digits_in(body, number)


def test_revealing_the_cpr_shows_it_once_and_logs_it(client: Client, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.caseworker)
    response = client.post(reverse("citizen_cpr_reveal", args=[citizen.pk]))
    assert cpr_lib.format_full(number) in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    row = AccessLog.objects.get(citizen=citizen)
    assert (row.user, row.action) == (people.caseworker, AccessAction.CPR_REVEAL)


def test_revealing_needs_a_post(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    assert client.get(reverse("citizen_cpr_reveal", args=[citizen.pk])).status_code == 405
    assert not AccessLog.objects.exists()


def test_outsider_cannot_reveal_a_cpr_of_another_team(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.outsider)
    assert client.post(reverse("citizen_cpr_reveal", args=[citizen.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_cpr_never_reaches_the_log_when_creating_and_searching(client: Client, people: People,
                                                               log_output: io.StringIO) -> None:
    logging.getLogger("mentor").info("Creating citizen %s", NUMBER)
    citizen = _create_citizen(client, people)
    client.post(reverse("citizen_list"), {"q": NUMBER}, follow=True)
    client.get(reverse("citizen_detail", args=[citizen.pk]))
    logging.getLogger("django.server").info('"GET /citizens/?q=%s HTTP/1.1" 200', NUMBER)
    written = log_output.getvalue()
    assert written.count("******-****") == 2  # both lines were written, redacted
    assert not _digits_in(written, NUMBER)


def test_cpr_never_reaches_the_log_on_an_error(people: People, log_output: io.StringIO) -> None:
    client = TwoFactorClient(raise_request_exception=False)
    client.force_login(people.caseworker)
    failure = ValueError(f"could not store {cpr_lib.format_full(NUMBER)} for {NUMBER}")
    with mock.patch("mentor.services.citizen_create", side_effect=failure):
        response = client.post(reverse("citizen_create"), {
            "cpr": NUMBER, "team": people.team.pk, "first_name": "Fejl", "last_name": "Fejlsen",
            "benefit": "cash_benefit"})
    assert response.status_code == 500
    written = log_output.getvalue()
    assert "Internal Server Error" in written and "ValueError: could not store" in written
    assert not _digits_in(written, NUMBER)
