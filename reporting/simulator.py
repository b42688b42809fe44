"""The policy simulator: what would another service level mean for the current caseload?

Slagelse's committee asked whether another service level would save money. The simulator takes
an alternative policy (hours per week per level, review interval per level, contact interval in
right-and-duty courses) and compares it, for the courses open today, with the policy in force:

- hours: each open course's granted hours per week, moved into the alternative level's band
  (raised to its lower bound, capped at its upper bound); per month = per week × 52 / 12;
- external spend: those hours at the provider's framework-agreement hourly price (internal
  mentors' hours are valued apart, at the internal hourly rate where one is set);
- reviews per month: open courses at a level / the level's review interval in months (the
  review before a period ends is the same under both policies and is left out);
- contacts per month in right-and-duty courses: 30.44 days / the contact interval.

Everything is summed in one grouped database query; Python only combines the level rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FloatField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least
from django.utils.translation import gettext as _

from mentor.models import DecisionKind, Municipality, PolicyVersion, ProviderKind
from mentor.selectors import policy_in_force
from visitation.models import Course, CourseStatus

LEVELS: Final = (1, 2, 3)
WEEKS_PER_MONTH: Final = Decimal(52) / Decimal(12)
DAYS_PER_MONTH: Final = 365.25 / 12


@dataclass(frozen=True)
class LevelRule:
    min_hours: Decimal | None
    max_hours: Decimal | None
    review_months: int


@dataclass(frozen=True)
class AlternativePolicy:
    levels: dict[int, LevelRule]
    contact_days: int | None = None  # None: keep each course's current interval


@dataclass(frozen=True)
class Measure:
    """One figure per month under the policy in force and the alternative."""

    label: str
    unit: str
    current: Decimal
    alternative: Decimal

    @property
    def change(self) -> Decimal:
        return self.alternative - self.current

    @property
    def change_percent(self) -> Decimal | None:
        if not self.current:
            return None
        return (Decimal(100) * self.change / self.current).quantize(Decimal("0.1"),
                                                                    ROUND_HALF_UP)


@dataclass
class LevelRow:
    level: int
    courses: int
    hours_week: Decimal
    alt_hours_week: Decimal
    review_months: int
    alt_review_months: int


@dataclass
class Simulation:
    courses: int
    measures: list[Measure]
    levels: list[LevelRow]
    policy: PolicyVersion | None
    internal_rate: Decimal | None
    warnings: list[str] = field(default_factory=list)


def _dec(value: Decimal) -> Cast:
    return Cast(Value(value), output_field=DecimalField(max_digits=8, decimal_places=2))


def _alternative_hours(policy: AlternativePolicy) -> Case:
    """Each course's hours per week moved into its level's band under the alternative."""
    whens = []
    for level, rule in policy.levels.items():
        expr: Any = F("hours_per_week")
        if rule.max_hours is not None:
            expr = Least(expr, _dec(rule.max_hours))
        if rule.min_hours is not None:
            expr = Greatest(expr, _dec(rule.min_hours))
        whens.append(When(service_level=level, then=expr))
    return Case(*whens, default=F("hours_per_week"),
                output_field=DecimalField(max_digits=8, decimal_places=2))


def open_caseload(municipality: Municipality, today: datetime.date) -> Any:
    return Course.objects.filter(team__municipality=municipality,
                                 status__in=(CourseStatus.ACTIVE, CourseStatus.EXTENDED),
                                 start_date__lte=today).order_by()


def _current_levels(version: PolicyVersion | None) -> dict[int, int]:
    from mentor.services import DEFAULT_LEVELS

    if version is None:
        return {level: months for level, (_, _, months) in DEFAULT_LEVELS.items()}
    return {lvl.level: lvl.review_interval_months for lvl in version.service_levels.all()}


def legal_warnings(policy: AlternativePolicy, on: datetime.date) -> list[str]:
    """Where the alternative would be looser than the law in force on ``on`` (Danish)."""
    from visitation.rules import PolicyError, parse_policy, validate_policy_against_law

    data: dict[str, Any] = {"service_levels": {
        str(level): {"min_hours_per_week": float(rule.min_hours or 0),
                     "max_hours_per_week": (None if rule.max_hours is None
                                            else float(rule.max_hours)),
                     "review_interval_months": rule.review_months}
        for level, rule in policy.levels.items()}}
    if policy.contact_days is not None:
        data["right_and_duty_contact_days"] = policy.contact_days
    try:
        return validate_policy_against_law(parse_policy(data), on, lang="da")
    except PolicyError as exc:
        return [getattr(exc, "message_da", str(exc))]


def simulate(*, municipality: Municipality, policy: AlternativePolicy,
             today: datetime.date) -> Simulation:
    version = policy_in_force(municipality, today)
    internal_rate = version.internal_hourly_rate if version is not None else None
    alt_hours = _alternative_hours(policy)
    external = ~Q(provider__kind=ProviderKind.INTERNAL)
    internal = Q(provider__kind=ProviderKind.INTERNAL)
    right_and_duty = Q(kind=DecisionKind.RIGHT_AND_DUTY, min_contact_days__isnull=False)
    money = DecimalField(max_digits=14, decimal_places=2)
    contacts_per_month = (Value(DAYS_PER_MONTH) / Cast("min_contact_days", FloatField()))
    rows = {row["service_level"]: row for row in (
        open_caseload(municipality, today).values("service_level").annotate(
            courses=Count("id"),
            hours=Sum("hours_per_week"),
            alt_hours=Sum(alt_hours),
            spend=Sum(F("hours_per_week") * F("provider__hourly_price"), filter=external,
                      output_field=money),
            alt_spend=Sum(alt_hours * F("provider__hourly_price"), filter=external,
                          output_field=money),
            internal_hours=Sum("hours_per_week", filter=internal),
            alt_internal_hours=Sum(alt_hours, filter=internal),
            rd_courses=Count("id", filter=right_and_duty),
            contacts=Sum(contacts_per_month, filter=right_and_duty, output_field=FloatField()),
        ).order_by())}

    def total(key: str) -> Decimal:
        return sum((Decimal(str(row[key] or 0)) for row in rows.values()), Decimal(0))

    current_months = _current_levels(version)
    levels = [LevelRow(level, rows.get(level, {}).get("courses", 0),
                       Decimal(rows.get(level, {}).get("hours") or 0),
                       Decimal(rows.get(level, {}).get("alt_hours") or 0),
                       current_months.get(level, 1), policy.levels[level].review_months)
              for level in LEVELS]
    reviews = sum((Decimal(r.courses) / r.review_months for r in levels), Decimal(0))
    alt_reviews = sum((Decimal(r.courses) / r.alt_review_months for r in levels), Decimal(0))
    contacts = total("contacts")
    alt_contacts = (Decimal(str(DAYS_PER_MONTH)) * total("rd_courses") / policy.contact_days
                    if policy.contact_days else contacts)
    rate = internal_rate or Decimal(0)
    measures = [
        Measure(_("Timer pr. måned"), _("timer"), total("hours") * WEEKS_PER_MONTH,
                total("alt_hours") * WEEKS_PER_MONTH),
        Measure(_("Eksterne udgifter pr. måned"), "kr.", total("spend") * WEEKS_PER_MONTH,
                total("alt_spend") * WEEKS_PER_MONTH),
        Measure(_("Interne mentortimer pr. måned"), _("timer"),
                total("internal_hours") * WEEKS_PER_MONTH,
                total("alt_internal_hours") * WEEKS_PER_MONTH),
    ]
    if internal_rate:
        measures.append(Measure(_("Intern mentortid pr. måned (intern timepris)"), "kr.",
                                total("internal_hours") * WEEKS_PER_MONTH * rate,
                                total("alt_internal_hours") * WEEKS_PER_MONTH * rate))
    measures += [
        Measure(_("Opfølgninger pr. måned"), "", reviews, alt_reviews),
        Measure(_("Kontakter pr. måned i ret og pligt-forløb"), "", contacts, alt_contacts),
    ]
    rounded = [Measure(m.label, m.unit, _round(m.current, m.unit), _round(m.alternative, m.unit))
               for m in measures]
    return Simulation(courses=sum(r.courses for r in levels), measures=rounded, levels=levels,
                      policy=version, internal_rate=internal_rate,
                      warnings=legal_warnings(policy, today))


def _round(value: Decimal, unit: str) -> Decimal:
    step = Decimal("1") if unit == "kr." else Decimal("0.1")
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)
