"""The API's world: a provider's course and another provider's, a case system of the
municipality and one of another municipality, each with a real client-credentials token."""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from time_machine import TimeMachineFixture

from mentor.api.clients import api_client_create
from mentor.models import Citizen, Mentor
from mentor.models_api import ApiClient, ApiClientKind, ApiScope
from tests.conftest import People
from tests.factories import (
    CitizenFactory,
    MentorFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
    fake_cpr,
    open_course,
)
from visitation.models import Course

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = datetime.date(2017, 3, 20)
PROVIDER_SCOPES = [ApiScope.PROVIDER_READ, ApiScope.PROVIDER_WRITE]
CASE_SCOPES = [ApiScope.CASE_READ, ApiScope.CASE_WEBHOOKS]


@pytest.fixture(autouse=True)
def _march_2017(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)


@dataclass
class Integration:
    client: ApiClient
    secret: str

    @property
    def client_id(self) -> str:
        return str(self.client.application.client_id)


@dataclass
class ApiWorld:
    people: People
    cpr: str
    citizen: Citizen
    course: Course  # the provider's (people.mentor's) open course
    other_course: Course  # another provider's course in the same municipality
    foreign_cpr: str
    foreign_course: Course  # a course in another municipality
    provider: Integration
    case: Integration
    foreign_case: Integration


def token(http: Client, integration: Integration, scope: str | None = None) -> str:
    """A real token from the token endpoint (client credentials, HTTP Basic)."""
    basic = base64.b64encode(f"{integration.client_id}:{integration.secret}".encode()).decode()
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    response = http.post("/api/v1/oauth/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.content
    return str(response.json()["access_token"])


def bearer(value: str) -> dict[str, str]:
    """Request headers for Django's test client (its ``headers=`` argument)."""
    return {"Authorization": f"Bearer {value}"}


def _course(people: People, citizen: Citizen, mentor: Mentor) -> Course:
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=mentor,
                       approver=people.team_leader, decision_date=TODAY, start_date=TODAY)


@pytest.fixture
def world(people: People) -> ApiWorld:
    cpr = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=cpr, first_name="Anna", last_name="Berg",
                             can_take_part_in_offers=False)
    course = _course(people, citizen, people.mentor)
    other_mentor = MentorFactory(user=UserFactory(roles=["mentor"]),
                                 provider__municipality=people.municipality)
    other_course = _course(people, CitizenFactory(team=people.team, can_take_part_in_offers=False),
                           other_mentor)
    elsewhere = MunicipalityFactory(name="Andenkommune")
    foreign_team = TeamFactory(municipality=elsewhere)
    foreign_caseworker = UserFactory(roles=["caseworker"], teams=[foreign_team])
    foreign_leader = UserFactory(roles=["team_leader"], teams=[foreign_team])
    foreign_mentor = MentorFactory(user=UserFactory(roles=["mentor"]),
                                   provider__municipality=elsewhere)
    foreign_cpr = fake_cpr()
    foreign_course = open_course(
        citizen=CitizenFactory(team=foreign_team, cpr=foreign_cpr, can_take_part_in_offers=False),
        caseworker=foreign_caseworker, mentor=foreign_mentor, approver=foreign_leader,
        decision_date=TODAY, start_date=TODAY)
    admin = people.administrator
    provider = Integration(*api_client_create(
        actor=admin, name="Mentorhusets system", kind=ApiClientKind.PROVIDER,
        municipality=None, provider=people.mentor.provider, scopes=PROVIDER_SCOPES))
    case = Integration(*api_client_create(
        actor=admin, name="Sagssystemet", kind=ApiClientKind.CASE_SYSTEM,
        municipality=people.municipality, provider=None, scopes=CASE_SCOPES))
    foreign_case = Integration(*api_client_create(
        actor=admin, name="Andenkommunes sagssystem", kind=ApiClientKind.CASE_SYSTEM,
        municipality=elsewhere, provider=None, scopes=CASE_SCOPES))
    return ApiWorld(people, cpr, citizen, course, other_course, foreign_cpr, foreign_course,
                    provider, case, foreign_case)


@pytest.fixture
def provider_headers(client: Client, world: ApiWorld) -> dict[str, str]:
    return bearer(token(client, world.provider))


@pytest.fixture
def case_headers(client: Client, world: ApiWorld) -> dict[str, str]:
    return bearer(token(client, world.case))
