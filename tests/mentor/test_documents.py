"""Documents on the case: the type is read from the content, a virus is refused when clamd
runs, an upload that could not be scanned is held (kept, marked, not handed out) until a new
scan, downloads are for those who may see the citizen and are logged, and anonymisation
deletes the documents with their files."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from mentor import clamav
from mentor.models import AccessAction, AccessLog
from mentor.models_documents import Document, ScanStatus
from mentor.services import DomainError, NotPermitted
from mentor.services_documents import document_rescan, document_upload
from mentor.services_security import _anonymise
from tests.clamd import EICAR
from tests.conftest import People
from tests.factories import CitizenFactory
from tests.second_factor import TwoFactorClient as Client

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def citizen(people: People) -> Any:
    return CitizenFactory(team=people.team, first_name="Dorte", last_name="Dokumentsen")


def upload(people: People, citizen: Any, data: bytes, name: str = "brev.pdf") -> Document:
    return document_upload(actor=people.caseworker, citizen=citizen, title="Klagebrev",
                           data=data, original_name=name)


def test_a_clean_pdf_is_scanned_and_stored(people: People, citizen: Any, clamd: str) -> None:
    document = upload(people, citizen, PDF)

    assert document.scan_status == ScanStatus.CLEAN and document.scanned_at is not None
    assert document.content_type == "application/pdf" and document.extension == "pdf"
    with document.file.open("rb") as handle:
        assert handle.read() == PDF
    assert "brev" not in str(document.file.name)  # stored under a random name


def test_an_image_is_accepted(people: People, citizen: Any, clamd: str) -> None:
    assert upload(people, citizen, PNG, "foto.jpg").content_type == "image/png"


def test_the_type_is_read_from_the_content_not_the_name(people: People, citizen: Any,
                                                        clamd: str) -> None:
    with pytest.raises(DomainError, match="ikke en tilladt filtype"):
        upload(people, citizen, b"#!/bin/sh\necho hello\n", "rapport.pdf")
    assert not Document.objects.exists()


def test_the_eicar_test_file_is_refused_when_clamd_runs(people: People, citizen: Any,
                                                        clamd: str) -> None:
    assert clamav.scan(EICAR).verdict is clamav.Verdict.INFECTED

    with pytest.raises(DomainError, match="virus"):
        upload(people, citizen, EICAR, "faktura.pdf")
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(people: People, citizen: Any, clamd: str,
                                          settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(DomainError, match="for stor"):
        upload(people, citizen, PDF)


def test_without_clamd_the_document_is_held_as_not_scanned(people: People, citizen: Any,
                                                           no_clamd: None) -> None:
    document = upload(people, citizen, PDF)

    assert document.scan_status == ScanStatus.NOT_SCANNED and document.is_held
    client = Client()
    client.force_login(people.caseworker)
    page = client.get(reverse("citizen_detail", args=[citizen.pk])).content.decode()
    assert "Ikke virusscannet" in page
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 302  # not handed out, back to the case with a message
    assert not AccessLog.objects.filter(action=AccessAction.DOCUMENT).exists()


def test_a_held_document_is_released_by_a_new_scan(people: People, citizen: Any,
                                                   no_clamd: None, settings: Any,
                                                   clamd_socket: str) -> None:
    document = upload(people, citizen, PDF)
    settings.CLAMD_SOCKET = clamd_socket

    assert document_rescan(actor=people.caseworker, document=document) is clamav.Verdict.CLEAN
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.CLEAN


def test_a_caseworker_of_another_team_may_not_upload(people: People, citizen: Any,
                                                     clamd: str) -> None:
    with pytest.raises(NotPermitted):
        document_upload(actor=people.outsider, citizen=citizen, title="X", data=PDF)


def test_the_upload_page_stores_and_the_download_is_logged(people: People, citizen: Any,
                                                           clamd: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(people.caseworker)
    response = client.post(reverse("document_upload", args=[citizen.pk]), {
        "title": "Lægeerklæring", "file": SimpleUploadedFile("erklaering.pdf", PDF)})
    document = Document.objects.get()
    download = client.get(reverse("document_download", args=[document.pk]))

    assert response.status_code == 302
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Disposition"] == f'attachment; filename="dokument-{document.pk}.pdf"'
    assert AccessLog.objects.filter(user=people.caseworker, citizen=citizen,
                                    action=AccessAction.DOCUMENT).count() == 1


def test_a_wrong_type_on_the_page_is_a_clear_error(people: People, citizen: Any,
                                                   clamd: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(people.caseworker)
    response = client.post(reverse("document_upload", args=[citizen.pk]), {
        "title": "Regneark", "file": SimpleUploadedFile("ark.xlsx", b"just,some,text\n")})

    assert response.status_code == 400
    assert "ikke en tilladt filtype" in response.content.decode()
    assert "Regneark" in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "manager", "administrator"])
def test_those_who_may_not_see_the_document_get_404(people: People, citizen: Any, clamd: str,
                                                    who: str) -> None:
    document = upload(people, citizen, PDF)
    client = Client()
    client.force_login(getattr(people, who))

    assert client.get(reverse("document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("document_upload", args=[citizen.pk])).status_code == 404


def test_anonymisation_deletes_the_documents_and_their_files(people: People, citizen: Any,
                                                              clamd: str,
                                                              django_capture_on_commit_callbacks: Any
                                                              ) -> None:
    document = upload(people, citizen, PDF)
    name = str(document.file.name)
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        _anonymise(citizen, actor=people.administrator, reason="Opbevaringsperioden er udløbet")

    assert not Document.objects.filter(citizen=citizen).exists()
    assert not default_storage.exists(name)


def test_files_live_under_the_media_root(people: People, citizen: Any, clamd: str,
                                         settings: Any) -> None:
    document = upload(people, citizen, PDF)
    assert (Path(settings.MEDIA_ROOT) / str(document.file.name)).exists()
