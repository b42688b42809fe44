"""Cost lines: what the municipality spends on each course."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor.models import Provider
from visitation.models import Course


class CostKind(models.TextChoices):
    INVOICE = "invoice", _("Leverandørfaktura")
    WAGE_REFUND = "wage_refund", _("Lønrefusion (frikøb, LAB § 31 d)")
    INTERNAL = "internal", _("Intern mentortid")


class CostLine(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cost_lines")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="cost_lines")
    kind = models.CharField(_("type"), max_length=16, choices=CostKind.choices)
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    hours = models.DecimalField(_("timer"), max_digits=8, decimal_places=2, default=0)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=12, decimal_places=2, default=0)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("udgiftslinje")
        verbose_name_plural = _("udgiftslinjer")
        ordering: ClassVar[list[str]] = ["-period_start", "-id"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["period_start", "kind"])]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["course", "provider", "kind", "period_start", "period_end"],
                name="cost_line_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"


# The spending limit's inputs (LAB § 203 a) live in their own module; imported here so that
# Django finds the models.
from reporting.models_limit import (  # noqa: E402
    OtherSpend,
    SpendingLimitCrossing,
    SpendingLimitSettings,
    TargetGroupPersons,
)

__all__ = ["CostKind", "CostLine", "OtherSpend", "SpendingLimitCrossing",
           "SpendingLimitSettings", "TargetGroupPersons"]
