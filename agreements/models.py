"""Written agreements (aftale om mentorstøtte), versioned: an issued version never changes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from visitation.models import Course


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    ISSUED = "issued", _("Udstedt")
    SUPERSEDED = "superseded", _("Erstattet")


class AcceptanceMethod(models.TextChoices):
    PAPER = "paper", _("Underskrevet på papir")
    DIGITAL = "digital", _("Underskrevet digitalt")
    MEETING = "meeting", _("Accepteret på møde")


class Agreement(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT)
    # The six required items and the rest, frozen on issue.
    content = models.JSONField(default=dict)
    reason = models.TextField(_("årsag til ny version"), blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    checksum = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    accepted_on = models.DateField(_("accepteret den"), null=True, blank=True)
    acceptance_method = models.CharField(_("accepteret ved"), max_length=16,
                                         choices=AcceptanceMethod.choices, blank=True)
    acceptance_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                               on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="+")
    # What caused an automatic version ("period:2" for an extension, "policy:7" for a policy
    # change): a course gets at most one agreement per key, so a retried task issues once.
    source_key = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("aftale om mentorstøtte")
        verbose_name_plural = _("aftaler om mentorstøtte")
        ordering: ClassVar[list[str]] = ["course", "-version", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["course", "version"],
                                    name="agreement_unique_version"),
            # At most one open draft per course, so two people cannot start two at once.
            models.UniqueConstraint(fields=["course"], condition=Q(status="draft"),
                                    name="agreement_one_draft_per_course"),
            models.UniqueConstraint(fields=["course", "source_key"],
                                    condition=~Q(source_key=""),
                                    name="agreement_unique_source_key"),
        ]

    def __str__(self) -> str:
        if self.version is None:
            return f"{_('Aftale')} ({_('kladde')})"
        return f"{_('Aftale')} {_('version')} {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT


class AgreementEvent(models.Model):
    """History of a course's agreements: drafts opened, changed, issued, accepted."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"


# Decision letters live in a module of their own; importing them here registers them with the
# app's model registry.
from agreements.models_letters import (  # noqa: E402, F401 (imported for Django's model registry)
    Letter,
    LetterEvent,
    LetterTemplate,
    PrintBatch,
)
