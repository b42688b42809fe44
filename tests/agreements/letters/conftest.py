"""Fixtures for decision letters: stored files and the Digital Post outbox in a temporary
folder, a municipality with a CVR number (the Digital Post sender), and helpers to deliver a
letter the way the worker does and to read its PDF back as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytest_django import Settings

from agreements.models_letters import Letter
from agreements.tasks_letters import deliver_letter
from mentor.models import Municipality
from tests.conftest import People


@pytest.fixture(autouse=True)
def _files(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LETTERS_DIGITAL_POST_OUTBOX = tmp_path / "outbox"
    settings.LETTERS_RETRY_BASE_SECONDS = 0


@pytest.fixture
def outbox(settings: Settings) -> Path:
    return Path(settings.LETTERS_DIGITAL_POST_OUTBOX)


@pytest.fixture(autouse=True)
def _sender(people: People) -> Municipality:
    municipality = people.municipality
    municipality.cvr = "12345678"
    municipality.address = "Rådhusvej 1, 3200 Helsinge"
    municipality.phone = "72 49 60 00"
    municipality.email = "jobcenter@testkommune.example"
    municipality.save()
    return municipality


def deliver(letter: Letter) -> Letter:
    """Run the delivery task for ``letter`` as the worker would (eagerly, with its retries)
    and return the letter as stored afterwards."""
    deliver_letter.apply(args=(letter.pk,))
    letter.refresh_from_db()
    return letter


def stored_pdf(letter: Letter) -> bytes:
    assert letter.pdf, "the letter has no PDF yet"
    with letter.pdf.open("rb") as stored:
        return bytes(stored.read())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    """PDF text with its line breaks as spaces: a sentence may wrap anywhere."""
    return " ".join(text.split())


def actions(letter: Letter) -> list[str]:
    return list(letter.events.order_by("id").values_list("action", flat=True))
