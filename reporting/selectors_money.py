"""Reads for following the money: the spending limit of LAB § 203 a with its forecast, hour
norms per task, providers against their framework prices, and monthly trends.

Each page reads a fixed number of queries whatever the number of rows: the database sums and
groups; Python prices the open courses (a few thousand rows at most) and pivots the groups.
Amounts are ``Decimal`` throughout.

Counting rules (the same as the dashboard's, ``reporting.selectors``):
- a cost line counts in the year or month in which its ``period_start`` lies;
- a course counts in a period when it overlaps it (start on or before the period's last day,
  end (``ended_on``, else ``end_date``) on or after its first day).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.db.models import (
    Count,
    DateField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mentor.models import MentorTask, Municipality, Provider, ProviderKind, Role, User
from mentor.selectors import policy_in_force
from reporting.models import CostKind, CostLine
from reporting.models_limit import (
    DEFAULT_COUNTED_KINDS,
    DEFAULT_RUN_RATE_MONTHS,
    DEFAULT_THRESHOLDS,
    OtherSpend,
    SpendBasis,
    SpendingLimitCrossing,
    SpendingLimitSettings,
    TargetGroupPersons,
)
from reporting.periods import MONTH_NAMES, Period
from reporting.schemes import scheme_case, scheme_label, scheme_order
from reporting.tables import COUNT, HOURS, MONEY, PERCENT, Column, Table, one_decimal, small, whole
from visitation import rules
from visitation.models import Course, CourseStatus, JournalEntry, Referral
from visitation.rules.dates import add_months

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")
OPEN_STATUSES: Final = (CourseStatus.ACTIVE, CourseStatus.EXTENDED)
EXTERNAL_KINDS: Final = (CostKind.INVOICE, CostKind.WAGE_REFUND)
FIRST_LIMIT_YEAR: Final = 2026  # LAB § 203 a is in force from 1 January 2026
WEEKS_PER_MONTH: Final = Decimal(52) / Decimal(12)
DEFAULT_NORM_THRESHOLD: Final = 50  # per cent from the norm
TREND_YEARS: Final = 4  # this year and the three before it


def money_municipality(user: User) -> Municipality | None:
    """The municipality whose money the user follows: that of their teams; for a manager or
    administrator without a team, the organisation's (the first), as on the policy pages."""
    if user.team_ids:
        return (Municipality.objects.filter(teams__in=user.team_ids).order_by("id").first())
    return Municipality.objects.order_by("id").first()


def cost_kind_of(provider_kind: str) -> str:
    """The kind of cost a course's provider bills (``reporting.services.default_kind``)."""
    if provider_kind == ProviderKind.INTERNAL:
        return CostKind.INTERNAL
    if provider_kind in (ProviderKind.COMPANY, ProviderKind.EDUCATION):
        return CostKind.WAGE_REFUND
    return CostKind.INVOICE


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(part: Decimal, whole_: Decimal | None) -> Decimal | None:
    if not whole_:
        return None
    return (Decimal(100) * part / whole_).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- The spending limit --------------------------------------------------------------------


def spending_settings(municipality: Municipality) -> SpendingLimitSettings:
    """The municipality's settings, or the documented defaults (unsaved) when none are set."""
    found = SpendingLimitSettings.objects.filter(municipality=municipality).first()
    return found or SpendingLimitSettings(
        municipality=municipality, counted_kinds=list(DEFAULT_COUNTED_KINDS),
        thresholds=list(DEFAULT_THRESHOLDS), run_rate_months=DEFAULT_RUN_RATE_MONTHS)


@dataclass(frozen=True)
class ThresholdState:
    threshold: int
    spent: bool  # the spend so far has reached it
    forecast: bool  # the forecast for the year reaches it
    crossed: dict[str, datetime.datetime]  # basis -> when the sweep first saw it


