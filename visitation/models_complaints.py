"""Complaints (klager) about decisions on mentor support.

The citizen complains to the municipality, which re-assesses the decision (genvurdering). If
it changes the decision, a new decision follows and is linked; if it maintains it, it must
send the complaint and the case files to Ankestyrelsen no later than four weeks after it
received the complaint (Ankestyrelsen: "Klagevejledning og tidsfrister",
https://ast.dk/for-borgere-med-en-klagesag/din-sag-i-ankestyrelsen/klagevejledning-og-tidsfrister:
"senest fire uger efter, at den har fået din klage"; retssikkerhedsloven § 66, stk. 1 —
verify the paragraph against the statute). The period is the policy's
(``PolicyVersion.complaint_forward_days``), never longer than the law's
``LAW_FORWARD_DAYS``. Ankestyrelsen then upholds (stadfæster), changes (ændrer) or sends the
case back (hjemviser).

Every move goes through ``visitation.services.complaints`` and writes a ``ComplaintEvent``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor import texts
from mentor.models import Citizen, DisplayChoicesModel, Team

# Four weeks from receipt (see the module docstring for the source).
LAW_FORWARD_DAYS = 28


class ComplaintChannel(models.TextChoices):
    LETTER = "letter", _("Brev")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telefon")
    IN_PERSON = "in_person", _("Personligt fremmøde")
    DIGITAL_POST = "digital_post", _("Digital Post")


class DecisionKindComplained(models.TextChoices):
    """Which decision a complaint is about."""

    GRANT = "grant", _("Bevilling af mentorstøtte")
    REJECTION = "rejection", _("Afslag på mentorstøtte")
    EXTENSION = "extension", _("Forlængelse af mentorforløb")
    END = "end", _("Ophør af mentorforløb")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Modtaget – til genvurdering")
    CHANGED = "changed", _("Afgørelsen ændret ved genvurderingen")
    FORWARDED = "forwarded", _("Fastholdt og sendt til Ankestyrelsen")
    UPHELD = "upheld", _("Stadfæstet af Ankestyrelsen")
    APPEAL_CHANGED = "appeal_changed", _("Ændret af Ankestyrelsen")
    SENT_BACK = "sent_back", _("Hjemvist af Ankestyrelsen")
    WITHDRAWN = "withdrawn", _("Trukket tilbage af borgeren")


COMPLAINT_TRANSITIONS: dict[str, frozenset[str]] = {
    ComplaintStatus.RECEIVED: frozenset({ComplaintStatus.CHANGED, ComplaintStatus.FORWARDED,
                                         ComplaintStatus.WITHDRAWN}),
    ComplaintStatus.FORWARDED: frozenset({ComplaintStatus.UPHELD, ComplaintStatus.APPEAL_CHANGED,
                                          ComplaintStatus.SENT_BACK, ComplaintStatus.WITHDRAWN}),
    ComplaintStatus.CHANGED: frozenset(),
    ComplaintStatus.UPHELD: frozenset(),
    ComplaintStatus.APPEAL_CHANGED: frozenset(),
    ComplaintStatus.SENT_BACK: frozenset(),
    ComplaintStatus.WITHDRAWN: frozenset(),
}
APPEAL_RESULTS = frozenset({ComplaintStatus.UPHELD, ComplaintStatus.APPEAL_CHANGED,
                            ComplaintStatus.SENT_BACK})


class Complaint(DisplayChoicesModel):
    """One complaint about one decision. The decision is a decided referral (grant or
    rejection) or a course's extension or end (its ``CourseEvent``)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="complaints")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    decision_kind = models.CharField(max_length=16, choices=DecisionKindComplained.choices)
    referral = models.ForeignKey("visitation.Referral", on_delete=models.PROTECT,
                                 related_name="complaints")
    course = models.ForeignKey("visitation.Course", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="complaints")
    course_event = models.ForeignKey("visitation.CourseEvent", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    decision_date = models.DateField()
    received_on = models.DateField(_("modtaget den"))
    channel = models.CharField(_("modtaget som"), max_length=16,
                               choices=ComplaintChannel.choices)
    text = models.TextField(_("klagen"), blank=True)
    # A scanned letter: a document on the citizen's case.
    letter = models.ForeignKey("mentor.Document", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    forward_deadline = models.DateField(db_index=True)
    status = models.CharField(max_length=16, choices=ComplaintStatus.choices,
                              default=ComplaintStatus.RECEIVED, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    # The re-assessment (genvurdering).
    reassessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    reassessed_at = models.DateTimeField(null=True, blank=True)
    reassessment = models.TextField(blank=True)
    # Changed: the new decision that followed (a referral decided, or a course event).
    new_referral = models.ForeignKey("visitation.Referral", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    new_course_event = models.ForeignKey("visitation.CourseEvent", on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+")
    # Maintained: forwarded to Ankestyrelsen with the case files as one ZIP.
    forwarded_on = models.DateField(null=True, blank=True)
    bundle = models.FileField(upload_to="complaints/", max_length=300, blank=True)
    bundle_sha256 = models.CharField(max_length=64, blank=True)
    # Ankestyrelsen's result.
    appeal_decided_on = models.DateField(null=True, blank=True)
    appeal_note = models.TextField(blank=True)
    # Follow-up sweep stamps: a reminder before the deadline and a notice once it passed.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["reminded_at", "overdue_notified_at"])

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering: ClassVar[list[str]] = ["-received_on", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "status", "forward_deadline"])]

    def __str__(self) -> str:
        return str(_("Klage #%(n)s") % {"n": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == ComplaintStatus.RECEIVED

    @property
    def awaits_appeal(self) -> bool:
        return self.status == ComplaintStatus.FORWARDED


class ComplaintEvent(DisplayChoicesModel):
    """History of a complaint: registered, re-assessed, forwarded, Ankestyrelsen's result."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=16, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ComplaintStatus.choices)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.to_status} #{self.pk}"

    @property
    def title(self) -> str:
        """What happened, in the reader's language."""
        if not self.from_status:
            return texts.render("complaint_event.registered")
        return str(self.get_to_status_display())
