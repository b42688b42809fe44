"""Decision letters: made by the service that makes the decision, delivered by a Celery task.

- The decision services (``referral_approve``, ``referral_reject``, ``course_extend``,
  ``course_change_level``, ``course_end``) call ``letter_for_*`` inside their transaction: the
  letter is made from the decision and the course with the current template of its kind in the
  citizen's language, frozen (subject, text, content), and queued; the delivery task is queued
  after commit.
- ``letter_deliver`` (the task's one try) renders the PDF once, stores it through Django's
  storage API with its SHA-256, and sends it through the letter's channel: Digital Post (a MeMo
  message in the gateway's outbox), e-mail (only with the citizen's consent), or print (the
  letter waits for the post room's batch). The task retries with back-off and, when the tries
  are spent, ``letter_delivery_failed`` marks the letter failed.
- Every status move is checked against ``LETTER_TRANSITIONS`` and recorded as a
  ``LetterEvent``.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import letters, memo
from agreements.letter_defaults import DEFAULT_TEMPLATES
from agreements.models_letters import (
    LETTER_TRANSITIONS,
    Letter,
    LetterChannel,
    LetterEvent,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    PrintBatch,
)
from agreements.pdf_letters import combine_pdfs, render_letter_pdf
from mentor import cpr as cpr_lib
from mentor.models import Citizen, Language, Team, User
from mentor.permissions import may_edit_letter_templates, may_print_letters, may_send_letters
from mentor.queue import enqueue_on_commit
from mentor.services import DomainError, NotPermitted
from visitation.models import Course, CoursePeriod, EndReason, Referral

logger = logging.getLogger(__name__)

# The task that tries one delivery (``agreements.tasks_letters``), queued by name.
DELIVER_LETTER = "agreements.tasks_letters.deliver_letter"


class DeliveryError(Exception):
    """A channel could not deliver. ``code`` names the reason in ``mentor/texts.py`` (shown in
    the reader's language), ``detail`` is the technical cause (an exception's class name).
    ``permanent``: trying again cannot help (no consent, no sender id): the letter fails at
    once."""

    def __init__(self, code: str, detail: str = "", *, permanent: bool = False) -> None:
        super().__init__(code if not detail else f"{code}: {detail}")
        self.code = code
        self.detail = detail[:100]
        self.permanent = permanent


class DeliveryOutcome(StrEnum):
    SENT = "sent"
    AWAITING_PRINT = "awaiting_print"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"  # not queued (already sent, printed or failed) or gone


def retry_countdown(retries: int) -> int:
    """Seconds before try ``retries + 2``: the base delay doubled for each try made."""
    base: int = settings.LETTERS_RETRY_BASE_SECONDS
    return int(base * 2 ** retries)


# --- Templates -------------------------------------------------------------------------------

def current_template(kind: str, language: str) -> LetterTemplate | None:
    return (LetterTemplate.objects.filter(kind=kind, language=language)
            .order_by("-version").first())


def template_text(kind: str, language: str) -> tuple[LetterTemplate | None, str, str]:
    """The template in force (or the built-in text when there is none): template, subject,
    body."""
    template = current_template(kind, language)
    if template is not None:
        return template, template.subject, template.body
    subject, body = DEFAULT_TEMPLATES[(kind, language)]
    return None, subject, body


def check_template(kind: str, subject: str, body: str) -> None:
    """Raise ``DomainError`` (Danish, naming each unknown placeholder) for a text that may
    not be saved."""
    problems = letters.template_problems(kind, subject) + letters.template_problems(kind, body)
    if not subject.strip():
        problems.insert(0, _("Skriv brevets overskrift."))
    if not body.strip():
        problems.insert(0, _("Skriv brevets tekst."))
    if problems:
        raise DomainError(" ".join(dict.fromkeys(problems)))


@transaction.atomic
def letter_template_save(*, actor: User, kind: str, language: str, subject: str, body: str,
                         reason: str) -> LetterTemplate:
    """A new version of the kind's template in ``language``. Letters already made keep the
    text they were made with."""
    if not may_edit_letter_templates(actor):
        raise NotPermitted(_("Kun en administrator kan ændre brevskabelonerne."))
    if kind not in LetterKind.values or language not in Language.values:
        raise DomainError(_("Ukendt brevtype eller sprog."))
    subject, body = subject.strip(), body.strip().replace("\r\n", "\n")
    check_template(kind, subject, body)
    if not reason.strip():
        raise DomainError(_("Skriv årsagen til ændringen."))
    latest = (LetterTemplate.objects.select_for_update()
              .filter(kind=kind, language=language).order_by("-version").first())
    if latest is not None and (latest.subject, latest.body) == (subject, body):
        raise DomainError(_("Teksten er den samme som den gældende version; der er intet at "
                            "gemme."))
    try:
        with transaction.atomic():
            return LetterTemplate.objects.create(
                kind=kind, language=language, version=(latest.version if latest else 0) + 1,
                subject=subject, body=body, reason=reason.strip(), created_by=actor)
    except IntegrityError as exc:
        raise DomainError(_("En anden har gemt en ny version af skabelonen imens. Genindlæs "
                            "siden og ret den nye version.")) from exc


# --- Making letters --------------------------------------------------------------------------

def default_channel(citizen: Citizen) -> str:
    """E-mail where the citizen has agreed to it, print where they are exempt from Digital
    Post, Digital Post otherwise."""
    if citizen.email_letters_consent_on and citizen.email:
        return LetterChannel.EMAIL
    if citizen.digital_post_exempt:
        return LetterChannel.PRINT
    return LetterChannel.DIGITAL_POST


def channel_problem(citizen: Citizen, channel: str) -> str:
    """Why ``channel`` cannot reach ``citizen`` (Danish), or ''."""
    if channel not in LetterChannel.values:
        return _("Ukendt kanal.")
    if channel == LetterChannel.EMAIL and not (citizen.email_letters_consent_on
                                               and citizen.email):
        return _("Borgeren har ikke givet samtykke til breve på e-mail (eller har ingen "
                 "e-mailadresse). Vælg Digital Post eller print.")
    if channel == LetterChannel.DIGITAL_POST and citizen.digital_post_exempt:
        return _("Borgeren er fritaget for Digital Post. Vælg print eller e-mail.")
    return ""


def _event(letter: Letter, actor: User | None, action: str, *, from_status: str = "",
           **data: Any) -> None:
    LetterEvent.objects.create(letter=letter, actor=actor, action=action,
                               from_status=from_status, to_status=letter.status, data=data)


def _move(letter: Letter, to_status: str) -> str:
    if to_status not in LETTER_TRANSITIONS[letter.status]:
        raise DomainError(_("Brevet kan ikke gå fra '%(from)s' til '%(to)s'.") % {
            "from": letter.get_status_display(), "to": LetterStatus(to_status).label})
    from_status = letter.status
    letter.status = to_status
    return from_status


def _queue(letter: Letter, actor: User | None, channel: str) -> None:
    """Move a letter to the queue through ``channel`` and queue its delivery after commit."""
    problem = channel_problem(letter.citizen, channel)
    if problem:
        raise DomainError(problem)
    from_status = _move(letter, LetterStatus.QUEUED)
    letter.channel = channel
    letter.recipient_email = letter.citizen.email if channel == LetterChannel.EMAIL else ""
    letter.last_error = letter.last_error_detail = ""
    letter.save(update_fields=["status", "channel", "recipient_email", "last_error",
                               "last_error_detail", "updated_at"])
    _event(letter, actor, "queued", from_status=from_status, channel=channel)
    enqueue_on_commit(DELIVER_LETTER, letter.pk)


def _make(*, actor: User, draft: letters.LetterDraft, citizen: Citizen, source_key: str,
          course: Course | None = None, referral: Referral | None = None) -> Letter:
    """Store ``draft`` with the current template's text and queue it. Caller holds the
    transaction of the decision. One letter per ``source_key``: a second call returns it."""
    existing = Letter.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    template, subject, body = template_text(draft.kind, draft.language)
    content = {**draft.content, "template_version": template.version if template else 0}
    letter = Letter.objects.create(
        citizen=citizen, course=course, referral=referral, kind=draft.kind,
        language=draft.language, channel=default_channel(citizen), source_key=source_key,
        template=template, decided_on=draft.decided_on,
        subject=letters.render_text(subject, draft.values)[:200],
        body=letters.render_text(body, draft.values), content=content, created_by=actor)
    _event(letter, actor, "created", kind=draft.kind, language=draft.language)
    _queue(letter, actor, letter.channel)
    return letter


def _language(citizen: Citizen) -> str:
    return citizen.preferred_language if citizen.preferred_language in Language.values \
        else Language.DA


def letter_for_grant(*, actor: User, course: Course) -> Letter:
    """Bevilling: called by ``referral_approve`` once the course is open."""
    draft = letters.build_grant(course, lang=_language(course.citizen))
    return _make(actor=actor, draft=draft, citizen=course.citizen,
                 source_key=f"grant:referral:{course.referral_id}", course=course,
                 referral=course.referral)


def letter_for_rejection(*, actor: User, referral: Referral) -> Letter:
    """Afslag: called by ``referral_reject`` with the reason saved on the referral."""
    draft = letters.build_rejection(referral, on=timezone.localdate(),
                                    lang=_language(referral.citizen))
    return _make(actor=actor, draft=draft, citizen=referral.citizen,
                 source_key=f"rejection:referral:{referral.pk}", referral=referral)


def letter_for_extension(*, actor: User, course: Course, period: CoursePeriod,
                         reason: str) -> Letter:
    """Forlængelse: called by ``course_extend`` with the new period."""
    draft = letters.build_extension(course, period, reason=reason,
                                    lang=_language(course.citizen))
    return _make(actor=actor, draft=draft, citizen=course.citizen,
                 source_key=f"extension:period:{period.pk}", course=course,
                 referral=course.referral)


def letter_for_level_change(*, actor: User, course: Course, change_id: int,
                            previous_level: int, previous_hours: Decimal,
                            review_interval_months: int, reason: str) -> Letter:
    """Ændret serviceniveau: called by ``course_change_level`` (``change_id``: its event)."""
    draft = letters.build_level_change(
        course, previous_level=previous_level, previous_hours=previous_hours,
        review_interval_months=review_interval_months, reason=reason,
        on=timezone.localdate(), lang=_language(course.citizen))
    return _make(actor=actor, draft=draft, citizen=course.citizen,
                 source_key=f"level_change:event:{change_id}", course=course,
                 referral=course.referral)


def letter_for_end(*, actor: User, course: Course, note: str) -> Letter | None:
    """Ophør: called by ``course_end``. No letter when the citizen has died."""
    if course.end_reason == EndReason.DECEASED:
        return None
    draft = letters.build_end(course, note=note, on=timezone.localdate(),
                              lang=_language(course.citizen))
    return _make(actor=actor, draft=draft, citizen=course.citizen,
                 source_key=f"end:course:{course.pk}", course=course,
                 referral=course.referral)


@transaction.atomic
def letter_send_again(*, actor: User, letter: Letter, channel: str) -> Letter:
    """Queue a failed letter again, through ``channel``. The text and PDF stay as made."""
    if not may_send_letters(actor, letter.citizen):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i borgerens team kan sende "
                             "brevet igen."))
    locked = (Letter.objects.select_for_update(of=("self",)).select_related("citizen")
              .get(pk=letter.pk))
    if locked.status not in (LetterStatus.FAILED, LetterStatus.CREATED):
        raise DomainError(_("Brevet er %(status)s og kan ikke sendes igen.") % {
            "status": locked.get_status_display().lower()})
    _queue(locked, actor, channel)
    return locked


# --- Delivery --------------------------------------------------------------------------------

def _render(letter: Letter) -> bytes:
    return render_letter_pdf(subject=letter.subject, body=letter.body, content=letter.content,
                             language=letter.language)


def letter_pdf(letter: Letter) -> bytes:
    """The letter's stored PDF, rendered and stored first if it has none yet. Caller holds
    the letter's row lock when it may be the first."""
    if letter.pdf:
        with letter.pdf.open("rb") as stored:
            return bytes(stored.read())
    data = _render(letter)
    letter.pdf.save(f"{letter.kind}-{letter.pk}-{uuid.uuid4().hex[:12]}.pdf",
                    ContentFile(data), save=False)
    letter.checksum = hashlib.sha256(data).hexdigest()
    letter.save(update_fields=["pdf", "checksum", "updated_at"])
    return data