@dataclass
class LimitStatus:
    """The year's limit, the spend that counts against it and the forecast to year end.

    Forecast = mentor spend so far (cost lines of the counted kinds, by the line's period)
    + ØVO entered so far + what open courses cost from the day after their last cost line to
    their end (within the year) at their granted hours and the provider's price
    + new courses at the recent pace + ØVO for the months not entered (their average so far).
    """

    year: int
    as_of: datetime.date
    law: rules.SpendingLimit | None
    persons: TargetGroupPersons | None
    settings: SpendingLimitSettings
    mentor_spent: Decimal = ZERO
    other_months: list[OtherSpend] = field(default_factory=list)
    open_courses: Decimal = ZERO
    open_course_count: int = 0
    new_courses: Decimal = ZERO
    new_per_month: Decimal = ZERO  # monthly cost that a month's new courses add
    new_course_count: int = 0  # courses started in the run-rate window
    average_months: Decimal = ZERO  # their average granted length in months
    remaining_months: int = 0
    window: tuple[datetime.date, datetime.date] | None = None
    other_forecast: Decimal = ZERO
    crossings: list[SpendingLimitCrossing] = field(default_factory=list)

    @property
    def limit(self) -> Decimal | None:
        if self.law is None or self.persons is None:
            return None
        return _money(self.persons.full_time_persons * Decimal(self.law.per_person_dkk))

    @property
    def other_spent(self) -> Decimal:
        return sum((row.amount for row in self.other_months), ZERO)

    @property
    def spent(self) -> Decimal:
        return self.mentor_spent + self.other_spent

    @property
    def forecast(self) -> Decimal:
        return self.spent + self.open_courses + self.new_courses + self.other_forecast

    @property
    def spent_share(self) -> Decimal | None:
        return _share(self.spent, self.limit)

    @property
    def forecast_share(self) -> Decimal | None:
        return _share(self.forecast, self.limit)

    @property
    def headroom(self) -> Decimal | None:
        return None if self.limit is None else self.limit - self.forecast

    @property
    def thresholds(self) -> list[ThresholdState]:
        spent, forecast = self.spent_share, self.forecast_share
        crossed: dict[int, dict[str, datetime.datetime]] = defaultdict(dict)
        for crossing in self.crossings:
            crossed[crossing.threshold][crossing.basis] = crossing.crossed_at
        return [ThresholdState(t, spent is not None and spent >= t,
                               forecast is not None and forecast >= t, crossed[t])
                for t in sorted(self.settings.thresholds)]

    @property
    def highest_reached(self) -> ThresholdState | None:
        reached = [t for t in self.thresholds if t.spent or t.forecast]
        return reached[-1] if reached else None


def _course_kind_q(kinds: Iterable[str], prefix: str = "") -> Q:
    """Courses whose provider bills one of ``kinds``."""
    by_kind: dict[str, list[str]] = {CostKind.INTERNAL: [ProviderKind.INTERNAL],
               CostKind.WAGE_REFUND: [ProviderKind.COMPANY, ProviderKind.EDUCATION],
               CostKind.INVOICE: [ProviderKind.EXTERNAL, ProviderKind.VOLUNTEER]}
    provider_kinds = [pk for kind in kinds for pk in by_kind.get(kind, [])]
    return Q(**{f"{prefix}provider__kind__in": provider_kinds})


def _hourly_price(provider_kind: str, price: Decimal | None,
                  internal_rate: Decimal | None) -> Decimal:
    if provider_kind == ProviderKind.INTERNAL:
        return internal_rate or ZERO
    return price or ZERO


def _months_left(as_of: datetime.date) -> int:
    """Whole months of the year after ``as_of``'s month."""
    return 12 - as_of.month


