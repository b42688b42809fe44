"""The citizen list: search by name or full CPR number, pagination, scope, query count."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from mentor.models import User
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr


@pytest.fixture
def client_for(client: Client) -> Callable[[User], Client]:
    def login(user: User) -> Client:
        client.force_login(user)
        return client
    return login


def test_search_by_name_is_case_insensitive(people: People,
                                            client_for: Callable[[User], Client]) -> None:
    CitizenFactory(team=people.team, first_name="Fatima", last_name="Hussein")
    CitizenFactory(team=people.team, first_name="Jonas", last_name="Jensen")
    page = client_for(people.caseworker).get("/citizens/", {"q": "HUSS"}).content.decode()
    assert "Fatima Hussein" in page
    assert "Jonas Jensen" not in page


@pytest.mark.parametrize("typed", ["{d}-{s}", "{d}{s}", " {d}-{s} "])
def test_a_full_cpr_number_finds_exactly_one_citizen(people: People,
                                                     client_for: Callable[[User], Client],
                                                     typed: str) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, first_name="Ida", last_name="Hansen", cpr=number)
    CitizenFactory(team=people.team, first_name="Ida", last_name="Madsen")
    query = typed.format(d=number[:6], s=number[6:])
    response = client_for(people.caseworker).post("/citizens/", {"q": query}, follow=True)
    assert [c.last_name for c in response.context["page"].object_list] == ["Hansen"]


def test_an_invalid_cpr_number_is_explained(people: People,
                                            client_for: Callable[[User], Client]) -> None:
    response = client_for(people.caseworker).post("/citizens/", {"q": "3213901234"},
                                                  follow=True)
    assert "Det er ikke et gyldigt CPR-nummer" in response.content.decode()
    assert not response.context["page"].object_list


def test_citizens_of_another_team_are_not_found_even_by_cpr(
        people: People, client_for: Callable[[User], Client]) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.other_team, first_name="Skjult", cpr=number)
    page = client_for(people.caseworker).post("/citizens/", {"q": number},
                                              follow=True).content.decode()
    assert "Skjult" not in page
    assert "finder kun borgere i dine teams" in page


def test_an_empty_list_invites_the_caseworker_to_register(
        people: People, client_for: Callable[[User], Client]) -> None:
    page = client_for(people.caseworker).get("/citizens/").content.decode()
    assert "Der er endnu ingen borgere i dine teams" in page
    assert 'href="/citizens/new/"' in page


def test_the_list_is_paginated(people: People, client_for: Callable[[User], Client]) -> None:
    CitizenFactory.create_batch(30, team=people.team)
    response = client_for(people.caseworker).get("/citizens/", {"page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "Side 2 af 2" in response.content.decode()


def test_a_mentor_is_not_offered_the_citizen_list(people: People,
                                                  client_for: Callable[[User], Client]) -> None:
    assert client_for(people.mentor_user).get("/citizens/").status_code == 403


def test_the_query_count_does_not_grow_with_rows(
        people: People, client_for: Callable[[User], Client],
        django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client = client_for(people.caseworker)
    CitizenFactory.create_batch(2, team=people.team)
    client.get("/citizens/")
    with CaptureQueriesContext(connection) as few:
        client.get("/citizens/")
    CitizenFactory.create_batch(25, team=people.team)
    with django_assert_num_queries(len(few)):
        client.get("/citizens/")
