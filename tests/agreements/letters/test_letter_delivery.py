"""Delivery: through Digital Post (a MeMo message in the outbox), e-mail (with consent) and
print (the post room's batch), with retries, statuses and their history."""

from __future__ import annotations

import base64
import datetime
import io
from pathlib import Path
from xml.etree import ElementTree

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader
from pytest_django import Settings

from agreements.models_letters import Letter, LetterChannel, LetterStatus, PrintBatch
from agreements.services_letters import (
    letter_for_grant,
    letter_send_again,
    letters_owed,
    print_batch_confirm,
    print_batch_create,
)
from agreements.tasks_letters import requeue_owed_letters
from mentor import cpr as cpr_lib
from mentor.services import DomainError, NotPermitted
from tests.agreements.letters import failing_email
from tests.agreements.letters.conftest import actions, deliver, stored_pdf
from tests.conftest import People
from visitation.models import Course

MEMO = "{https://DigitalPost.dk/MeMo-1}"
TRIES = 6  # the first try and LETTERS_DELIVERY_RETRIES (5) more


def grant(people: People, course: Course, **citizen_fields: object) -> Letter:
    if citizen_fields:
        for name, value in citizen_fields.items():
            setattr(course.citizen, name, value)
        course.citizen.save()
    return letter_for_grant(actor=people.team_leader, course=course)


def test_a_letter_is_made_queued_with_its_history(people: People, course: Course) -> None:
    letter = grant(people, course)
    assert (letter.status, letter.channel) == (LetterStatus.QUEUED, LetterChannel.DIGITAL_POST)
    assert actions(letter) == ["created", "queued"]
    assert not letter.pdf  # rendered by the delivery task, once


def test_digital_post_writes_a_memo_message_to_the_outbox(people: People, course: Course,
                                                          outbox: Path) -> None:
    letter = deliver(grant(people, course))
    assert letter.status == LetterStatus.SENT and letter.sent_at is not None
    assert actions(letter) == ["created", "queued", "sent"]
    files = list(outbox.glob("*.xml"))
    assert [f.name for f in files] == [f"{letter.message_uuid}.xml"]
    root = ElementTree.parse(files[0]).getroot()  # noqa: S314 (our own message)
    assert root.tag == f"{MEMO}Message" and root.get("memoVersion") == "1.1"
    header = root.find(f"{MEMO}MessageHeader")
    assert header is not None
    assert [child.tag.removeprefix(MEMO) for child in header] == [
        "messageType", "messageUUID", "messageID", "label", "mandatory", "legalNotification",
        "Sender", "Recipient", "ContentData"]
    assert header.findtext(f"{MEMO}messageUUID") == str(letter.message_uuid)
    assert header.findtext(f"{MEMO}Sender/{MEMO}senderID") == "12345678"
    recipient = header.find(f"{MEMO}Recipient")
    assert recipient is not None
    assert recipient.findtext(f"{MEMO}recipientID") == cpr_lib.decrypt(
        course.citizen.cpr_encrypted)
    assert recipient.findtext(f"{MEMO}idType") == "CPR"
    content = root.findtext(f"{MEMO}MessageBody/{MEMO}MainDocument/{MEMO}File/{MEMO}content")
    assert content is not None and base64.b64decode(content) == stored_pdf(letter)


def test_a_second_delivery_run_sends_nothing_more(people: People, course: Course,
                                                  outbox: Path) -> None:
    letter = deliver(grant(people, course))
    (outbox / f"{letter.message_uuid}.xml").unlink()
    letter = deliver(letter)
    assert letter.status == LetterStatus.SENT and not list(outbox.glob("*.xml"))
    assert actions(letter).count("sent") == 1


