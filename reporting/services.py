"""Cost lines: what the municipality spends on each course.

A cost line is pre-filled from the hours journaled on the course in its period, priced at the
provider's framework-agreement hourly price (an invoice, or a wage refund when a company or an
education institution is bought free under LAB § 31 d). Internal mentors' time is a line of its
own kind: hours, valued at the municipality's internal hourly rate where one is set. Only an
administrator creates, changes or deletes a line; every change is kept in the line's history
with actor, time and reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from mentor import caching
from mentor.models import Municipality, Provider, ProviderKind, User
from mentor.permissions import is_administrator, may_register_provider_costs
from mentor.selectors import policy_in_force
from mentor.services import DomainError, NotPermitted
from reporting.models import CostKind, CostLine
from visitation.models import Course, JournalEntry

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostSuggestion:
    """What a new line would hold: hours from the journal, priced at ``rate``."""

    kind: str
    hours: Decimal
    rate: Decimal | None
    amount: Decimal


def default_kind(provider: Provider) -> str:
    if provider.kind == ProviderKind.INTERNAL:
        return CostKind.INTERNAL
    if provider.is_section_31d:
        return CostKind.WAGE_REFUND
    return CostKind.INVOICE


def _counted_journal(course_ref: Any, start: datetime.date, end: datetime.date) -> Any:
    """Journal entries of a course in [start, end], a corrected entry replaced by its correction."""
    return (JournalEntry.objects
            .filter(course=course_ref, contact_date__gte=start, contact_date__lte=end)
            .exclude(Exists(JournalEntry.objects.filter(corrects=OuterRef("pk")))))


def journaled_hours(course: Course, start: datetime.date, end: datetime.date) -> Decimal:
    minutes = _counted_journal(course, start, end).aggregate(
        minutes=Sum("duration_minutes"))["minutes"] or 0
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def hourly_rate(*, kind: str, provider: Provider, municipality: Municipality,
                on: datetime.date) -> Decimal | None:
    """The price of an hour: the framework agreement's, or the internal rate for internal time."""
    if kind == CostKind.INTERNAL:
        policy = policy_in_force(municipality, on)
        return policy.internal_hourly_rate if policy is not None else None
    return provider.hourly_price


def price(hours: Decimal, rate: Decimal | None) -> Decimal:
    return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP) if rate is not None else \
        Decimal("0.00")


def suggest(*, course: Course, provider: Provider, kind: str, period_start: datetime.date,
            period_end: datetime.date) -> CostSuggestion:
    """The pre-filled line for a course and period: journaled hours × the hourly price."""
    hours = journaled_hours(course, period_start, period_end)
    rate = hourly_rate(kind=kind, provider=provider, municipality=course.team.municipality,
                       on=period_end)
    return CostSuggestion(kind=kind, hours=hours, rate=rate, amount=price(hours, rate))


def _check_actor(actor: User, provider: Provider | None = None) -> None:
    """Administrators; and, for a new line, the provider's own API client (hours and
    invoices from the provider's system)."""
    if is_administrator(actor):
        return
    if provider is not None and may_register_provider_costs(actor, provider):
        return
    raise NotPermitted(_("Kun en administrator kan registrere og rette udgifter."))


def _check_line(*, course: Course, provider: Provider, kind: str, period_start: datetime.date,
                period_end: datetime.date, hours: Decimal, amount: Decimal) -> None:
    if period_end < period_start:
        raise DomainError(_("Periodens slutdato ligger før startdatoen."))
    course_end = course.ended_on or course.end_date
    if period_start > course_end or period_end < course.start_date:
        raise DomainError(_("Perioden ligger uden for mentorforløbets periode (%(start)s–%(end)s).")
                          % {"start": f"{course.start_date:%d.%m.%Y}",
                             "end": f"{course_end:%d.%m.%Y}"})
    if hours < 0 or amount < 0:
        raise DomainError(_("Timer og beløb kan ikke være negative."))
    if provider.municipality_id != course.team.municipality_id:
        raise DomainError(_("Leverandøren hører til en anden kommune end mentorforløbet."))
    if kind == CostKind.INTERNAL and provider.kind != ProviderKind.INTERNAL:
        raise DomainError(_("Intern mentortid kan kun registreres på det interne mentorkorps."))
    if kind != CostKind.INTERNAL and provider.kind == ProviderKind.INTERNAL:
        raise DomainError(_("Det interne mentorkorps fakturerer ikke; registrér intern "
                            "mentortid i stedet."))
    if kind == CostKind.WAGE_REFUND and not provider.is_section_31d:
        raise DomainError(_("Lønrefusion (frikøb) gælder kun virksomheder og "
                            "uddannelsesinstitutioner efter LAB § 31 d."))


def _check_duplicate(line: CostLine) -> None:
    duplicate = CostLine.objects.filter(
        course_id=line.course_id, provider_id=line.provider_id, kind=line.kind,
        period_start=line.period_start, period_end=line.period_end).exclude(pk=line.pk)
    if duplicate.exists():
        raise DomainError(_("Der findes allerede en udgiftslinje af denne type for forløbet og "
                            "perioden."))