def limit_status(municipality: Municipality, year: int, today: datetime.date) -> LimitStatus:
    """The limit for ``year`` as it stands on ``today`` (see ``LimitStatus``). A past year
    has no forecast beyond its spend; a year not yet begun has spend only in its forecast."""
    settings = spending_settings(municipality)
    kinds = [k for k in settings.counted_kinds if k in CostKind.values]
    status = LimitStatus(
        year=year, as_of=min(today, datetime.date(year, 12, 31)),
        law=rules.spending_limit(year),
        persons=TargetGroupPersons.objects.filter(municipality=municipality, year=year).first(),
        settings=settings)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    status.mentor_spent = CostLine.objects.filter(
        course__team__municipality=municipality, kind__in=kinds, period_start__gte=first,
        period_start__lte=last).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    status.other_months = list(OtherSpend.objects.filter(
        municipality=municipality, month__gte=first, month__lte=last).order_by("month"))
    status.crossings = list(SpendingLimitCrossing.objects.filter(
        municipality=municipality, year=year))
    if today > last:
        return status  # the year is over: its spend is its outcome
    policy = policy_in_force(municipality, today)
    internal_rate = policy.internal_hourly_rate if policy is not None else None
    _forecast_open_courses(status, municipality, kinds, internal_rate, today)
    _forecast_new_courses(status, municipality, kinds, internal_rate, today)
    entered = {row.month for row in status.other_months}
    if entered:
        average = status.other_spent / len(entered)
        missing = 12 - len(entered)
        status.other_forecast = _money(average * missing)
    return status


def _forecast_open_courses(status: LimitStatus, municipality: Municipality,
                           kinds: list[str], internal_rate: Decimal | None,
                           today: datetime.date) -> None:
    """Open courses from the day after their last cost line (or their start, or 1 January)
    to their end date (at most 31 December): granted hours per week × days / 7 × price."""
    year_start, year_end = datetime.date(status.year, 1, 1), datetime.date(status.year, 12, 31)
    last_billed = (CostLine.objects.filter(course=OuterRef("pk")).order_by()
                   .values("course").annotate(last=Max("period_end")).values("last"))
    courses = (Course.objects.filter(_course_kind_q(kinds), team__municipality=municipality,
                                     status__in=OPEN_STATUSES, end_date__gte=year_start)
               .annotate(last_billed=Subquery(last_billed, output_field=DateField()))
               .values_list("hours_per_week", "start_date", "end_date", "provider__kind",
                            "provider__hourly_price", "last_billed"))
    total = ZERO
    count = 0
    for hours, start, end, provider_kind, price, billed in courses:
        begin = max(start, year_start)
        if billed is not None:
            begin = max(begin, billed + datetime.timedelta(days=1))
        until = min(end, year_end)
        if until < begin:
            continue
        days = (until - begin).days + 1
        rate = _hourly_price(provider_kind, price, internal_rate)
        total += hours * days * rate / 7
        count += 1
    status.open_courses = _money(total)
    status.open_course_count = count


