"""Editing a citizen's contact data and facts, and recording Serviceloven support."""

import pytest
from django.test import Client

from mentor.models import Citizen, SocialServiceSupport
from tests.conftest import People
from tests.factories import CitizenFactory


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, first_name="Emil", last_name="Olsen")


def test_caseworker_changes_a_fact_and_the_history_records_who(
        client: Client, people: People, citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/citizens/{citizen.pk}/edit/", {
        "first_name": "Emil", "last_name": "Olsen", "benefit": "sickness_benefit",
        "can_take_part_in_offers": "on", "previous_jobcentre_contact": "on"})
    citizen.refresh_from_db()
    assert response.status_code == 302
    assert citizen.benefit == "sickness_benefit" and not citizen.activity_ready
    assert citizen.history.first().history_user == people.caseworker


def test_a_bad_date_keeps_the_form(client: Client, people: People, citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/citizens/{citizen.pk}/edit/", {
        "first_name": "Emil", "last_name": "Olsen", "benefit": "cash_benefit",
        "prison_release_date": "31-02-2027"})
    assert response.status_code == 200
    assert response.context["form"].errors["prison_release_date"]


def test_caseworker_records_serviceloven_support(client: Client, people: People,
                                                 citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/citizens/{citizen.pk}/social-support/", {
        "kind": "sel_99", "start_date": "2026-10-01", "end_date": "", "provider": "Bostøtten"})
    assert response.status_code == 302
    support = SocialServiceSupport.objects.get()
    assert (support.kind, support.provider, support.created_by) == (
        "sel_99", "Bostøtten", people.caseworker)


def test_support_ending_before_it_starts_is_refused(client: Client, people: People,
                                                    citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    response = client.post(f"/citizens/{citizen.pk}/social-support/", {
        "kind": "sel_85", "start_date": "2026-10-01", "end_date": "2026-09-01"})
    assert "Slutdatoen kan ikke ligge før startdatoen" in response.content.decode()
    assert not SocialServiceSupport.objects.exists()
