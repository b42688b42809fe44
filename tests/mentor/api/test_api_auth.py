"""Client credentials: tokens, scopes, revocation, expiry; every token use recorded."""

from __future__ import annotations

import datetime

from django.test import Client
from pytest_django import Settings
from time_machine import TimeMachineFixture

from mentor.api.clients import api_client_revoke
from mentor.models_api import ApiRequest
from tests.mentor.api.conftest import ApiWorld, Integration, bearer, token


def test_a_client_gets_a_token_with_its_scopes(client: Client, world: ApiWorld) -> None:
    response = client.post("/api/v1/oauth/token/", {"grant_type": "client_credentials"},
                           HTTP_AUTHORIZATION=_basic(world.provider))
    assert response.status_code == 200
    assert response.json()["scope"].split() == ["provider:read", "provider:write"]
    assert response.json()["expires_in"] == 3600


def test_a_client_cannot_ask_for_another_kinds_scope(client: Client, world: ApiWorld) -> None:
    response = client.post("/api/v1/oauth/token/",
                           {"grant_type": "client_credentials", "scope": "case:read"},
                           HTTP_AUTHORIZATION=_basic(world.provider))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_wrong_secret_gets_no_token(client: Client, world: ApiWorld) -> None:
    world.provider.secret = "wrong"
    response = client.post("/api/v1/oauth/token/", {"grant_type": "client_credentials"},
                           HTTP_AUTHORIZATION=_basic(world.provider))
    assert response.status_code == 401


def test_without_a_token_the_answer_is_a_401_problem(client: Client, world: ApiWorld) -> None:
    response = client.get("/api/v1/provider/courses/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:mentorstotte:problem:unauthenticated"
    assert response.json()["status"] == 401


def test_a_token_limited_to_read_cannot_write(client: Client, world: ApiWorld) -> None:
    headers = bearer(token(client, world.provider, scope="provider:read"))
    assert client.get("/api/v1/provider/courses/", headers=headers).status_code == 200
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/journal/", {},
                           content_type="application/json", headers=headers)
    assert response.status_code == 403


def test_a_revoked_client_gets_no_token_and_its_token_stops_working(
        client: Client, world: ApiWorld) -> None:
    headers = bearer(token(client, world.provider))
    api_client_revoke(actor=world.people.administrator, client=world.provider.client)
    assert client.get("/api/v1/provider/courses/", headers=headers).status_code == 401
    response = client.post("/api/v1/oauth/token/", {"grant_type": "client_credentials"},
                           HTTP_AUTHORIZATION=_basic(world.provider))
    assert response.status_code == 401


def test_an_expired_token_is_refused(client: Client, world: ApiWorld,
                                     time_machine: TimeMachineFixture) -> None:
    headers = bearer(token(client, world.case))
    time_machine.shift(datetime.timedelta(hours=1, seconds=1))
    response = client.get("/api/v1/case/courses/", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_every_token_use_is_recorded(client: Client, world: ApiWorld,
                                     case_headers: dict[str, str]) -> None:
    client.get("/api/v1/case/courses/", headers=case_headers)
    client.get("/api/v1/case/courses/999999/", headers=case_headers)
    rows = list(ApiRequest.objects.filter(client=world.case.client).order_by("id")
                .values_list("method", "path", "status"))
    assert rows == [("GET", "/api/v1/case/courses/", 200),
                    ("GET", "/api/v1/case/courses/999999/", 404)]


def test_requests_are_limited_per_client(client: Client, world: ApiWorld,
                                         case_headers: dict[str, str], settings: Settings) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    rates = {**original, "client": "2/minute"}
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [client.get("/api/v1/case/events/", headers=case_headers).status_code
                    for _ in range(3)]
        other = bearer(token(client, world.foreign_case))
        assert client.get("/api/v1/case/events/", headers=other).status_code == 200
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 429]


def test_problems_speak_english_when_asked(client: Client, world: ApiWorld) -> None:
    response = client.get("/api/v1/provider/courses/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Not authenticated"
    response = client.get("/api/v1/provider/courses/", HTTP_ACCEPT_LANGUAGE="da")
    assert response.json()["title"] == "Ikke logget ind"


def _basic(integration: Integration) -> str:
    import base64

    raw = f"{integration.client_id}:{integration.secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()