@transaction.atomic
def letter_pdf_stored(*, letter_id: int) -> bytes:
    """The letter's PDF for a download: stored first if its delivery has not rendered it yet,
    so the download and the delivery are the same bytes."""
    letter = Letter.objects.select_for_update(of=("self",)).get(pk=letter_id)
    return letter_pdf(letter)


def _filename(letter: Letter) -> str:
    with translation.override(letter.language):
        return f"{_('afgoerelse')}-{letter.pk}.pdf"


def _send_email(letter: Letter, pdf: bytes) -> None:
    if not letter.recipient_email:
        raise DeliveryError("letter_error.no_email", permanent=True)
    if not letter.citizen.email_letters_consent_on:
        raise DeliveryError("letter_error.no_consent", permanent=True)
    with translation.override(letter.language):
        text = _("Du har fået et brev fra %(municipality)s: %(subject)s.\n\nBrevet er "
                 "vedhæftet som PDF. Svar ikke på denne e-mail; kontakt din sagsbehandler, "
                 "hvis du har spørgsmål.") % {
            "municipality": letter.citizen.team.municipality.name, "subject": letter.subject}
    message = EmailMessage(subject=letter.subject, body=text,
                           from_email=settings.DEFAULT_FROM_EMAIL, to=[letter.recipient_email])
    message.attach(_filename(letter), pdf, "application/pdf")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # any backend failure (SMTP, network): tried again
        raise DeliveryError("letter_error.email_failed", type(exc).__name__) from exc