@transaction.atomic
def cost_line_create(*, actor: User, course: Course, provider: Provider, kind: str,
                     period_start: datetime.date, period_end: datetime.date,
                     hours: Decimal | None = None, amount: Decimal | None = None,
                     note: str = "") -> CostLine:
    """A new cost line. Hours left out are taken from the journal; an amount left out is the
    hours at the hourly price."""
    _check_actor(actor, provider)
    # Serialise lines for the same course so that two administrators cannot add the same one.
    course = Course.objects.select_for_update().select_related("team").get(pk=course.pk)
    if hours is None or amount is None:
        suggestion = suggest(course=course, provider=provider, kind=kind,
                             period_start=period_start, period_end=period_end)
        hours = suggestion.hours if hours is None else hours
        amount = price(hours, suggestion.rate) if amount is None else amount
    _check_line(course=course, provider=provider, kind=kind, period_start=period_start,
                period_end=period_end, hours=hours, amount=amount)
    line = CostLine(course=course, provider=provider, kind=kind, period_start=period_start,
                    period_end=period_end, hours=hours, amount=amount, note=note,
                    created_by=actor)
    _check_duplicate(line)
    line._history_user = actor  # type: ignore[attr-defined]
    line._change_reason = "Oprettet"  # type: ignore[attr-defined]
    line.save()
    caching.bump(caching.COSTS)
    return line


EDITABLE_FIELDS = ("provider", "kind", "period_start", "period_end", "hours", "amount", "note")


@transaction.atomic
def cost_line_update(*, actor: User, cost_line: CostLine, reason: str = "",
                     **fields: Any) -> CostLine:
    """Change a line (administrators only); the history keeps the previous values."""
    _check_actor(actor)
    line = CostLine.objects.select_for_update().select_related("course__team").get(
        pk=cost_line.pk)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"cost_line_update() got an unexpected field {name!r}")
        setattr(line, name, value)
    _check_line(course=line.course, provider=line.provider, kind=line.kind,
                period_start=line.period_start, period_end=line.period_end, hours=line.hours,
                amount=line.amount)
    _check_duplicate(line)
    line._history_user = actor  # type: ignore[attr-defined]
    line._change_reason = reason or "Rettet"  # type: ignore[attr-defined]
    line.save()
    caching.bump(caching.COSTS)
    return line


@transaction.atomic
def cost_line_delete(*, actor: User, cost_line: CostLine, reason: str) -> None:
    """Remove a line registered in error; the history keeps it with the reason."""
    _check_actor(actor)
    if not reason.strip():
        raise DomainError(_("Angiv hvorfor udgiftslinjen slettes."))
    line = CostLine.objects.select_for_update().get(pk=cost_line.pk)
    line._history_user = actor  # type: ignore[attr-defined]
    line._change_reason = reason[:100]  # type: ignore[attr-defined]
    line.delete()
    caching.bump(caching.COSTS)


@transaction.atomic
def cost_lines_generate(*, actor: User, period_start: datetime.date,
                        period_end: datetime.date) -> int:
    """Pre-fill a line for every course with journaled time in the period and no line of its
    provider for exactly that period. Safe to run twice: the second run adds nothing.

    Returns how many lines were created.
    """
    _check_actor(actor)
    if period_end < period_start:
        raise DomainError(_("Periodens slutdato ligger før startdatoen."))
    minutes = (_counted_journal(OuterRef("pk"), period_start, period_end)
               .order_by().values("course").annotate(m=Sum("duration_minutes")).values("m"))
    has_line = CostLine.objects.filter(course=OuterRef("pk"), provider=OuterRef("provider"),
                                       period_start=period_start, period_end=period_end)
    courses = (Course.objects
               .annotate(minutes=Subquery(minutes), has_line=Exists(has_line))
               .filter(Q(minutes__gt=0), has_line=False)
               .select_related("provider", "team__municipality")
               .select_for_update(of=("self",)))
    rates: dict[int, Decimal | None] = {}
    lines: list[CostLine] = []
    for course in courses:
        municipality = course.team.municipality
        kind = default_kind(course.provider)
        if kind == CostKind.INTERNAL:
            if municipality.pk not in rates:
                rates[municipality.pk] = hourly_rate(kind=kind, provider=course.provider,
                                                     municipality=municipality, on=period_end)
            rate = rates[municipality.pk]
        else:
            rate = course.provider.hourly_price
        hours = (Decimal(course.minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)
        lines.append(CostLine(
            course=course, provider=course.provider, kind=kind,
            period_start=max(period_start, course.start_date),
            period_end=min(period_end, course.ended_on or course.end_date),
            hours=hours, amount=price(hours, rate), created_by=actor,
            note="Forudfyldt fra journalen"))
    # Clipped to the course, a period may differ from the one asked for; skip lines that exist.
    existing = set(CostLine.objects.filter(
        course_id__in=[line.course_id for line in lines],
        period_start__gte=period_start, period_end__lte=period_end)
        .values_list("course_id", "provider_id", "period_start", "period_end"))
    new = [line for line in lines if (line.course_id, line.provider_id, line.period_start,
                                      line.period_end) not in existing]
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(new, CostLine, default_user=actor,
                             default_change_reason="Forudfyldt fra journalen")
    if new:
        caching.bump(caching.COSTS)
    return len(new)
