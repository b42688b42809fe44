"""The citizen's own data (GDPR art. 15): a team leader's export holds everything about the
citizen (facts, referrals and decisions, courses, journal, reviews, agreements, complaints,
documents, the access log), readable (a tagged PDF) and machine-readable (JSON), and nothing
of another citizen; it is made for a stated reason, which the access log keeps."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.models import Agreement, AgreementStatus
from mentor.models import AccessAction, AccessLog
from mentor.services_documents import document_upload
from tests.conftest import People
from tests.factories import CitizenFactory
from tests.second_factor import TwoFactorClient as Client
from tests.tagged_pdf import structure_tags
from tests.visitation.complaint_helpers import decided_course, register
from visitation.models import Course, JournalEntry

pytestmark = pytest.mark.django_db
REASON = "Borgeren har anmodet om indsigt den 1. december"


def case(people: People, first: str, last: str) -> Course:
    """A citizen with a course, a journal note, a complaint, a document and an agreement, all
    carrying the citizen's own words."""
    citizen = CitizenFactory(team=people.team, first_name=first, last_name=last,
                             address=f"{last}vej 1")
    course = decided_course(people, citizen=citizen)
    JournalEntry.objects.create(course=course, author=people.mentor_user,
                                contact_date=timezone.localdate(), form="meeting",
                                duration_minutes=30, note=f"Samtale med {first} om praktik")
    register(people, course, text=f"{first} klager over timetallet")
    document_upload(actor=people.caseworker, citizen=citizen, title=f"Brev fra {first}",
                    data=b"%PDF-1.4\n%" + first.encode() + b"\n%%EOF\n", original_name="b.pdf")
    Agreement.objects.create(course=course, version=1, status=AgreementStatus.ISSUED,
                             content={"goal": f"{first} i praktik"}, created_by=people.caseworker,
                             issued_by=people.caseworker, issued_at=timezone.now(),
                             pdf=f"%PDF-aftale-{first}".encode(), checksum="0" * 64)
    return course


def export(people: People, course: Course) -> zipfile.ZipFile:
    client = Client()
    client.force_login(people.team_leader)
    response = client.post(reverse("citizen_export", args=[course.citizen.pk]),
                           {"reason": REASON})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.fixture
def cases(people: People, clamd: str) -> tuple[Course, Course]:
    return case(people, "Anna", "Andersen"), case(people, "Bjarne", "Bundgaard")


def pdf_text(archive: zipfile.ZipFile) -> str:
    reader = PdfReader(io.BytesIO(archive.read("oversigt.pdf")))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_export_holds_everything_about_the_citizen(people: People,
                                                       cases: tuple[Course, Course]) -> None:
    anna, _bjarne = cases
    archive = export(people, anna)
    data = json.loads(archive.read("data.json"))
    sections = data["afsnit"]

    assert set(sections) >= {"borger", "indstillinger", "forloeb", "journal", "opfoelgninger",
                             "aftaler", "breve", "klager", "dokumenter", "serviceloven",
                             "adgangslog"}
    assert sections["borger"]["poster"][0]["navn"] == "Anna Andersen"
    assert sections["indstillinger"]["poster"][0]["indstilling"] == anna.referral_id
    assert sections["forloeb"]["poster"][0]["mentorforløb"] == anna.pk
    assert sections["journal"]["poster"][0]["notat"] == "Samtale med Anna om praktik"
    assert sections["opfoelgninger"]["poster"]
    assert sections["klager"]["poster"][0]["klagen"] == "Anna klager over timetallet"
    assert sections["aftaler"]["poster"][0]["version"] == 1
    assert sections["dokumenter"]["poster"][0]["titel"] == "Brev fra Anna"
    assert data["begrundelse"] == REASON
    names = set(archive.namelist())
    document = sections["dokumenter"]["poster"][0]["fil"]
    agreement = sections["aftaler"]["poster"][0]["fil"]
    assert {"data.json", "oversigt.pdf", document, agreement} <= names
    assert archive.read(agreement) == b"%PDF-aftale-Anna"
    assert b"Anna" in archive.read(document)


def test_the_export_holds_the_decision_letters_with_their_pdfs(
        people: People, cases: tuple[Course, Course]) -> None:
    from agreements.services_letters import letter_for_grant, letter_pdf

    anna, _bjarne = cases
    grant = letter_for_grant(actor=people.team_leader, course=anna)  # as the approval does
    letter_pdf(grant)  # the PDF as delivery stores it
    archive = export(people, anna)
    letters = json.loads(archive.read("data.json"))["afsnit"]["breve"]["poster"]

    assert [(letter["brev"], letter["slags"]) for letter in letters] == [(grant.pk, "Bevilling")]
    assert letters[0]["tekst"] == grant.body
    grant.refresh_from_db()
    with grant.pdf.open("rb") as stored:
        assert archive.read(letters[0]["fil"]) == stored.read()


def test_the_export_holds_nothing_of_another_citizen(people: People,
                                                     cases: tuple[Course, Course]) -> None:
    anna, _bjarne = cases
    archive = export(people, anna)

    for name in archive.namelist():
        content = archive.read(name)
        assert b"Bjarne" not in content and b"Bundgaard" not in content, name
    text = pdf_text(archive)
    assert "Anna" in text and "Bjarne" not in text and "Bundgaard" not in text


def test_the_summary_is_a_readable_tagged_pdf(people: People,
                                              cases: tuple[Course, Course]) -> None:
    archive = export(people, cases[0])

    assert "/Table" in structure_tags(archive.read("oversigt.pdf"))
    text = pdf_text(archive)
    assert "Journalnotater" in text and "Samtale med Anna om praktik" in text
    assert "Hvem har set oplysningerne" in text


def test_the_export_and_its_reason_are_in_the_access_log(people: People,
                                                         cases: tuple[Course, Course]) -> None:
    anna = cases[0]
    archive = export(people, anna)

    row = AccessLog.objects.get(citizen=anna.citizen, action=AccessAction.EXPORT)
    assert (row.user, row.reason) == (people.team_leader, REASON)
    log = json.loads(archive.read("data.json"))["afsnit"]["adgangslog"]["poster"]
    assert any(entry["begrundelse"] == REASON for entry in log)


def test_a_reason_is_required(people: People, cases: tuple[Course, Course]) -> None:
    client = Client()
    client.force_login(people.team_leader)

    response = client.post(reverse("citizen_export", args=[cases[0].citizen.pk]),
                           {"reason": "fordi"})

    assert response.status_code == 400
    assert "mindst 10 tegn" in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.parametrize("who", ["caseworker", "outsider", "mentor_user", "manager",
                                 "administrator"])
def test_only_a_team_leader_of_the_team_exports(people: People, cases: tuple[Course, Course],
                                                who: str) -> None:
    client = Client()
    client.force_login(getattr(people, who))
    url = reverse("citizen_export", args=[cases[0].citizen.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON}).status_code == 404


def test_the_citizen_page_offers_the_export_to_the_team_leader(
        people: People, cases: tuple[Course, Course]) -> None:
    client = Client()
    client.force_login(people.team_leader)
    url = reverse("citizen_export", args=[cases[0].citizen.pk])

    page: Any = client.get(reverse("citizen_detail", args=[cases[0].citizen.pk]))

    assert url in page.content.decode()
