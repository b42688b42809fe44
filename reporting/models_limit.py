"""The spending limit of LAB § 203 a (bill L 77, 2025-26): what the municipality enters so
that the product can follow the year's spend against it.

The per-person amount is law data (``visitation/rules/law.json``, ``spending_limits``); the
number of full-time persons in the target groups is published by the ministry and entered (or
imported) by an administrator per year; the spend on "øvrig vejledning og opkvalificering"
(ØVO) is not held by the product and is entered (or imported) per month. Which cost kinds of
the product's own cost lines count against the limit, the warning thresholds and the run-rate
window are the municipality's settings. Every row keeps its history (who, when, why).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentor.models import Municipality

# The documented default: the municipality's payments for mentor support, i.e. providers'
# invoices and wage refunds to companies and institutions (LAB § 31 d / § 169). Internal
# mentors' time is valued at an internal rate the product estimates, not a payment; a
# municipality that books its mentor corps' wages on the mentor function adds it (verify with
# the finance department how the budget guarantee's accounts are kept).
DEFAULT_COUNTED_KINDS: tuple[str, ...] = ("invoice", "wage_refund")
DEFAULT_THRESHOLDS: tuple[int, ...] = (80, 95, 100)
DEFAULT_RUN_RATE_MONTHS = 6


def default_counted_kinds() -> list[str]:
    return list(DEFAULT_COUNTED_KINDS)


def default_thresholds() -> list[int]:
    return list(DEFAULT_THRESHOLDS)


class SpendingLimitSettings(models.Model):
    """One municipality's settings for following the limit."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE,
                                        related_name="spending_settings")
    counted_kinds = models.JSONField(_("udgiftstyper, der tæller med"),
                                     default=default_counted_kinds)
    thresholds = models.JSONField(_("varslingsgrænser (%)"), default=default_thresholds)
    run_rate_months = models.PositiveSmallIntegerField(
        _("måneder bag tempoet for nye forløb"), default=DEFAULT_RUN_RATE_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indstilling for udgiftsloftet")
        verbose_name_plural = _("indstillinger for udgiftsloftet")

    def __str__(self) -> str:
        return str(_("Udgiftsloft: indstillinger"))


class TargetGroupPersons(models.Model):
    """Full-time persons in the target groups of LAB § 6, nr. 1-10, for one year, as the
    ministry publishes them (the limit's basis)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="target_group_persons")
    year = models.PositiveSmallIntegerField(_("år"))
    full_time_persons = models.DecimalField(
        _("fuldtidspersoner"), max_digits=10, decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))])
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fuldtidspersoner i målgrupperne")
        verbose_name_plural = _("fuldtidspersoner i målgrupperne")
        ordering: ClassVar[list[str]] = ["-year"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["municipality", "year"],
                                    name="target_group_persons_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.full_time_persons}"


class OtherSpend(models.Model):
    """The municipality's spend on øvrig vejledning og opkvalificering in one month."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="other_spend")
    month = models.DateField(_("måned"))  # the month's first day
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("udgift til øvrig vejledning og opkvalificering")
        verbose_name_plural = _("udgifter til øvrig vejledning og opkvalificering")
        ordering: ClassVar[list[str]] = ["month"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["municipality", "month"],
                                    name="other_spend_once_a_month"),
            models.CheckConstraint(condition=models.Q(month__day=1),
                                   name="other_spend_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}: {self.amount}"


class SpendBasis(models.TextChoices):
    SPENT = "spent", _("forbrug")
    FORECAST = "forecast", _("prognose")


class SpendingLimitCrossing(models.Model):
    """A threshold passed in a year, on the spend so far or on the forecast: recorded once,
    when the sweep first saw it, and the managers were notified then."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="spending_crossings")
    year = models.PositiveSmallIntegerField()
    threshold = models.PositiveSmallIntegerField()
    basis = models.CharField(max_length=10, choices=SpendBasis.choices)
    share = models.DecimalField(max_digits=7, decimal_places=1)
    crossed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["crossed_at", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["municipality", "year", "threshold", "basis"],
                                    name="spending_crossing_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.basis} {self.threshold} %"

    def as_params(self) -> dict[str, Any]:
        return {"year": str(self.year), "threshold": self.threshold, "share": float(self.share)}