def _forecast_new_courses(status: LimitStatus, municipality: Municipality, kinds: list[str],
                          internal_rate: Decimal | None, today: datetime.date) -> None:
    """New courses at the recent pace: the courses started in the last N whole months add,
    each month, M = (their monthly cost: hours per week × 52 / 12 × price) / N. A month's new
    courses run for the rest of the year, at most their average granted length D (months): a
    cohort starting in the k-th month from the year's end costs M × min(k, D)."""
    months = max(1, int(status.settings.run_rate_months))
    this_month = today.replace(day=1)
    window_start = add_months(this_month, -months)
    window_end = this_month - datetime.timedelta(days=1)
    status.window = (window_start, window_end)
    status.remaining_months = (_months_left(today) if today.year == status.year
                               else 12 if today.year < status.year else 0)
    cohort = (Course.objects.filter(_course_kind_q(kinds), team__municipality=municipality,
                                    start_date__gte=window_start, start_date__lte=window_end)
              .values_list("hours_per_week", "start_date", "end_date", "provider__kind",
                           "provider__hourly_price"))
    monthly = ZERO
    lengths = ZERO
    count = 0
    for hours, start, end, provider_kind, price in cohort:
        rate = _hourly_price(provider_kind, price, internal_rate)
        monthly += hours * WEEKS_PER_MONTH * rate
        lengths += Decimal((end - start).days + 1) * 12 / Decimal(365)
        count += 1
    status.new_course_count = count
    if not count:
        return
    status.new_per_month = _money(monthly / months)
    status.average_months = (lengths / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    months_run = sum((min(Decimal(k), status.average_months)
                      for k in range(1, status.remaining_months + 1)), ZERO)
    status.new_courses = _money(monthly / months * months_run)


def limit_years(today: datetime.date) -> list[int]:
    """The years the limit page offers: from the first year of the limit to next year."""
    return list(range(max(FIRST_LIMIT_YEAR, today.year + 1), FIRST_LIMIT_YEAR - 1, -1))


def other_spend_table(status: LimitStatus) -> Table:
    table = Table("other_spend", _("Øvrig vejledning og opkvalificering pr. måned"), [
        Column("month", _("Måned")), Column("amount", _("Beløb (kr.)"), MONEY),
        Column("note", _("Bemærkning"))],
        empty_text=_("Der er ikke indtastet udgifter til øvrig vejledning og "
                     "opkvalificering for året."))
    for row in status.other_months:
        table.rows.append([month_label(row.month), whole(row.amount), row.note])
    if status.other_months:
        table.total = [_("I alt"), whole(status.other_spent), ""]
    return table


def month_label(day: datetime.date) -> str:
    return f"{str(MONTH_NAMES[day.month - 1]).capitalize()} {day.year}"


def managers_of(municipality: Municipality) -> QuerySet[User]:
    """The managers who follow this municipality's money: those in its teams, and those
    without a team when it is the organisation's (first) municipality."""
    first = Municipality.objects.order_by("id").values_list("id", flat=True).first()
    in_teams = Q(teams__municipality=municipality)
    if first == municipality.pk:
        in_teams |= Q(teams__isnull=True)
    return (User.objects.filter(in_teams, groups__name=Role.MANAGER, is_active=True)
            .distinct().order_by("id"))


# --- Hour norms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NormCourse:
    course_id: int
    mentor_type: str
    tasks: list[str]
    norm: Decimal | None  # hours in the period at the tasks' guide hours
    granted: Decimal
    journaled: Decimal
    granted_deviation: Decimal | None  # per cent from the norm
    journaled_deviation: Decimal | None

    @property
    def largest_deviation(self) -> Decimal:
        values = [abs(v) for v in (self.granted_deviation, self.journaled_deviation)
                  if v is not None]
        return max(values, default=ZERO)


@dataclass
class HourNorms:
    period: Period
    until: datetime.date
    threshold: int
    courses: list[NormCourse]
    tasks: Table

    @property
    def far(self) -> list[NormCourse]:
        far = [c for c in self.courses if c.norm and c.largest_deviation >= self.threshold]
        return sorted(far, key=lambda c: (-c.largest_deviation, c.course_id))

    @property
    def totals(self) -> dict[str, Any]:
        with_norm = [c for c in self.courses if c.norm]
        norm = sum((c.norm or ZERO for c in with_norm), ZERO)
        granted = sum((c.granted for c in with_norm), ZERO)
        journaled = sum((c.journaled for c in with_norm), ZERO)
        return {"courses": len(self.courses), "with_norm": len(with_norm),
                "far": len(self.far), "norm": one_decimal(norm),
                "granted": one_decimal(granted), "journaled": one_decimal(journaled),
                "granted_deviation": _deviation(granted, norm),
                "journaled_deviation": _deviation(journaled, norm)}


def _deviation(value: Decimal, norm: Decimal | None) -> Decimal | None:
    if not norm:
        return None
    return (Decimal(100) * (value - norm) / norm).quantize(Decimal("0.1"),
                                                          rounding=ROUND_HALF_UP)


def _task_name(row: dict[str, Any]) -> str:
    return str(row["name_en"] if get_language() == "en" and row["name_en"] else row["name"])


def hour_norms(municipality: Municipality, period: Period, today: datetime.date,
               threshold: int = DEFAULT_NORM_THRESHOLD) -> HourNorms:
    """The catalogue's guide hours per task (Slagelse's steering tool) against the hours
    granted and journaled, per course in the period up to today, and per task.

    A course's norm is the sum of its tasks' guide hours per week (tasks without guide hours
    add nothing) × its weeks in the period; granted is its hours per week × the same weeks;
    journaled is the time in its journal in those days (a corrected entry replaced by its
    correction). Per task, a course's granted and journaled hours are shared among its tasks
    in proportion to their guide hours, so that the task rows add up to the total.
    """
    until = min(period.end, today)
    in_scope = (Course.objects.filter(team__municipality=municipality, start_date__lte=until)
                .annotate(effective_end=Coalesce("ended_on", "end_date",
                                                 output_field=DateField()))
                .filter(effective_end__gte=period.start))
    courses = list(in_scope.order_by("id").values_list(
        "id", "referral_id", "mentor_type__name", "hours_per_week", "start_date",
        "effective_end"))
    task_links: dict[int, list[int]] = defaultdict(list)
    for referral_id, task_id in (Referral.tasks.through.objects
                                 .filter(referral__course__in=in_scope.values("pk"))
                                 .order_by("referral_id", "mentortask_id")
                                 .values_list("referral_id", "mentortask_id")):
        task_links[referral_id].append(task_id)
    catalogue: dict[int, dict[str, Any]] = {row["id"]: dict(row) for row in (
        MentorTask.objects.values("id", "name", "name_en", "guide_hours_per_week"))}
    corrected = JournalEntry.objects.filter(corrects=OuterRef("pk"))
    minutes = dict(JournalEntry.objects.filter(
        course__in=in_scope.values("pk"), contact_date__gte=period.start, contact_date__lte=until)
        .exclude(Exists(corrected)).order_by().values("course")
        .annotate(m=Sum("duration_minutes")).values_list("course", "m"))

    per_task: dict[int, dict[str, Decimal]] = defaultdict(
        lambda: {"courses": ZERO, "norm": ZERO, "granted": ZERO, "journaled": ZERO})
    without = {"courses": ZERO, "granted": ZERO, "journaled": ZERO}
    rows: list[NormCourse] = []
    for course_id, referral_id, mentor_type, hours, start, end in courses:
        days = (min(end, until) - max(start, period.start)).days + 1
        if days <= 0:
            continue
        weeks = Decimal(days) / 7
        granted = hours * weeks
        journaled = Decimal(minutes.get(course_id) or 0) / 60
        tasks = [catalogue[t] for t in task_links.get(referral_id, []) if t in catalogue]
        guided = [t for t in tasks if t["guide_hours_per_week"]]
        norm_week: Decimal = sum((t["guide_hours_per_week"] for t in guided), ZERO)
        norm = norm_week * weeks if norm_week else None
        rows.append(NormCourse(
            course_id=course_id, mentor_type=mentor_type,
            tasks=sorted(_task_name(t) for t in tasks), norm=norm,
            granted=granted, journaled=journaled,
            granted_deviation=_deviation(granted, norm),
            journaled_deviation=_deviation(journaled, norm)))
        if norm is None:
            without["courses"] += 1
            without["granted"] += granted
            without["journaled"] += journaled
            continue
        for task in guided:
            share = task["guide_hours_per_week"] / norm_week
            figures = per_task[task["id"]]
            figures["courses"] += 1
            figures["norm"] += task["guide_hours_per_week"] * weeks
            figures["granted"] += granted * share
            figures["journaled"] += journaled * share
    return HourNorms(period=period, until=until, threshold=threshold, courses=rows,
                     tasks=_task_table(per_task, without, catalogue))


def _task_table(per_task: dict[int, dict[str, Decimal]], without: dict[str, Decimal],
                catalogue: dict[int, dict[str, Any]]) -> Table:
    table = Table("norm_tasks", _("Vejledende timer pr. opgave mod bevilget og journalført"), [
        Column("task", _("Opgave")), Column("guide", _("Vejledende timer pr. uge"), HOURS),
        Column("courses", _("Forløb"), COUNT), Column("norm", _("Norm (timer)"), HOURS),
        Column("granted", _("Bevilget (timer)"), HOURS),
        Column("journaled", _("Journalført (timer)"), HOURS),
        Column("granted_dev", _("Bevilget mod norm (%)"), PERCENT),
        Column("journaled_dev", _("Journalført mod norm (%)"), PERCENT)],
        empty_text=_("Ingen forløb i perioden."))
    totals = {"courses": ZERO, "norm": ZERO, "granted": ZERO, "journaled": ZERO}
    ordered = sorted(per_task, key=lambda t: (-per_task[t]["norm"], _task_name(catalogue[t])))
    for task_id in ordered:
        f = per_task[task_id]
        table.rows.append([
            _task_name(catalogue[task_id]),
            one_decimal(catalogue[task_id]["guide_hours_per_week"]), int(f["courses"]),
            one_decimal(f["norm"]), one_decimal(f["granted"]), one_decimal(f["journaled"]),
            _deviation(f["granted"], f["norm"]), _deviation(f["journaled"], f["norm"])])
        for key in ("norm", "granted", "journaled"):
            totals[key] += f[key]
    if without["courses"]:
        table.rows.append([_("Forløb uden vejledende timer"), None, int(without["courses"]),
                           None, one_decimal(without["granted"]),
                           one_decimal(without["journaled"]), None, None])
    if table.rows:
        table.total = [_("I alt"), None, "",
                       one_decimal(totals["norm"]),
                       one_decimal(totals["granted"] + without["granted"]),
                       one_decimal(totals["journaled"] + without["journaled"]),
                       _deviation(totals["granted"], totals["norm"]),
                       _deviation(totals["journaled"], totals["norm"])]
    table.note = _("Et forløbs norm er summen af dets opgavers vejledende timer pr. uge gange "
                   "forløbets uger i perioden til og med i dag. Bevilgede og journalførte "
                   "timer fordeles på forløbets opgaver efter deres vejledende timer, så "
                   "rækkerne summer til totalen; et forløb tæller én gang pr. opgave. "
                   "Procenterne i totalen gælder forløb med vejledende timer.")
    return table


# --- Providers -----------------------------------------------------------------------------


@dataclass
class ProviderFigures:
    providers: Table
    schemes: Table
    internal_hours: Decimal
    internal_value: Decimal
    internal_rate: Decimal | None


def _price(amount: Decimal | None, hours: Decimal | None) -> Decimal | None:
    if not hours:
        return None
    return (Decimal(amount or 0) / Decimal(hours)).quantize(CENT, rounding=ROUND_HALF_UP)


def provider_figures(municipality: Municipality, period: Period,
                     today: datetime.date) -> ProviderFigures:
    """Spend, hours, unique citizens and price per hour per external provider, against the
    framework agreement's hourly price; and the same per provider and scheme. Internal
    mentors' time is shown apart (hours, valued at the internal rate)."""
    lines = CostLine.objects.filter(course__team__municipality=municipality,
                                    period_start__gte=period.start,
                                    period_start__lte=period.end).order_by()
    external = lines.filter(kind__in=EXTERNAL_KINDS)
    aggregates = {"amount": Sum("amount"), "hours": Sum("hours"),
                  "citizens": Count("course__citizen", distinct=True)}
    by_provider: dict[int, dict[str, Any]] = {
        row["provider_id"]: dict(row)
        for row in external.values("provider_id").annotate(**aggregates)}
    by_scheme: list[dict[str, Any]] = [
        dict(row) for row in external.values(
            "provider_id", scheme=scheme_case("course__mentor_type__code"))
        .annotate(**aggregates)]
    totals = external.aggregate(**aggregates)
    internal = lines.filter(kind=CostKind.INTERNAL).aggregate(
        hours=Coalesce(Sum("hours"), ZERO), value=Coalesce(Sum("amount"), ZERO))
    providers = {p.pk: p for p in Provider.objects.filter(
        pk__in=external.values("provider_id"))}
    policy = policy_in_force(municipality, min(today, period.end))

    kinds = dict(ProviderKind.choices)
    table = Table("providers", _("Leverandører mod rammeaftalens timepris"), [
        Column("provider", _("Leverandør")), Column("kind", _("Type")),
        Column("spend", _("Udgift (kr.)"), MONEY), Column("hours", _("Timer"), HOURS),
        Column("citizens", _("Borgere"), COUNT),
        Column("price", _("Pris pr. time (kr.)"), MONEY),
        Column("framework", _("Rammeaftalens timepris (kr.)"), MONEY),
        Column("difference", _("Forskel (%)"), PERCENT)],
        empty_text=_("Ingen eksterne udgifter i perioden."))
    order = sorted(by_provider, key=lambda pk: (-(by_provider[pk]["amount"] or 0),
                                                providers[pk].name))
    for pk in order:
        row, provider = by_provider[pk], providers[pk]
        price = _price(row["amount"], row["hours"])
        framework = provider.hourly_price
        difference = (_deviation(price, framework) if price is not None and framework
                      else None)
        table.rows.append([provider.name, str(kinds.get(provider.kind, provider.kind)),
                           whole(row["amount"]), one_decimal(row["hours"]),
                           small(row["citizens"]), price, framework, difference])
    if by_provider:
        table.total = [_("I alt"), "", whole(totals["amount"]), one_decimal(totals["hours"]),
                       totals["citizens"], _price(totals["amount"], totals["hours"]), None,
                       None]
    table.note = _("Leverandørfakturaer og lønrefusion (frikøb) efter udgiftslinjens periode. "
                   "Pris pr. time er udgiften delt med de fakturerede timer. En borger "
                   "tælles én gang pr. række; under 5 vises som <5.")

    schemes = Table("provider_schemes", _("Leverandører pr. ordning"), [
        Column("provider", _("Leverandør")), Column("scheme", _("Ordning")),
        Column("spend", _("Udgift (kr.)"), MONEY), Column("hours", _("Timer"), HOURS),
        Column("citizens", _("Borgere"), COUNT),
        Column("price", _("Pris pr. time (kr.)"), MONEY),
        Column("framework", _("Rammeaftalens timepris (kr.)"), MONEY)],
        empty_text=_("Ingen eksterne udgifter i perioden."))
    rank = {pk: i for i, pk in enumerate(order)}
    for row in sorted(by_scheme, key=lambda r: (rank[r["provider_id"]],
                                                scheme_order(r["scheme"]))):
        provider = providers[row["provider_id"]]
        schemes.rows.append([provider.name, scheme_label(row["scheme"]), whole(row["amount"]),
                             one_decimal(row["hours"]), small(row["citizens"]),
                             _price(row["amount"], row["hours"]), provider.hourly_price])
    if by_scheme:
        schemes.total = [_("I alt"), "", whole(totals["amount"]),
                         one_decimal(totals["hours"]), totals["citizens"],
                         _price(totals["amount"], totals["hours"]), None]
    return ProviderFigures(
        providers=table, schemes=schemes, internal_hours=internal["hours"],
        internal_value=internal["value"],
        internal_rate=policy.internal_hourly_rate if policy is not None else None)


# --- Trends --------------------------------------------------------------------------------


@dataclass
class Trends:
    months: list[datetime.date]
    tables: dict[str, Table]  # spend, citizens, courses: each chart's own figures

    def series(self, table: str, key: str) -> list[Any]:
        t = self.tables[table]
        index = [c.key for c in t.columns].index(key)
        return [row[index] for row in t.rows]


def trend_months(today: datetime.date, years: int = TREND_YEARS) -> list[datetime.date]:
    """January three years back to the last whole month (this month is not over, and its
    cost lines come after it)."""
    first = datetime.date(today.year - years + 1, 1, 1)
    this_month = today.replace(day=1)
    if first == this_month:
        first = datetime.date(first.year - 1, 1, 1)
    months = []
    month = first
    while month < this_month:
        months.append(month)
        month = add_months(month, 1)
    return months


def trends(municipality: Municipality, today: datetime.date,
           years: int = TREND_YEARS) -> Trends:
    """Per month, from January three years back to the last whole month: external spend (by
    the cost line's period), unique citizens with a course running in the month, courses
    started and courses ended. Four queries."""
    months = trend_months(today, years)
    first, last = months[0], today.replace(day=1) - datetime.timedelta(days=1)
    spend = _by_month((row["month"], row["amount"]) for row in (
        CostLine.objects.filter(course__team__municipality=municipality,
                                kind__in=EXTERNAL_KINDS, period_start__gte=first,
                                period_start__lte=last)
        .annotate(month=TruncMonth("period_start")).order_by().values("month")
        .annotate(amount=Sum("amount"))))
    courses = Course.objects.filter(team__municipality=municipality).order_by()
    started = _by_month((row["month"], row["n"]) for row in (
        courses.filter(start_date__gte=first, start_date__lte=last)
        .annotate(month=TruncMonth("start_date")).values("month").annotate(n=Count("id"))))
    ended = _by_month((row["month"], row["n"]) for row in (
        courses.filter(ended_on__gte=first, ended_on__lte=last)
        .annotate(month=TruncMonth("ended_on")).values("month").annotate(n=Count("id"))))
    running = courses.annotate(
        effective_end=Coalesce("ended_on", "end_date", output_field=DateField())).filter(
        start_date__lte=last, effective_end__gte=first)
    citizens = running.aggregate(**{
        f"m{i}": Count("citizen", distinct=True, filter=Q(
            start_date__lte=add_months(month, 1) - datetime.timedelta(days=1),
            effective_end__gte=month))
        for i, month in enumerate(months)})

    month = Column("month", _("Måned"))
    tables = {
        "spend": Table("trend_spend", _("Eksterne udgifter pr. måned"), [
            month, Column("spend", _("Udgift (kr.)"), MONEY)]),
        "citizens": Table("trend_citizens", _("Borgere i forløb pr. måned"), [
            month, Column("citizens", _("Borgere"), COUNT)]),
        "courses": Table("trend_courses", _("Forløb startet og afsluttet pr. måned"), [
            month, Column("started", _("Startet"), COUNT),
            Column("ended", _("Afsluttet"), COUNT)]),
    }
    for i, first_day in enumerate(months):
        label = month_label(first_day)
        tables["spend"].rows.append([label, whole(spend.get(first_day) or 0)])
        tables["citizens"].rows.append([label, citizens[f"m{i}"] or 0])
        tables["courses"].rows.append([label, started.get(first_day, 0),
                                       ended.get(first_day, 0)])
    tables["spend"].total = [_("I alt"), whole(sum((r[1] for r in tables["spend"].rows), ZERO))]
    tables["courses"].total = [_("I alt"), sum(r[1] for r in tables["courses"].rows),
                               sum(r[2] for r in tables["courses"].rows)]
    tables["spend"].note = _("Leverandørfakturaer og lønrefusion efter udgiftslinjens "
                             "periode.")
    tables["citizens"].note = _("Hver borger med et forløb i gang i måneden tælles én gang.")
    return Trends(months=months, tables=tables)


def _by_month(rows: Iterable[tuple[Any, Any]]) -> dict[datetime.date, Any]:
    """A TruncMonth key is a date on PostgreSQL and may be a datetime elsewhere."""
    return {(key.date() if isinstance(key, datetime.datetime) else key): value
            for key, value in rows}


SPEND_BASES: Final = (SpendBasis.SPENT, SpendBasis.FORECAST)
