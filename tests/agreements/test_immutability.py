"""An issued version cannot be edited through any view or service."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementStatus
from mentor.services import DomainError
from tests.agreements.conftest import stored_pdf
from tests.conftest import People


def frozen(agreement: Agreement) -> tuple[object, ...]:
    row = Agreement.objects.get(pk=agreement.pk)
    return (row.version, row.status, row.content, stored_pdf(row), row.checksum, row.reason,
            row.issued_at, row.issued_by_id)


def test_the_draft_update_service_refuses_an_issued_version(people: People,
                                                            issued: Agreement) -> None:
    before = frozen(issued)
    with pytest.raises(DomainError, match="kan ikke ændres"):
        services.agreement_draft_update(actor=people.caseworker, agreement=issued,
                                        goal="Et andet mål")
    assert frozen(issued) == before


def test_issuing_again_is_refused(people: People, issued: Agreement) -> None:
    before = frozen(issued)
    with pytest.raises(DomainError, match="allerede udstedt"):
        services.agreement_issue(actor=people.caseworker, agreement=issued)
    assert frozen(issued) == before


def test_an_issued_version_cannot_be_discarded(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="bevares"):
        services.agreement_draft_discard(actor=people.caseworker, agreement=issued)
    assert Agreement.objects.filter(pk=issued.pk).exists()


def test_recording_acceptance_leaves_the_document_untouched(people: People,
                                                            issued: Agreement) -> None:
    before = frozen(issued)
    services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                         accepted_on=datetime.date(2017, 3, 10),
                                         method="paper")
    assert frozen(issued) == before


def test_superseding_leaves_the_document_untouched(people: People, issued: Agreement) -> None:
    before = frozen(issued)[2:]
    draft = services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                           reason="Ny mentor")
    services.agreement_issue(actor=people.caseworker, agreement=draft)
    assert frozen(issued)[2:] == before


def test_the_edit_page_refuses_an_issued_version(client: Client, people: People,
                                                 issued: Agreement) -> None:
    before = frozen(issued)
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_edit", args=[issued.pk]),
                           {"goal": "Et andet mål", "hours_per_week": "9"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement_detail", args=[issued.pk])
    assert frozen(issued) == before


def test_the_issue_and_discard_pages_refuse_an_issued_version(
        client: Client, people: People, issued: Agreement) -> None:
    before = frozen(issued)
    client.force_login(people.caseworker)
    client.post(reverse("agreement_issue", args=[issued.pk]))
    client.post(reverse("agreement_discard", args=[issued.pk]))
    assert frozen(issued) == before
    assert Agreement.objects.filter(course=issued.course).count() == 1


def test_the_acceptance_page_changes_only_the_acceptance(client: Client, people: People,
                                                         issued: Agreement) -> None:
    before = frozen(issued)
    client.force_login(people.caseworker)
    client.post(reverse("agreement_acceptance", args=[issued.pk]),
                {"accepted_on": "2017-03-10", "method": "meeting"})
    assert frozen(issued) == before
    assert Agreement.objects.get(pk=issued.pk).acceptance_method == "meeting"


def test_the_admin_cannot_change_or_delete_an_issued_version(
        client: Client, people: People, issued: Agreement) -> None:
    before = frozen(issued)
    people.administrator.is_superuser = True
    people.administrator.save()
    client.force_login(people.administrator)
    change = reverse("admin:agreements_agreement_change", args=[issued.pk])
    assert client.get(change).status_code == 200  # viewable, read-only
    client.post(change, {"version": 7, "status": AgreementStatus.DRAFT, "checksum": "x"})
    client.post(reverse("admin:agreements_agreement_delete", args=[issued.pk]), {"post": "yes"})
    assert frozen(issued) == before


def test_the_admin_shows_no_citizen_data(client: Client, people: People, issued: Agreement) -> None:
    people.administrator.is_superuser = True
    people.administrator.save()
    client.force_login(people.administrator)
    page = client.get(reverse("admin:agreements_agreement_change", args=[issued.pk]))
    assert "Ærø-Åberg" not in page.content.decode()
