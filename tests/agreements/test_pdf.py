import io

from pypdf import PdfReader

from agreements import services
from agreements.models import Agreement
from agreements.pdf import render_agreement_pdf
from tests.agreements.conftest import stored_pdf
from tests.conftest import People
from tests.tagged_pdf import structure_tags


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_all_six_items_and_the_legal_basis_in_danish(issued: Agreement) -> None:
    text = pdf_text(stored_pdf(issued))
    assert "Aftale om mentorstøtte" in text
    # 1 goal, 2 mentor and contact, 3 tasks, 4 duration, follow-up and progression goals,
    # 5 hours, 6 complaint guidance.
    assert "Målet med mentorstøtten" in text
    assert "Borgeren møder stabilt op i sit tilbud" in text
    assert "Maja Mentor" in text and issued.content["mentor"]["email"] in text
    for task in issued.content["tasks"]:
        assert task in text
    assert "2. marts 2017 – 2. september 2017" in text
    assert "19. august 2017" in text
    assert "Fremmøde registreret hver uge" in text
    assert "1,5 timer pr. uge" in text
    assert "Klagevejledning" in text and "Ankestyrelsen" in text
    for basis in issued.course.legal_basis:
        assert basis in text


def test_the_pdf_reads_æøå_and_names_the_parties(issued: Agreement) -> None:
    text = pdf_text(stored_pdf(issued))
    assert "Søren Ærø-Åberg" in text
    assert "Testkommune" in text
    assert "Ret og pligt" in text
    assert "170590-XXXX" in text  # the CPR number masked, never in full


def test_the_pdf_is_a4_with_page_numbers_and_room_for_signatures(issued: Agreement) -> None:
    reader = PdfReader(io.BytesIO(stored_pdf(issued)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    pages = len(reader.pages)
    assert f"Side 1 af {pages}" in reader.pages[0].extract_text()
    assert f"Side {pages} af {pages}" in reader.pages[-1].extract_text()
    assert "Underskrift, borger" in pdf_text(stored_pdf(issued))


def test_a_new_version_states_its_reason_and_the_version_it_replaces(
        people: People, issued: Agreement) -> None:
    draft = services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                           reason="Ny mentor efter flytning")
    second = services.agreement_issue(actor=people.caseworker, agreement=draft)
    text = pdf_text(stored_pdf(second))
    assert "Erstatter version 1" in text
    assert "Ny mentor efter flytning" in text


def test_a_draft_preview_is_marked_as_draft(draft: Agreement) -> None:
    text = pdf_text(render_agreement_pdf(draft.content, draft=True))
    assert "KLADDE" in text


def test_the_pdf_is_tagged_for_screen_readers(issued: Agreement) -> None:
    tags = structure_tags(stored_pdf(issued))
    assert {"/H1", "/P"} <= tags
