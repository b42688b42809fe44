"""Changes to the spending limit's inputs (LAB § 203 a), and its warnings.

One function per change, atomic, recorded in the row's history with actor and reason:
the settings (counted cost kinds, warning thresholds, run-rate window: managers and
administrators), the full-time persons of a year and the monthly spend on other guidance and
upskilling (ØVO: administrators), entered one at a time or imported from a CSV file (all rows
or none). ``spending_warnings_check`` runs in the daily follow-up sweep: it records each
threshold the spend or the forecast passes, once, and notifies the managers then.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.models import Municipality, User
from mentor.permissions import (
    may_enter_spending_basis,
    may_set_spending_warnings,
)
from mentor.services import DomainError, NotPermitted, notify
from reporting.models import CostKind
from reporting.models_limit import (
    OtherSpend,
    SpendBasis,
    SpendingLimitCrossing,
    SpendingLimitSettings,
    TargetGroupPersons,
)
from reporting.selectors_money import limit_status, managers_of

MAX_THRESHOLDS: Final = 6
MAX_IMPORT_ROWS: Final = 500


def _record(row: object, actor: User, reason: str) -> None:
    row._history_user = actor  # type: ignore[attr-defined]
    row._change_reason = reason[:100]  # type: ignore[attr-defined]


@transaction.atomic
def spending_settings_update(*, actor: User, municipality: Municipality,
                             counted_kinds: list[str], thresholds: list[int],
                             run_rate_months: int, reason: str = "") -> SpendingLimitSettings:
    """Set which cost kinds count against the limit, the warning thresholds (per cent of the
    limit) and the months behind the forecast's pace of new courses."""
    if not may_set_spending_warnings(actor):
        raise NotPermitted(_("Kun ledere og administratorer kan ændre varslingen."))
    unknown = [k for k in counted_kinds if k not in CostKind.values]
    if unknown or not counted_kinds:
        raise DomainError(_("Vælg mindst én udgiftstype, der tæller med."))
    cleaned = sorted(set(thresholds))
    if not cleaned or len(cleaned) > MAX_THRESHOLDS or any(not 1 <= t <= 200 for t in cleaned):
        raise DomainError(_("Angiv 1–%(n)s varslingsgrænser mellem 1 og 200 %%.")
                          % {"n": MAX_THRESHOLDS})
    if not 1 <= run_rate_months <= 24:
        raise DomainError(_("Tempoet for nye forløb skal bygge på 1–24 måneder."))
    settings = (SpendingLimitSettings.objects.select_for_update()
                .filter(municipality=municipality).first()
                or SpendingLimitSettings(municipality=municipality))
    settings.counted_kinds = sorted(counted_kinds, key=CostKind.values.index)
    settings.thresholds = cleaned
    settings.run_rate_months = run_rate_months
    settings.updated_by = actor
    _record(settings, actor, reason or "Varsling ændret")
    settings.save()
    return settings


@transaction.atomic
def target_persons_set(*, actor: User, municipality: Municipality, year: int,
                       full_time_persons: Decimal, source: str = "",
                       reason: str = "") -> TargetGroupPersons:
    """The full-time persons in the target groups for ``year`` (new or corrected)."""
    if not may_enter_spending_basis(actor):
        raise NotPermitted(_("Kun en administrator kan indtaste grundlaget for udgiftsloftet."))
    if full_time_persons < 0:
        raise DomainError(_("Antallet af fuldtidspersoner kan ikke være negativt."))
    if not 2000 <= year <= 2999:
        raise DomainError(_("Angiv et gyldigt år."))
    row = (TargetGroupPersons.objects.select_for_update()
           .filter(municipality=municipality, year=year).first()
           or TargetGroupPersons(municipality=municipality, year=year))
    row.full_time_persons = full_time_persons
    row.source = source
    row.entered_by = actor
    _record(row, actor, reason or ("Rettet" if row.pk else "Indtastet"))
    row.save()
    return row


@transaction.atomic
def other_spend_set(*, actor: User, municipality: Municipality, month: datetime.date,
                    amount: Decimal, note: str = "", reason: str = "") -> OtherSpend:
    """The month's spend on øvrig vejledning og opkvalificering (new or corrected)."""
    if not may_enter_spending_basis(actor):
        raise NotPermitted(_("Kun en administrator kan indtaste grundlaget for udgiftsloftet."))
    if amount < 0:
        raise DomainError(_("Beløbet kan ikke være negativt."))
    month = month.replace(day=1)
    row = (OtherSpend.objects.select_for_update()
           .filter(municipality=municipality, month=month).first()
           or OtherSpend(municipality=municipality, month=month))
    row.amount = amount
    row.note = note
    row.entered_by = actor
    _record(row, actor, reason or ("Rettet" if row.pk else "Indtastet"))
    row.save()
    return row


# --- Import from CSV -----------------------------------------------------------------------

IMPORT_PERSONS: Final = "persons"
IMPORT_OTHER: Final = "other"
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_MONTH_FORMS = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(-01)?$"),
    re.compile(r"^(?P<month>\d{1,2})[-./](?P<year>\d{4})$"),
)


