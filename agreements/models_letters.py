"""Decision letters (afgørelsesbreve): the templates the municipality edits, the letters made
from them, their delivery history and the post room's print batches.

A letter keeps the exact subject, text and frozen content it was made with and, once rendered,
its PDF (through Django's storage API) with its SHA-256: a later template version never
changes a letter already made. Services in ``agreements/services_letters.py`` are the only
code that moves a letter's status; every move writes a ``LetterEvent``.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentor import texts
from mentor.models import Citizen, DisplayChoicesModel, Language, Team
from visitation.models import Course, Referral


class LetterKind(models.TextChoices):
    GRANT = "grant", _("Bevilling")
    REJECTION = "rejection", _("Afslag")
    EXTENSION = "extension", _("Forlængelse")
    LEVEL_CHANGE = "level_change", _("Ændret serviceniveau")
    END = "end", _("Ophør")


class LetterChannel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    EMAIL = "email", _("E-mail")
    PRINT = "print", _("Fysisk brev (print)")


class LetterStatus(models.TextChoices):
    CREATED = "created", _("Oprettet")
    QUEUED = "queued", _("I kø")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Fejlet")
    PRINTED = "printed", _("Printet")


LETTER_TRANSITIONS: dict[str, frozenset[str]] = {
    LetterStatus.CREATED: frozenset({LetterStatus.QUEUED}),
    # A print letter waits in the queue until its batch is printed.
    LetterStatus.QUEUED: frozenset({LetterStatus.SENT, LetterStatus.FAILED,
                                    LetterStatus.PRINTED}),
    # Sent again, through the same or another channel.
    LetterStatus.FAILED: frozenset({LetterStatus.QUEUED}),
    LetterStatus.SENT: frozenset(),
    LetterStatus.PRINTED: frozenset(),
}


class LetterTemplate(DisplayChoicesModel):
    """One version of the text of a kind of letter in one language. Saving makes a new
    version; a version is never edited. ``created_by`` is empty for the seeded version 1."""

    kind = models.CharField(_("brevtype"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("sprog"), max_length=2, choices=Language.choices)
    version = models.PositiveSmallIntegerField()
    subject = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(_("brevtekst"))
    reason = models.TextField(_("årsag til ændringen"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brevskabelon")
        verbose_name_plural = _("brevskabeloner")
        ordering: ClassVar[list[str]] = ["kind", "language", "-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["kind", "language", "version"],
                                    name="letter_template_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language}), {_('version')} {self.version}"


class PrintBatch(models.Model):
    """The post room's batch: the team's print letters combined into one PDF. Confirming that
    it is printed marks its letters printed."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    pdf = models.FileField(upload_to="letters/print/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    printed_at = models.DateTimeField(null=True, blank=True)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("udskriftsbunke")
        verbose_name_plural = _("udskriftsbunker")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('Udskriftsbunke')} #{self.pk}"


def _letter_upload_to(letter: Letter, filename: str) -> str:
    return f"letters/{letter.created_at:%Y/%m}/{filename}"


class Letter(DisplayChoicesModel):
    """A decision letter to a citizen, made by the service that made the decision."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="letters")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="letters")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    channel = models.CharField(_("kanal"), max_length=20, choices=LetterChannel.choices)
    status = models.CharField(max_length=16, choices=LetterStatus.choices,
                              default=LetterStatus.CREATED, db_index=True)
    # What decision the letter is about ("grant:referral:12", "extension:period:7"): one letter
    # per decision, so a retried service makes one.
    source_key = models.CharField(max_length=80, unique=True)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="letters")
    decided_on = models.DateField()
    # Frozen when the letter is made: exactly what the citizen receives.
    subject = models.CharField(max_length=200)
    body = models.TextField()
    content = models.JSONField(default=dict)
    pdf = models.FileField(upload_to=_letter_upload_to, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    recipient_email = models.EmailField(blank=True)
    # The Digital Post message's id (MeMo ``messageUUID``, a version 4 UUID): written again
    # with the same id when a delivery is retried, so the gateway can drop a duplicate.
    message_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Why the last try failed: a code of ``mentor/texts.py`` ("letter_error.outbox") and the
    # technical cause (an exception's class name), shown in the reader's language.
    last_error = models.CharField(max_length=60, blank=True)
    last_error_detail = models.CharField(max_length=100, blank=True)
    print_batch = models.ForeignKey(PrintBatch, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="letters")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("afgørelsesbrev")
        verbose_name_plural = _("afgørelsesbreve")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["citizen", "-created_at"]),
            # The follow-up page's failed deliveries and the post room's waiting letters.
            models.Index(fields=["status", "channel"], condition=~Q(status="sent"),
                         name="letter_not_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def error_text(self) -> str:
        """Why the last try failed, in the reader's language ('' when none did)."""
        return error_text(self.last_error, self.last_error_detail)


def error_text(code: str, detail: str = "") -> str:
    if not code:
        return ""
    return texts.render(code, {"detail": detail or "–"}, fallback=code)


class LetterEvent(models.Model):
    """History of a letter: made, queued, each failed attempt, sent, failed, printed.
    ``actor`` is empty for what the delivery task did."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"

    @property
    def text(self) -> str:
        """What happened, in the reader's language (``mentor/texts.py``)."""
        params: dict[str, Any] = dict(self.data)
        if "error" in params:
            params["error"] = error_text(str(params["error"]), str(params.pop("detail", "")))
        if "channel" in params:
            params["channel"] = str(LetterChannel(params["channel"]).label) \
                if params["channel"] in LetterChannel.values else params["channel"]
        return texts.render(f"letter_event.{self.action}", params,
                            fallback=str(_("Hændelse")))
