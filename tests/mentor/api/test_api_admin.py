"""Administrators create and revoke API clients in the Django admin."""

from __future__ import annotations

from django.test import Client

from mentor.models_api import ApiClient
from tests.conftest import People
from tests.factories import PASSWORD
from tests.mentor.api.conftest import ApiWorld


def test_an_administrator_creates_a_client_and_sees_the_secret_once(
        client: Client, people: People) -> None:
    client.login(username="administrator", password=PASSWORD)
    response = client.post("/admin/mentor/apiclient/add/", {
        "name": "Sagssystemet", "kind": "case_system", "municipality": people.municipality.pk,
        "scope_choices": ["case:read", "case:webhooks"]}, follow=True)
    assert response.status_code == 200
    created = ApiClient.objects.get()
    assert created.scope_set == {"case:read", "case:webhooks"}
    assert not created.user.has_usable_password()
    messages = [str(m) for m in response.context["messages"]]
    assert any(created.application.client_id in m and "hemmelighed" in m for m in messages)


def test_a_client_with_scopes_of_the_wrong_kind_is_refused(client: Client, people: People) -> None:
    client.login(username="administrator", password=PASSWORD)
    client.post("/admin/mentor/apiclient/add/", {
        "name": "Forkert", "kind": "case_system", "municipality": people.municipality.pk,
        "scope_choices": ["provider:write"]}, follow=True)
    assert not ApiClient.objects.exists()


def test_an_administrator_revokes_a_client(client: Client, world: ApiWorld) -> None:
    client.login(username="administrator", password=PASSWORD)
    client.post("/admin/mentor/apiclient/", {
        "action": "revoke", "_selected_action": [world.case.client.pk]}, follow=True)
    world.case.client.refresh_from_db()
    assert world.case.client.revoked_at is not None


def test_a_caseworker_cannot_open_the_clients(client: Client, people: People) -> None:
    client.login(username="caseworker", password=PASSWORD)
    response = client.get("/admin/mentor/apiclient/")
    assert response.status_code == 302