def parse_amount(text: str) -> Decimal:
    """A number as Danish Excel writes it ("1.234.567,89", "1234567,89"), or with a decimal
    point ("1234567.89"). ValueError for anything else."""
    value = text.strip().replace(" ", "").replace("\xa0", "").removesuffix("kr.").strip()
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _GROUPED.match(value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return number


def parse_month(text: str) -> datetime.date:
    value = text.strip()
    for form in _MONTH_FORMS:
        match = form.match(value)
        if match:
            return datetime.date(int(match["year"]), int(match["month"]), 1)
    raise ValueError(text)


@dataclass(frozen=True)
class ImportRow:
    line: int
    key: int | datetime.date
    amount: Decimal
    note: str


def parse_import(text: str, what: str) -> list[ImportRow]:
    """The rows of an import file: ``år;fuldtidspersoner[;kilde]`` or
    ``måned;beløb[;bemærkning]``, separated by semicolons (Danish Excel) or commas; a first
    line that is not data is taken as headings. DomainError names the first bad line."""
    sample = text[:2048]
    delimiter = ";" if ";" in sample or "," not in sample else ","
    rows: list[ImportRow] = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter),
                                   start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        try:
            if len(cells) < 2:
                raise ValueError
            key: int | datetime.date
            if what == IMPORT_PERSONS:
                if not re.fullmatch(r"\d{4}", cells[0]):
                    raise ValueError
                key = int(cells[0])
            else:
                key = parse_month(cells[0])
            amount = parse_amount(cells[1])
        except ValueError as error:
            if number == 1 and not rows:
                continue  # headings
            raise DomainError(_("Linje %(n)s kan ikke læses: %(text)s.") % {
                "n": number, "text": repr(";".join(cells)[:80])}) from error
        if amount < 0:
            raise DomainError(_("Linje %(n)s: beløbet kan ikke være negativt.") % {"n": number})
        rows.append(ImportRow(number, key, amount, cells[2][:300] if len(cells) > 2 else ""))
        if len(rows) > MAX_IMPORT_ROWS:
            raise DomainError(_("Filen har mere end %(n)s linjer.") % {"n": MAX_IMPORT_ROWS})
    if not rows:
        raise DomainError(_("Filen indeholder ingen linjer, der kan læses."))
    keys = [row.key for row in rows]
    if len(keys) != len(set(keys)):
        raise DomainError(_("Filen nævner samme år eller måned to gange."))
    return rows


@transaction.atomic
def spending_import(*, actor: User, municipality: Municipality, text: str,
                    what: str) -> int:
    """Import full-time persons per year or ØVO per month from a CSV file: every row, or
    (on any bad row) none. Returns how many rows were saved."""
    if not may_enter_spending_basis(actor):
        raise NotPermitted(_("Kun en administrator kan indtaste grundlaget for udgiftsloftet."))
    rows = parse_import(text, what)
    for row in rows:
        if isinstance(row.key, datetime.date):
            other_spend_set(actor=actor, municipality=municipality, month=row.key,
                            amount=row.amount, note=row.note, reason="Importeret fra fil")
        else:
            target_persons_set(actor=actor, municipality=municipality, year=row.key,
                               full_time_persons=row.amount, source=row.note,
                               reason="Importeret fra fil")
    return len(rows)


# --- Warnings ------------------------------------------------------------------------------

WARNING_CODES: Final[dict[str, str]] = {SpendBasis.SPENT: "spending_limit_spent",
                                         SpendBasis.FORECAST: "spending_limit_forecast"}


def spending_warnings_check(*, today: datetime.date | None = None) -> int:
    """Record every threshold that this year's spend so far, or its forecast, has reached in
    a municipality with a limit, and notify its managers: once per threshold, basis and year
    (the crossing row is unique; the notifications carry a dedupe key), so that the sweep can
    run any number of times. Returns how many crossings were new."""
    today = today or timezone.localdate()
    new = 0
    for municipality in Municipality.objects.filter(
            target_group_persons__year=today.year).order_by("id"):
        status = limit_status(municipality, today.year, today)
        if status.limit is None:
            continue
        shares = {SpendBasis.SPENT: status.spent_share,
                  SpendBasis.FORECAST: status.forecast_share}
        seen = {(c.threshold, c.basis) for c in status.crossings}
        for state in status.thresholds:
            for basis, reached in ((SpendBasis.SPENT, state.spent),
                                   (SpendBasis.FORECAST, state.forecast)):
                if not reached or (state.threshold, basis) in seen:
                    continue
                if _crossing_record(municipality, today.year, state.threshold, basis,
                                    shares[basis] or Decimal(0)):
                    new += 1
    return new


def _crossing_record(municipality: Municipality, year: int, threshold: int, basis: str,
                     share: Decimal) -> bool:
    """The crossing and its notifications, in one transaction; False when another sweep
    recorded it first."""
    try:
        with transaction.atomic():
            crossing = SpendingLimitCrossing.objects.create(
                municipality=municipality, year=year, threshold=threshold, basis=basis,
                share=share, crossed_at=timezone.now())
            url = f"{reverse('money_limit')}?year={year}"
            for manager in managers_of(municipality):
                notify(user=manager, code=WARNING_CODES[basis], params=crossing.as_params(),
                       url=url, dedupe_key=(f"spending-limit:{municipality.pk}:{year}:"
                                            f"{threshold}:{basis}:{manager.pk}"))
    except IntegrityError:
        return False
    return True