def _send_digital_post(letter: Letter, pdf: bytes) -> None:
    municipality = letter.citizen.team.municipality
    if not municipality.cvr:
        raise DeliveryError("letter_error.no_cvr", permanent=True)
    data = memo.build_message(
        message_uuid=letter.message_uuid, message_id=f"mentor-letter-{letter.pk}",
        label=letter.subject, sender_cvr=municipality.cvr, sender_label=municipality.name,
        recipient_cpr=cpr_lib.decrypt(letter.citizen.cpr_encrypted),
        recipient_label=letter.citizen.full_name,
        case_id=str(letter.content.get("reference") or letter.pk),
        created=letter.created_at, filename=_filename(letter), language=letter.language,
        pdf=pdf)
    try:
        memo.write_to_outbox(Path(settings.LETTERS_DIGITAL_POST_OUTBOX),
                             f"{letter.message_uuid}.xml", data)
    except OSError as exc:
        raise DeliveryError("letter_error.outbox", type(exc).__name__) from exc


def letter_deliver(*, letter_id: int) -> tuple[DeliveryOutcome, str]:
    """One try at delivering a queued letter; idempotent (a letter that is no longer queued is
    left alone). Returns the outcome and, for a failed try, why."""
    with transaction.atomic():
        letter = (Letter.objects.select_for_update(of=("self",))
                  .select_related("citizen__team__municipality").filter(pk=letter_id).first())
        if letter is None or letter.status != LetterStatus.QUEUED:
            return DeliveryOutcome.SKIPPED, ""
        try:
            if letter.citizen.anonymised_at is not None:
                raise DeliveryError("letter_error.anonymised", permanent=True)
            try:
                pdf = letter_pdf(letter)
            except Exception as exc:  # a rendering failure is a failed try, logged
                logger.exception("Letter %s: the PDF could not be rendered.", letter.pk)
                raise DeliveryError("letter_error.pdf", type(exc).__name__) from exc
            if letter.channel == LetterChannel.PRINT:
                if not letter.events.filter(action="ready_for_print").exists():
                    _event(letter, None, "ready_for_print")
                return DeliveryOutcome.AWAITING_PRINT, ""
            if letter.channel == LetterChannel.EMAIL:
                _send_email(letter, pdf)
            else:
                _send_digital_post(letter, pdf)
        except DeliveryError as exc:
            letter.attempts += 1
            letter.last_error, letter.last_error_detail = exc.code, exc.detail
            letter.save(update_fields=["attempts", "last_error", "last_error_detail",
                                       "updated_at"])
            _event(letter, None, "attempt_failed", attempt=letter.attempts, error=exc.code,
                   detail=exc.detail)
            if exc.permanent:
                _fail(letter)
                return DeliveryOutcome.FAILED, exc.code
            return DeliveryOutcome.RETRY, exc.code
        from_status = _move(letter, LetterStatus.SENT)
        letter.attempts += 1
        letter.sent_at = timezone.now()
        letter.save(update_fields=["status", "attempts", "sent_at", "updated_at"])
        _event(letter, None, "sent", from_status=from_status, channel=letter.channel)
        return DeliveryOutcome.SENT, ""