def test_an_outbox_that_cannot_be_written_fails_after_the_retries(
        people: People, course: Course, settings: Settings, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the outbox should be")
    settings.LETTERS_DIGITAL_POST_OUTBOX = blocked / "outbox"
    letter = deliver(grant(people, course))
    assert letter.status == LetterStatus.FAILED
    assert letter.attempts == TRIES
    assert actions(letter) == ["created", "queued", *["attempt_failed"] * TRIES, "failed"]
    assert letter.last_error == "letter_error.outbox"
    assert "Digital Post-udbakken kan ikke skrives" in letter.error_text


def test_without_the_municipalitys_cvr_digital_post_fails_at_once(people: People,
                                                                   course: Course) -> None:
    people.municipality.cvr = ""
    people.municipality.save()
    letter = deliver(grant(people, course))
    assert letter.status == LetterStatus.FAILED and letter.attempts == 1
    assert "CVR-nummer" in letter.error_text


def test_email_goes_only_with_consent_and_carries_the_pdf(people: People,
                                                          course: Course) -> None:
    letter = grant(people, course, email="soeren@test.example",
                   email_letters_consent_on=datetime.date(2017, 1, 5))
    assert letter.channel == LetterChannel.EMAIL
    letter = deliver(letter)
    assert letter.status == LetterStatus.SENT
    [message] = mail.outbox
    assert message.to == ["soeren@test.example"]
    assert message.subject == letter.subject
    [(_filename, data, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and data == stored_pdf(letter)
    assert "Søren" not in message.body  # the letter is in the PDF, not in the mail


def test_without_consent_the_letter_goes_by_digital_post(people: People,
                                                         course: Course) -> None:
    letter = grant(people, course, email="soeren@test.example")
    assert letter.channel == LetterChannel.DIGITAL_POST


def test_a_failing_mail_server_is_retried_and_the_letter_fails(
        people: People, course: Course, settings: Settings) -> None:
    settings.EMAIL_BACKEND = "tests.agreements.letters.failing_email.EmailBackend"
    failing_email.calls.clear()
    letter = deliver(grant(people, course, email="soeren@test.example",
                           email_letters_consent_on=datetime.date(2017, 1, 5)))
    assert len(failing_email.calls) == TRIES
    assert letter.status == LetterStatus.FAILED and letter.attempts == TRIES
    assert "SMTPServerDisconnected" in letter.error_text
    assert actions(letter)[-1] == "failed"


def test_a_failed_letter_is_sent_again_through_another_channel(
        people: People, course: Course, settings: Settings) -> None:
    settings.EMAIL_BACKEND = "tests.agreements.letters.failing_email.EmailBackend"
    letter = deliver(grant(people, course, email="soeren@test.example",
                           email_letters_consent_on=datetime.date(2017, 1, 5)))
    pdf = stored_pdf(letter)
    letter_send_again(actor=people.caseworker, letter=letter, channel=LetterChannel.DIGITAL_POST)
    letter = deliver(letter)
    assert letter.status == LetterStatus.SENT and letter.channel == LetterChannel.DIGITAL_POST
    assert stored_pdf(letter) == pdf


def test_email_without_consent_is_refused_when_sending_again(people: People,
                                                             course: Course) -> None:
    people.municipality.cvr = ""
    people.municipality.save()
    letter = deliver(grant(people, course))
    with pytest.raises(DomainError, match="samtykke"):
        letter_send_again(actor=people.caseworker, letter=letter, channel=LetterChannel.EMAIL)


def test_a_mentor_may_not_send_a_letter_again(people: People, course: Course) -> None:
    people.municipality.cvr = ""
    people.municipality.save()
    letter = deliver(grant(people, course))
    with pytest.raises(NotPermitted):
        letter_send_again(actor=people.mentor_user, letter=letter,
                          channel=LetterChannel.PRINT)


def test_print_letters_wait_for_the_batch_and_are_printed_when_it_is_confirmed(
        people: People, course: Course) -> None:
    letter = deliver(grant(people, course, digital_post_exempt=True))
    assert letter.channel == LetterChannel.PRINT
    assert letter.status == LetterStatus.QUEUED and letter.pdf
    batch = print_batch_create(actor=people.caseworker, team=people.team)
    with batch.pdf.open("rb") as stored:
        pages = len(PdfReader(io.BytesIO(stored.read())).pages)
    assert pages == len(PdfReader(io.BytesIO(stored_pdf(letter))).pages)
    letter.refresh_from_db()
    assert letter.print_batch == batch and letter.status == LetterStatus.QUEUED
    with pytest.raises(DomainError, match="ingen breve"):
        print_batch_create(actor=people.caseworker, team=people.team)
    print_batch_confirm(actor=people.team_leader, batch=batch)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PRINTED and letter.sent_at is not None
    assert actions(letter) == ["created", "queued", "ready_for_print", "batched", "printed"]
    with pytest.raises(DomainError, match="allerede"):
        print_batch_confirm(actor=people.team_leader, batch=batch)


def test_a_batch_is_made_of_the_teams_letters_only(people: People, course: Course) -> None:
    grant(people, course, digital_post_exempt=True)
    with pytest.raises(NotPermitted):
        print_batch_create(actor=people.outsider, team=people.team)
    with pytest.raises(DomainError):
        print_batch_create(actor=people.outsider, team=people.other_team)
    assert not PrintBatch.objects.exists()


def test_a_letter_whose_task_was_lost_is_queued_again(people: People, course: Course) -> None:
    letter = grant(people, course)  # queued; the task runs only after a commit
    assert letters_owed(now=datetime.datetime.now(datetime.UTC)) == []
    with time_machine.travel(datetime.datetime(2017, 3, 10, 12, 0, tzinfo=datetime.UTC)):
        assert letters_owed(now=datetime.datetime.now(datetime.UTC)) == [letter.pk]
        assert requeue_owed_letters.apply().get() == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
