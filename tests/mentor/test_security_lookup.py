"""A manager's justified look-up: a citizen and a reason open the case for some hours, logged."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentor import cpr as cpr_lib
from mentor.models import AccessAction, AccessLog
from mentor.permissions import MANAGER_LOOKUP_HOURS, visible_citizens
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr

REASON = "Klage fra borgeren over sagsbehandlingen"


def test_manager_sees_no_citizen_without_a_look_up(people: People) -> None:
    CitizenFactory(team=people.team)
    assert not visible_citizens(people.manager).exists()


def test_look_up_by_cpr_opens_the_case_and_logs_the_reason(client: Client, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.manager)
    response = client.post(reverse("manager_lookup"),
                           {"cpr": cpr_lib.format_full(number), "reason": REASON})
    assert response["Location"] == reverse("citizen_detail", args=[citizen.pk])
    row = AccessLog.objects.get(action=AccessAction.LOOKUP)
    assert (row.user, row.citizen, row.reason) == (people.manager, citizen, REASON)
    assert client.get(response["Location"]).status_code == 200


def test_look_up_by_name_and_team(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, first_name="Hans", last_name="Hansen")
    client.force_login(people.manager)
    client.post(reverse("manager_lookup"),
                {"name": "  hans   HANSEN ", "team": people.team.pk, "reason": REASON})
    assert visible_citizens(people.manager).get() == citizen


def test_two_citizens_with_the_same_name_ask_for_the_cpr(client: Client, people: People) -> None:
    for _ in range(2):
        CitizenFactory(team=people.team, first_name="Hans", last_name="Hansen")
    client.force_login(people.manager)
    response = client.post(reverse("manager_lookup"),
                           {"name": "Hans Hansen", "team": people.team.pk, "reason": REASON})
    assert "Brug CPR-nummeret" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_look_up_without_a_reason_is_refused(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.manager)
    response = client.post(reverse("manager_lookup"), {"cpr": number, "reason": "fordi"})
    assert "mindst 10 tegn" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_look_up_of_unknown_citizen_says_so(client: Client, people: People) -> None:
    client.force_login(people.manager)
    response = client.post(reverse("manager_lookup"), {"cpr": fake_cpr(), "reason": REASON})
    assert "ingen borger med dette CPR-nummer" in response.content.decode()


def test_look_up_needs_a_citizen(client: Client, people: People) -> None:
    client.force_login(people.manager)
    body = client.post(reverse("manager_lookup"), {"reason": REASON}).content.decode()
    assert "Skriv borgerens CPR-nummer eller fulde navn" in body
    assert "Vælg borgerens team" in body


def test_look_up_closes_after_the_hours(client: Client, people: People) -> None:
    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(people.manager)
        client.post(reverse("manager_lookup"), {"cpr": number, "reason": REASON})
    almost = start + datetime.timedelta(hours=MANAGER_LOOKUP_HOURS, minutes=-1)
    with time_machine.travel(almost, tick=False):
        assert visible_citizens(people.manager).filter(pk=citizen.pk).exists()
    with time_machine.travel(start + datetime.timedelta(hours=MANAGER_LOOKUP_HOURS, minutes=1)):
        assert not visible_citizens(people.manager).filter(pk=citizen.pk).exists()


def test_open_look_ups_are_listed(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, cpr=number, last_name="Opslagsen")
    client.force_login(people.manager)
    client.post(reverse("manager_lookup"), {"cpr": number, "reason": REASON})
    assert "Opslagsen" in client.get(reverse("manager_lookup")).content.decode()


def test_other_roles_cannot_look_up(client: Client, people: People) -> None:
    for user in (people.caseworker, people.team_leader, people.administrator,
                 people.mentor_user):
        client.force_login(user)
        assert client.post(reverse("manager_lookup"),
                           {"cpr": fake_cpr(), "reason": REASON}).status_code == 403
    assert not AccessLog.objects.exists()
