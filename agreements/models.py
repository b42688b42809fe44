"""Written agreements (aftale om mentorstøtte), versioned: an issued version never changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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

    class Meta:
        verbose_name = _("aftale om mentorstøtte")
        verbose_name_plural = _("aftaler om mentorstøtte")
        ordering = ["course", "-version", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "version"],
                                    name="agreement_unique_version"),
        ]