def _fail(letter: Letter) -> None:
    """Caller has set ``last_error`` (a code) and ``last_error_detail``."""
    from_status = _move(letter, LetterStatus.FAILED)
    letter.save(update_fields=["status", "updated_at"])
    _event(letter, None, "failed", from_status=from_status, attempts=letter.attempts,
           error=letter.last_error, detail=letter.last_error_detail)


@transaction.atomic
def letter_delivery_failed(*, letter_id: int) -> bool:
    """The task's tries are spent: the letter fails with its last try's error (shown on the
    case and the team's follow-up page). False when it is no longer queued."""
    letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
    if letter is None or letter.status != LetterStatus.QUEUED:
        return False
    _fail(letter)
    return True


# A queued letter nobody has touched for this long lost its task (a broker outage): the sweep
# queues it again. Longer than the longest retry delay, so a letter waiting for its next try
# is not queued twice.
OWED_AFTER = datetime.timedelta(hours=1)


def letters_owed(*, now: datetime.datetime) -> list[int]:
    """Queued letters whose delivery task was lost: not tried for ``OWED_AFTER``. A print
    letter with its PDF waits for the post room and is not owed."""
    return list(Letter.objects.filter(status=LetterStatus.QUEUED, updated_at__lt=now - OWED_AFTER)
                .exclude(channel=LetterChannel.PRINT, checksum__gt="")
                .order_by("updated_at", "id").values_list("pk", flat=True)[:500])


