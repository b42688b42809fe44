"""The schema is valid, and the running API keeps to it: schemathesis against a live server
with real client-credentials tokens finds no server error and no response outside the schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.live_server_helper import LiveServer

from tests.mentor.api.conftest import ApiWorld


def test_the_schema_validates_without_warnings(db: None, tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn",
                 "--file", str(tmp_path / "schema.yaml"))


def test_the_schema_and_its_documentation_are_served_without_a_cdn(
        client: Client, db: None) -> None:
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html.split("<body")[0]


def test_an_unknown_api_path_is_a_problem(client: Client, db: None) -> None:
    response = client.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db(transaction=True)
def test_the_live_api_conforms_to_its_schema(live_server: LiveServer, world: ApiWorld) -> None:
    import requests
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    def bearer(integration: Any) -> dict[str, str]:
        reply = requests.post(f"{live_server.url}/api/v1/oauth/token/",
                              data={"grant_type": "client_credentials"},
                              auth=(integration.client_id, integration.secret), timeout=30)
        assert reply.status_code == 200, reply.text
        return {"Authorization": f"Bearer {reply.json()['access_token']}"}

    headers = {"provider": bearer(world.provider), "case": bearer(world.case)}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) >= 20
    for operation in operations:
        conforms = _conformance_test(operation, live_server.url,
                                     headers["provider" if "/provider/" in operation.path
                                             else "case"], checks)
        conforms()


def _conformance_test(operation: Any, base_url: str, headers: dict[str, str],
                      checks: list[Any]) -> Any:
    from hypothesis import HealthCheck, given, settings

    # Few examples per operation, so that the suite stays fast; derandomised, so that a run
    # is repeatable.
    @given(case=operation.as_strategy())
    @settings(max_examples=4, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def conforms(case: Any) -> None:
        case.call_and_validate(base_url=base_url, headers=headers, checks=checks)

    return conforms
