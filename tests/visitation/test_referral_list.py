"""The caseworker's referral list: own or team, status filter, search, query count."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from mentor.models import Role, User
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, draft_referral, submitted_referral
from visitation.models import Referral


@pytest.fixture
def colleague(people: People) -> User:
    return UserFactory(username="colleague", roles=[Role.CASEWORKER], teams=[people.team])


def referral_for(people: People, caseworker: User, submit: bool = False,
                 **citizen: Any) -> Referral:
    make = submitted_referral if submit else draft_referral
    return make(citizen=CitizenFactory(team=people.team, in_employment_activity=True, **citizen),
                caseworker=caseworker)


def test_the_caseworker_sees_own_referrals_by_default(client: Client, people: People,
                                                      colleague: User) -> None:
    mine = referral_for(people, people.caseworker)
    referral_for(people, colleague)
    client.force_login(people.caseworker)
    assert list(client.get("/referrals/").context["page"].object_list) == [mine]


def test_the_team_scope_shows_colleagues_referrals(client: Client, people: People,
                                                   colleague: User) -> None:
    referral_for(people, people.caseworker)
    referral_for(people, colleague)
    client.force_login(people.caseworker)
    assert len(client.get("/referrals/", {"scope": "team"}).context["page"].object_list) == 2


def test_status_filter_and_name_search(client: Client, people: People) -> None:
    referral_for(people, people.caseworker, first_name="Anna")
    submitted = referral_for(people, people.caseworker, submit=True, first_name="Bo")
    client.force_login(people.caseworker)
    by_status = client.get("/referrals/", {"status": "submitted"}).context["page"]
    by_name = client.get("/referrals/", {"q": "bo "}).context["page"]
    assert list(by_status.object_list) == [submitted] == list(by_name.object_list)


def test_another_teams_referrals_never_show(client: Client, people: People) -> None:
    referral_for(people, people.caseworker)
    client.force_login(people.outsider)
    page = client.get("/referrals/", {"scope": "team", "status": "all"})
    assert not page.context["page"].object_list
    assert "Ingen indstillinger matcher" in page.content.decode()


def test_a_mentor_is_not_offered_the_list(client: Client, people: People) -> None:
    client.force_login(people.mentor_user)
    assert client.get("/referrals/").status_code == 403


def test_the_query_count_does_not_grow_with_rows(
        client: Client, people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client.force_login(people.caseworker)
    for _ in range(2):
        referral_for(people, people.caseworker)
    client.get("/referrals/")
    with CaptureQueriesContext(connection) as few:
        client.get("/referrals/")
    for _ in range(12):
        referral_for(people, people.caseworker, submit=True)
    with django_assert_num_queries(len(few)):
        client.get("/referrals/")
