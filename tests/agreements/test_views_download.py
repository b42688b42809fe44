from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from mentor.models import AccessAction, AccessLog, Role, User
from tests.agreements.conftest import stored_pdf
from tests.conftest import People
from tests.factories import MentorFactory, UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def download(client: Client, user: User, agreement: Agreement) -> TestResponse:
    client.force_login(user)
    return client.get(reverse("agreement_download", args=[agreement.pk]))


def test_the_caseworker_of_the_team_downloads_the_stored_pdf(
        client: Client, people: People, issued: Agreement) -> None:
    response = download(client, people.caseworker, issued)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content == stored_pdf(issued)
    assert response["X-Checksum-SHA256"] == issued.checksum


def test_the_courses_mentor_downloads_it(client: Client, people: People, issued: Agreement) -> None:
    assert download(client, people.mentor_user, issued).status_code == 200


def test_every_download_is_logged_as_a_document_access(client: Client, people: People,
                                                       issued: Agreement) -> None:
    download(client, people.mentor_user, issued)
    log = AccessLog.objects.get(user=people.mentor_user, action=AccessAction.DOCUMENT)
    assert log.citizen == issued.course.citizen
    assert "version 1" in log.what


def test_a_caseworker_of_another_team_gets_404(client: Client, people: People,
                                               issued: Agreement) -> None:
    assert download(client, people.outsider, issued).status_code == 404
    assert not AccessLog.objects.filter(user=people.outsider).exists()


def test_another_mentor_gets_404(client: Client, people: People, issued: Agreement) -> None:
    other = UserFactory(username="othermentor", roles=[Role.MENTOR])
    MentorFactory(user=other, provider=people.mentor.provider)
    assert download(client, other, issued).status_code == 404


def test_a_manager_without_a_look_up_gets_404(client: Client, people: People,
                                              issued: Agreement) -> None:
    assert download(client, people.manager, issued).status_code == 404


def test_a_manager_after_a_justified_look_up_may_download(client: Client, people: People,
                                                          issued: Agreement) -> None:
    AccessLog.objects.create(user=people.manager, citizen=issued.course.citizen,
                             action=AccessAction.LOOKUP, what="Opslag", reason="Klagesag")
    assert download(client, people.manager, issued).status_code == 200


def test_an_administrator_gets_404(client: Client, people: People, issued: Agreement) -> None:
    assert download(client, people.administrator, issued).status_code == 404


def test_a_draft_has_nothing_to_download(client: Client, people: People, draft: Agreement) -> None:
    assert download(client, people.caseworker, draft).status_code == 404


@pytest.mark.parametrize("name", ["agreement_download", "agreement_detail"])
def test_anonymous_users_are_sent_to_login(client: Client, issued: Agreement, name: str) -> None:
    response = client.get(reverse(name, args=[issued.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
