"""Registering a citizen: validated CPR number, encrypted at rest, facts and team."""

import datetime

import pytest
from django.test import Client

from mentor import cpr as cpr_lib
from mentor.models import Citizen
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr


def form_data(**overrides: str) -> dict[str, str]:
    data = {"cpr": "170590-1234", "first_name": "Ida", "last_name": "Hansen",
            "address": "Demovej 1", "phone": "", "email": "", "benefit": "cash_benefit",
            "activity_ready": "on", "can_take_part_in_offers": "on",
            "previous_jobcentre_contact": "on", "education_start_date": ""}
    data.update(overrides)
    return data


@pytest.fixture
def caseworker_client(client: Client, people: People) -> Client:
    client.force_login(people.caseworker)
    return client


def test_caseworker_registers_a_citizen_with_an_encrypted_cpr(
        caseworker_client: Client, people: People) -> None:
    number = fake_cpr(datetime.date(1990, 5, 17))
    response = caseworker_client.post("/citizens/new/", form_data(cpr=number))
    citizen = Citizen.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/citizens/{citizen.pk}/"
    assert citizen.team == people.team and citizen.created_by == people.caseworker
    assert citizen.birth_date == datetime.date(1990, 5, 17)
    assert number not in citizen.cpr_encrypted
    assert cpr_lib.decrypt(citizen.cpr_encrypted) == number
    assert citizen.search_name == "ida hansen" and citizen.activity_ready


def test_an_invalid_cpr_number_is_refused_and_the_input_kept(caseworker_client: Client) -> None:
    response = caseworker_client.post("/citizens/new/", form_data(cpr="321390-1234"))
    assert response.status_code == 200
    assert "Ugyldigt CPR-nummer" in response.content.decode()
    assert 'value="Hansen"' in response.content.decode()
    assert not Citizen.objects.exists()


def test_a_cpr_number_already_registered_is_refused(caseworker_client: Client,
                                                    people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.other_team, cpr=number)
    response = caseworker_client.post("/citizens/new/", form_data(cpr=number))
    assert "Der findes allerede en borger med dette CPR-nummer" in response.content.decode()
    assert Citizen.objects.count() == 1


def test_names_are_required(caseworker_client: Client) -> None:
    response = caseworker_client.post("/citizens/new/", form_data(first_name=""))
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]


def test_only_caseworkers_register_citizens(client: Client, people: People) -> None:
    client.force_login(people.team_leader)
    assert client.get("/citizens/new/").status_code == 403