# --- The post room -----------------------------------------------------------------------------

def letters_awaiting_print(team: Team) -> Any:
    return (Letter.objects.filter(status=LetterStatus.QUEUED, channel=LetterChannel.PRINT,
                                  print_batch__isnull=True, citizen__team=team,
                                  citizen__anonymised_at__isnull=True)
            .order_by("created_at", "id"))


@transaction.atomic
def print_batch_create(*, actor: User, team: Team) -> PrintBatch:
    """One PDF of every print letter of ``team`` waiting for the post room. Letters another
    batch is taking at the same moment are skipped, never taken twice."""
    if not may_print_letters(actor, team):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i teamet kan lave "
                             "udskriftsbunker."))
    waiting = list(letters_awaiting_print(team).select_for_update(skip_locked=True, of=("self",))
                   .select_related("citizen__team__municipality"))
    if not waiting:
        raise DomainError(_("Der er ingen breve, der venter på print."))
    batch = PrintBatch.objects.create(team=team, created_by=actor)
    try:
        documents = [letter_pdf(letter) for letter in waiting]
    except Exception as exc:
        logger.exception("Print batch for team %s: a letter could not be rendered.", team.pk)
        raise DomainError(_("Et af brevene kunne ikke dannes som PDF; prøv igen om lidt.")) \
            from exc
    batch.pdf.save(f"udskrift-{batch.pk}.pdf", ContentFile(combine_pdfs(documents)), save=True)
    Letter.objects.filter(pk__in=[letter.pk for letter in waiting]).update(
        print_batch=batch, updated_at=timezone.now())
    LetterEvent.objects.bulk_create(
        LetterEvent(letter=letter, actor=actor, action="batched", to_status=letter.status,
                    data={"batch": batch.pk}) for letter in waiting)
    return batch


@transaction.atomic
def print_batch_confirm(*, actor: User, batch: PrintBatch) -> PrintBatch:
    """The post room has printed the batch and sent it: its letters are printed."""
    if not may_print_letters(actor, batch.team):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i teamet kan bekræfte "
                             "udskrift."))
    locked = PrintBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.printed_at is not None:
        raise DomainError(_("Udskriftsbunken er allerede markeret som printet."))
    now = timezone.now()
    locked.printed_at, locked.printed_by = now, actor
    locked.save(update_fields=["printed_at", "printed_by"])
    for letter in (Letter.objects.select_for_update().filter(print_batch=locked,
                                                             status=LetterStatus.QUEUED)):
        from_status = _move(letter, LetterStatus.PRINTED)
        letter.sent_at = now
        letter.save(update_fields=["status", "sent_at", "updated_at"])
        _event(letter, actor, "printed", from_status=from_status, batch=locked.pk)
    return locked


# --- Erasure -----------------------------------------------------------------------------------

def letters_anonymise(citizen: Citizen) -> None:
    """Erasure (``mentor.services_security``): the letters keep their kind, status and dates;
    their text, content, PDF and the print batches holding them go. Caller holds the
    citizen's row lock."""
    found = list(Letter.objects.filter(citizen=citizen))
    batches = {letter.print_batch_id for letter in found if letter.print_batch_id}
    for letter in found:
        if letter.pdf:
            letter.pdf.delete(save=False)
    for batch in PrintBatch.objects.filter(pk__in=batches):
        if batch.pdf:
            batch.pdf.delete(save=True)
    Letter.objects.filter(citizen=citizen).update(
        subject="", body="", content={"anonymised": True}, pdf="", checksum="",
        recipient_email="", last_error="", last_error_detail="")
    LetterEvent.objects.filter(letter__citizen=citizen).update(data={})
    LetterEvent.objects.bulk_create(
        LetterEvent(letter=letter, action="anonymised", to_status=letter.status)
        for letter in found)
