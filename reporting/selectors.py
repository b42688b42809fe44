"""Reads for management reporting. Every figure is aggregated in the database (``Count``,
``COUNT(DISTINCT)``, ``Sum`` with filters); Python only pivots the handful of grouped rows a
query returns into report tables.

A report reads each fact table once: the courses in the period (``course_facts``) and the cost
lines in the period (``cost_facts``), each in one statement with several groupings
(``reporting.grouping``); compliance and the overdue lists add a few small queries. The number
of queries does not depend on the number of rows.

The tables are built from *parts* (``PARTS``: course facts, cost facts, review and contact
compliance, the overdue lists as ids and dates). The pages ask with ``cached=True``: then each
part comes from the cache (``mentor/caching.py``), keyed by the filter, today and the list
length, under the data versions of what it reads (``PART_VERSIONS``), which the services that
write courses, cost lines, journal entries and reviews bump (``docs/caching.md``). A cached
dashboard costs two queries: the live contact-interval figure, and which of the overdue rows'
cases this user may open (with the citizens' names), which is never cached.

Counting rules:
- a course counts in a period when it overlaps it (start on or before the period's last day,
  end (``ended_on``, else ``end_date``) on or after its first day);
- spend counts by the cost line's own period: a line belongs to the report period in which its
  ``period_start`` lies;
- unique citizens are counted once per row (``Count(distinct)``), and once in the total.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor import caching
from mentor.models import Citizen, DecisionKind, Municipality, Provider, Team, User
from mentor.permissions import reports_on_all_teams, reports_on_own_teams, visible_courses
from reporting import effect
from reporting.grouping import Group, grouping_sets, pick
from reporting.models import CostKind, CostLine
from reporting.periods import Period
from reporting.schemes import (
    OTHER,
    SCHEME_BY_CODE,
    SCHEME_OF_MENTOR_TYPE,
    scheme_case,
    scheme_label,
    scheme_order,
)
from reporting.tables import (
    COUNT,
    DATE,
    HIDDEN,
    HOURS,
    MONEY,
    PERCENT,
    SMALL_CELL,
    Block,
    Column,
    Table,
    average,
    marker_for,
    one_decimal,
    percent,
    protect,
    whole,
)
from visitation.models import (
    Course,
    CourseStatus,
    Outcome,
    Review,
    ReviewKind,
    ReviewStatus,
)

EXTERNAL_KINDS: Final = (CostKind.INVOICE, CostKind.WAGE_REFUND)
OPEN_STATUSES: Final = (CourseStatus.ACTIVE, CourseStatus.EXTENDED)
KIND_ORDER: Final = (DecisionKind.RIGHT_AND_DUTY, DecisionKind.RIGHT, DecisionKind.OFFER)
# Slagelse's committee asked about "skal" (must: right and duty, right) and "kan" (may: offer).
MUST_KINDS: Final = frozenset({DecisionKind.RIGHT_AND_DUTY, DecisionKind.RIGHT})
OUTCOME_ORDER: Final = (Outcome.EDUCATION, Outcome.JOB, Outcome.ORDINARY_OFFER, Outcome.OTHER)
OVERDUE_LIST_LIMIT: Final = 20


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers. ``team_ids`` None means every team."""

    period: Period
    team_ids: frozenset[int] | None = None
    provider_id: int | None = None
    mentor_type_id: int | None = None
    kind: str | None = None

    def course_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.team_ids is not None:
            q &= Q(**{f"{prefix}team_id__in": self.team_ids})
        if self.provider_id is not None:
            q &= Q(**{f"{prefix}provider_id": self.provider_id})
        if self.mentor_type_id is not None:
            q &= Q(**{f"{prefix}mentor_type_id": self.mentor_type_id})
        if self.kind:
            q &= Q(**{f"{prefix}kind": self.kind})
        return q

    def cost_q(self) -> Q:
        """Cost lines in the period, of courses in scope; the provider is the line's own."""
        q = Q(period_start__gte=self.period.start, period_start__lte=self.period.end)
        q &= ReportFilter(self.period, self.team_ids, None, self.mentor_type_id,
                          self.kind).course_q("course__")
        if self.provider_id is not None:
            q &= Q(provider_id=self.provider_id)
        return q


# --- Who sees what -------------------------------------------------------------------------


def cost_lines_for_list() -> QuerySet[CostLine]:
    """Every cost line (the administrator's list), with what the list shows;
    ``CostLineFilter`` narrows and sorts them."""
    return CostLine.objects.select_related("course__team", "course__mentor_type", "provider")


def report_teams(user: User) -> QuerySet[Team]:
    """Teams whose figures the user may see: managers every team, team leaders their own."""
    teams = Team.objects.select_related("municipality").order_by("municipality__name", "name")
    if reports_on_all_teams(user):
        return teams
    if reports_on_own_teams(user):
        return teams.filter(pk__in=user.team_ids)
    return teams.none()


def report_providers(user: User) -> QuerySet[Provider]:
    """Providers the report filter offers: those of the user's own municipality.

    A user's municipality is that of their teams. A manager without a team (the usual case)
    belongs to the organisation's municipality, the first one, as on the policy pages; a
    second municipality in the same installation (the Copenhagen 2017 scenario) has
    providers of its own that this user has no business choosing between.
    """
    providers = Provider.objects.order_by("name")
    if user.team_ids:
        own = Team.objects.filter(pk__in=user.team_ids).values("municipality_id")
        return providers.filter(municipality_id__in=own)
    if reports_on_all_teams(user):
        first = Municipality.objects.order_by("id").values("id")[:1]
        return providers.filter(municipality_id=Subquery(first))
    return providers.none()


def team_scope(user: User, team: Team | None) -> frozenset[int] | None:
    """The team ids a report for ``user`` covers (None: all). A team leader is always limited
    to their own teams, whatever the request says."""
    if reports_on_all_teams(user):
        return None if team is None else frozenset({team.pk})
    own = frozenset(user.team_ids) if reports_on_own_teams(user) else frozenset()
    return own if team is None else own & {team.pk}


# --- Database helpers ----------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (end - start) for two date expressions."""

    output_field = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sql(self, compiler: Any, connection: Any, function: str | None = None,
               template: str | None = None, arg_joiner: str | None = None,
               **extra: Any) -> Any:
        # PostgreSQL: date - date is an integer number of days.
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return f"(({end_sql}) - ({start_sql}))", (*end_params, *start_params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        return (f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)",
                (*end_params, *start_params))


def _date(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def _effective_end() -> Coalesce:
    return Coalesce("ended_on", "end_date", output_field=DateField())


def courses_in_period(f: ReportFilter) -> QuerySet[Course]:
    """Courses in scope that overlap the period, with ``effective_end`` and ``scheme``."""
    return (Course.objects.filter(f.course_q())
            .annotate(effective_end=_effective_end(),
                      scheme=scheme_case("mentor_type__code"))
            .filter(start_date__lte=f.period.end, effective_end__gte=f.period.start)
            .order_by())


def _scheme_codes(*groups: Iterable[str]) -> list[str]:
    """Scheme codes that have data, in the order of the scheme table."""
    codes = set().union(*[set(g) for g in groups])
    return sorted(codes, key=scheme_order)


def _one(value: Any) -> Any:
    """1 when ``value`` holds, else 0: a countable flag column."""
    return Case(When(value, then=Value(1)), default=Value(0), output_field=IntegerField())


# --- Facts: each read once per report, in one statement ------------------------------------


@dataclass
class Context:
    """What every table builder receives. ``cache`` shares the parts (facts) between the
    tables of one request; with ``cached`` the parts come from the shared cache
    (``mentor/caching.py``), under the keys in ``keys``."""

    f: ReportFilter
    user: User
    today: datetime.date
    list_limit: int | None = OVERDUE_LIST_LIMIT
    cache: dict[str, Any] = field(default_factory=dict)
    cached: bool = False
    parts: frozenset[str] = frozenset()  # the parts the requested tables need
    keys: dict[str, str] = field(default_factory=dict)
    by: str = effect.DEFAULT_BY  # how the effect tables group the ended courses


NOT_ENDED: Final = "-"  # the outcome key of a course that did not end in the period


@dataclass
class CourseFacts:
    """Courses overlapping the period. ``fine`` rows are grouped by scheme, kind, service level
    and outcome (of courses ended in the period; "-" for the rest): their counts and hours add
    up. Unique citizens come per scheme, per kind and in total."""

    fine: list[Group]
    citizens_by_scheme: dict[str, int]
    citizens_by_kind: dict[str, int]
    total: Group
    # The mentor types each scheme's courses have (codes), for the rows' details.
    types_by_scheme: dict[str, list[str]] = field(default_factory=dict)

    def sum(self, name: str, **where: Any) -> Any:
        tests = [(k, v if isinstance(v, tuple | set | frozenset) else (v,))
                 for k, v in where.items()]
        total = 0
        for g in self.fine:
            values = g.values
            if all(values[k] in allowed for k, allowed in tests):
                total += values[name] or 0
        return total


def course_facts(ctx: Context) -> CourseFacts:
    facts: CourseFacts = _part(ctx, "courses")
    return facts


def _course_facts(ctx: Context) -> CourseFacts:
    p = ctx.f.period
    ended = Q(ended_on__gte=p.start, ended_on__lte=p.end)
    base = courses_in_period(ctx.f).annotate(
        period_start=_date(p.start), period_end=_date(p.end)).values(
        scheme=F("scheme"), g_kind=F("kind"), g_level=F("service_level"),
        g_outcome=Case(When(ended, then=F("outcome")), default=Value(NOT_ENDED),
                       output_field=CharField()),
        x_citizen=F("citizen_id"),
        x_started=_one(Q(start_date__gte=p.start, start_date__lte=p.end)),
        x_ended=_one(ended), x_granted=_granted_hours())
    groups = grouping_sets(
        base, dimensions=("scheme", "g_kind", "g_level", "g_outcome"),
        sets=[("scheme", "g_kind", "g_level", "g_outcome"), ("scheme",), ("g_kind",), ()],
        aggregates={"active": "COUNT(*)", "started": "SUM(x_started)", "ended": "SUM(x_ended)",
                    "citizens": "COUNT(DISTINCT x_citizen)", "granted": "SUM(x_granted)"})
    empty = Group((), {"active": 0, "started": 0, "ended": 0, "citizens": 0, "granted": None})
    types: dict[str, list[str]] = {}
    for scheme, code in (courses_in_period(ctx.f).values_list(F("scheme"), "mentor_type__code")
                         .distinct().order_by("mentor_type__code")):
        types.setdefault(scheme, []).append(code)
    return CourseFacts(
        fine=pick(groups, "scheme", "g_kind", "g_level", "g_outcome"),
        citizens_by_scheme={g["scheme"]: g["citizens"] for g in pick(groups, "scheme")},
        citizens_by_kind={g["g_kind"]: g["citizens"] for g in pick(groups, "g_kind")},
        total=next(iter(pick(groups)), empty), types_by_scheme=types)


@dataclass
class CostFacts:
    """Cost lines in the period: external spend and internal time, per scheme, per kind of the
    course and in total (each with its unique citizens)."""

    by_scheme: dict[str, Group]
    by_kind: dict[str, Group]
    by_level: dict[int, Group]
    total: Group


COST_AGGREGATES: Final = {
    "hours": "SUM(x_hours)", "spend": "SUM(x_ext_amount)",
    "spend_citizens": "COUNT(DISTINCT CASE WHEN x_ext = 1 THEN x_citizen END)",
    "internal_hours": "SUM(x_int_hours)", "internal_value": "SUM(x_int_amount)",
    "internal_citizens": "COUNT(DISTINCT CASE WHEN x_int = 1 THEN x_citizen END)"}


def cost_facts(ctx: Context) -> CostFacts:
    facts: CostFacts = _part(ctx, "costs")
    return facts


def _cost_facts(ctx: Context) -> CostFacts:
    external, internal = Q(kind__in=EXTERNAL_KINDS), Q(kind=CostKind.INTERNAL)
    # First one row per citizen, scheme, kind and level (the lines summed), so that the unique
    # counts over the groupings sort a few rows per citizen instead of every cost line.
    base = (CostLine.objects.filter(ctx.f.cost_q()).order_by().values(
        scheme=scheme_case("course__mentor_type__code"), g_kind=F("course__kind"),
        g_level=F("course__service_level"), x_citizen=F("course__citizen_id"))
        .annotate(x_hours=Sum("hours"), x_ext_amount=Sum("amount", filter=external),
                  x_int_hours=Sum("hours", filter=internal),
                  x_int_amount=Sum("amount", filter=internal),
                  x_ext=Max(_one(external)), x_int=Max(_one(internal))))
    groups = grouping_sets(base, dimensions=("scheme", "g_kind", "g_level"),
                           sets=[("scheme",), ("g_kind",), ("g_level",), ()],
                           aggregates=COST_AGGREGATES)
    empty = Group((), dict.fromkeys(COST_AGGREGATES, 0))
    return CostFacts(by_scheme={g["scheme"]: g for g in pick(groups, "scheme")},
                     by_kind={g["g_kind"]: g for g in pick(groups, "g_kind")},
                     by_level={g["g_level"]: g for g in pick(groups, "g_level")},
                     total=next(iter(pick(groups)), empty))


# --- Tables --------------------------------------------------------------------------------


def courses_table(ctx: Context) -> Table:
    """Courses started, active and ended in the period, and unique citizens, per scheme."""
    facts = course_facts(ctx)
    table = Table("courses", _("Forløb og borgere pr. ordning"), [
        Column("scheme", _("Ordning")), Column("started", _("Startet"), COUNT),
        Column("active", _("Aktive i perioden"), COUNT),
        Column("ended", _("Afsluttet"), COUNT), Column("citizens", _("Borgere"), COUNT)])
    codes = _scheme_codes(facts.citizens_by_scheme)
    for code in codes:
        table.rows.append([scheme_label(code), facts.sum("started", scheme=code),
                           facts.sum("active", scheme=code), facts.sum("ended", scheme=code),
                           facts.citizens_by_scheme[code]])
    t = facts.total
    table.total = [_("I alt"), t["started"] or 0, t["active"], t["ended"] or 0, t["citizens"]]
    # The ended courses per scheme are the row totals of the outcome table: hidden alike.
    outcomes = _outcome_protected(ctx, "outcomes_scheme")
    preset: dict[tuple[int, str], str] = {}
    for i, scheme in enumerate([*codes, None]):
        hidden_as = outcomes.ended_marker(scheme)
        if hidden_as:
            preset[(i, "ended")] = hidden_as
    protect(table, [Block((key,)) for key in ("started", "active", "ended", "citizens")],
            preset=preset)
    _scheme_details(ctx, table, codes)
    table.note = _("Et forløb tæller med, når det har været i gang i perioden. En borger "
                   "tælles én gang pr. række.")
    return table


def _scheme_details(ctx: Context, table: Table, codes: list[str]) -> None:
    """Under each scheme's name, the mentor types its row holds (Copenhagen names schemes, the
    catalogue names mentor types): those of the period's courses, else the scheme's own (none
    when the report is for one mentor type: then the row holds that type alone)."""
    from django.utils.translation import get_language

    from visitation.selectors_referrals import load_labels

    names = load_labels(get_language() or "da").mentor_types
    present = course_facts(ctx).types_by_scheme
    details = []
    for code in codes:
        types = present.get(code) or []
        if not types and not ctx.f.mentor_type_id and code in SCHEME_BY_CODE:
            types = list(SCHEME_BY_CODE[code].mentor_types)
        details.append(_("Rummer: %(types)s") % {"types": ", ".join(
            names.get(t, t) for t in types)} if types else "")
    table.row_details = details


def spend_table(ctx: Context) -> Table:
    """External spend, unique citizens and average per citizen per scheme (Copenhagen's table)."""
    facts = cost_facts(ctx)
    table = Table("spend", _("Eksterne udgifter pr. ordning"), [
        Column("scheme", _("Ordning")), Column("spend", _("Udgift (kr.)"), MONEY),
        Column("citizens", _("Borgere"), COUNT),
        Column("average", _("Gennemsnit pr. borger (kr.)"), MONEY)])
    codes = _scheme_codes(c for c, g in facts.by_scheme.items() if g["spend_citizens"])
    for code in codes:
        g = facts.by_scheme[code]
        table.rows.append([scheme_label(code), whole(g["spend"] or 0), g["spend_citizens"],
                           average(g["spend"], g["spend_citizens"], suppress=False)])
    t = facts.total
    table.total = [_("I alt"), whole(t["spend"] or 0), t["spend_citizens"],
                   average(t["spend"], t["spend_citizens"], suppress=False)]
    # An average beside a hidden number of citizens would give the number away.
    protect(table, [Block(("citizens",))], follows={"average": ("citizens",)})
    _scheme_details(ctx, table, codes)
    table.note = _("Leverandørfakturaer og lønrefusion (frikøb) efter udgiftslinjens periode. "
                   "Interne mentorers tid er ikke medregnet.")
    return table


def internal_table(ctx: Context) -> Table:
    """Internal mentors' time per scheme: hours, and their value at the internal hourly rate."""
    facts = cost_facts(ctx)
    table = Table("internal", _("Intern mentortid pr. ordning"), [
        Column("scheme", _("Ordning")), Column("hours", _("Timer"), HOURS),
        Column("value", _("Værdi ved intern timepris (kr.)"), MONEY),
        Column("citizens", _("Borgere"), COUNT)])
    codes = _scheme_codes(c for c, g in facts.by_scheme.items() if g["internal_citizens"])
    for code in codes:
        g = facts.by_scheme[code]
        table.rows.append([scheme_label(code), one_decimal(g["internal_hours"] or 0),
                           whole(g["internal_value"] or 0), g["internal_citizens"]])
    t = facts.total
    table.total = [_("I alt"), one_decimal(t["internal_hours"] or 0),
                   whole(t["internal_value"] or 0), t["internal_citizens"]]
    protect(table, [Block(("citizens",))])
    _scheme_details(ctx, table, codes)
    table.note = _("Vises altid for sig og lægges ikke sammen med de eksterne udgifter. "
                   "Værdien er timer gange kommunens interne timepris, hvor en sådan er sat.")
    return table


def _kind_group(kind: str) -> str:
    return _("Skal") if kind in MUST_KINDS else _("Kan")


POSITIVE: Final = frozenset({Outcome.EDUCATION, Outcome.JOB})


def kinds_table(ctx: Context) -> Table:
    """"Skal" (right and duty, right) against "kan" (offer): courses, citizens, spend, results."""
    courses, costs = course_facts(ctx), cost_facts(ctx)
    table = Table("kinds", _("Skal- og kan-forløb"), [
        Column("group", _("Skal/kan")), Column("kind", _("Afgørelse")),
        Column("active", _("Forløb"), COUNT), Column("citizens", _("Borgere"), COUNT),
        Column("spend", _("Eksterne udgifter (kr.)"), MONEY),
        Column("average", _("Pr. borger med udgift (kr.)"), MONEY),
        Column("internal_hours", _("Interne timer"), HOURS),
        Column("ended", _("Afsluttet"), COUNT),
        Column("positive", _("Heraf job eller uddannelse"), COUNT),
        Column("positive_share", _("Andel job eller uddannelse (%)"), PERCENT)])
    labels = dict(DecisionKind.choices)
    no_cost = Group((), {"spend": None, "spend_citizens": 0, "internal_hours": None})
    kinds = [kind for kind in KIND_ORDER
             if kind in courses.citizens_by_kind or kind in costs.by_kind]
    for kind in kinds:
        counts = {"active": courses.sum("active", g_kind=kind),
                  "citizens": courses.citizens_by_kind.get(kind, 0),
                  "ended": courses.sum("ended", g_kind=kind),
                  "positive": courses.sum("active", g_kind=kind, g_outcome=POSITIVE)}
        table.rows.append(_kind_row(_kind_group(kind), str(labels[kind]), counts,
                                    costs.by_kind.get(kind, no_cost)))
    t = courses.total
    totals = {"active": t["active"], "citizens": t["citizens"], "ended": t["ended"] or 0,
              "positive": courses.sum("active", g_outcome=POSITIVE)}
    table.total = _kind_row(_("I alt"), "", totals, costs.total)
    # Ended and "job or education" are sums of the outcome table's cells per kind: hidden
    # where that table hides the sum or a cell of it, so neither table opens the other.
    outcomes = _outcome_protected(ctx, "outcomes_kind")
    preset: dict[tuple[int, str], str] = {}
    for i, code in enumerate([*kinds, None]):
        line = table.total if code is None else table.rows[i]
        if outcomes.ended_marker(code):
            preset[(i, "ended")] = marker_for(line[table.index("ended")])
        if outcomes.hides(code, POSITIVE):
            preset[(i, "positive")] = marker_for(line[table.index("positive")])
    # The average beside the spend gives the number with spend away, mostly the citizens.
    protect(table, [Block((key,)) for key in ("active", "citizens", "ended", "positive")],
            follows={"positive_share": ("ended", "positive"), "average": ("citizens",)},
            preset=preset)
    table.note = _("Skal: ret og pligt og ret. Kan: tilbud. Resultater for forløb afsluttet i "
                   "perioden.")
    return table


def _kind_row(group: str, label: str, c: dict[str, Any], k: Group) -> list[Any]:
    # The average per citizen with spend gives away that (unshown) number when it is small.
    mean: Any = (HIDDEN if 0 < (k["spend_citizens"] or 0) < SMALL_CELL
                 else average(k["spend"], k["spend_citizens"], suppress=False))
    return [group, label, c["active"], c["citizens"], whole(k["spend"] or 0), mean,
            one_decimal(k["internal_hours"] or 0), c["ended"], c["positive"],
            percent(c["positive"], c["ended"])]


OUTCOME_COLUMNS: Final = (*OUTCOME_ORDER, "none")


@dataclass
class ProtectedOutcomes:
    """An outcome table after suppression, with the group code of each row, so that the
    tables that show the same sums (ended courses per kind or scheme) hide them alike."""

    table: Table
    codes: list[str]
    hidden: dict[tuple[int, str], str]

    def _row(self, code: str | None) -> int | None:
        if code is None:
            return len(self.codes)
        return self.codes.index(code) if code in self.codes else None

    def ended_marker(self, code: str | None) -> str | None:
        """The marker of the group's ended courses (None: the total), if hidden."""
        row = self._row(code)
        return None if row is None else self.hidden.get((row, "ended"))

    def hides(self, code: str | None, outcomes: Iterable[str]) -> bool:
        row = self._row(code)
        return row is not None and any((row, o) in self.hidden for o in outcomes)


def _kind_label(kind: str) -> str:
    return f"{_kind_group(kind)}: {dict(DecisionKind.choices).get(kind, kind)}"


def _kind_order(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _outcome_protected(ctx: Context, key: str) -> ProtectedOutcomes:
    """The outcome table ``key`` (by kind or by scheme), built once per request."""
    cached: ProtectedOutcomes | None = ctx.cache.get(f"table:{key}")
    if cached is not None:
        return cached
    facts = course_facts(ctx)
    outcome_labels = dict(Outcome.choices)
    labels: Callable[[str], str]
    order: Callable[[str], int]
    if key == "outcomes_kind":
        title, dimension, group_label = (_("Resultat ved afslutning pr. afgørelse"), "g_kind",
                                         _("Afgørelse"))
        labels, order = _kind_label, _kind_order
    else:
        title, dimension, group_label = (_("Resultat ved afslutning pr. ordning"), "scheme",
                                         _("Ordning"))
        labels, order = scheme_label, scheme_order
    columns = [Column("group", group_label)]
    columns += [Column(o, str(outcome_labels[o]), COUNT) for o in OUTCOME_ORDER]
    columns += [Column("none", _("Ikke registreret"), COUNT),
                Column("ended", _("Afsluttet"), COUNT)]
    table = Table(key, title, columns)
    codes = sorted({g[dimension] for g in facts.fine if g["g_outcome"] != NOT_ENDED}, key=order)
    totals = [0] * (len(OUTCOME_ORDER) + 2)
    for group in codes:
        counts = [facts.sum("active", **{dimension: group, "g_outcome": o})
                  for o in (*OUTCOME_ORDER, "")]
        counts.append(sum(counts))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        table.rows.append([labels(group), *counts])
    table.total = [_("I alt"), *totals]
    hidden = protect(table, [Block(OUTCOME_COLUMNS, row_total="ended")])
    if key == "outcomes_scheme":
        _scheme_details(ctx, table, codes)
    table.note = _("Forløb afsluttet i perioden, efter resultat ved afslutningen.")
    result = ProtectedOutcomes(table, codes, hidden)
    ctx.cache[f"table:{key}"] = result
    return result


def outcomes_kind_table(ctx: Context) -> Table:
    return _outcome_protected(ctx, "outcomes_kind").table


def outcomes_scheme_table(ctx: Context) -> Table:
    return _outcome_protected(ctx, "outcomes_scheme").table


def _granted_hours() -> Any:
    """Hours per week × days of the course in the period (divided by 7 after summing)."""
    return ExpressionWrapper(
        F("hours_per_week") * (DaysBetween(Least("effective_end", "period_end"),
                                           Greatest("start_date", "period_start")) + 1),
        output_field=DecimalField(max_digits=14, decimal_places=2))


def _hours_row(label: str, courses: int, granted_days: Decimal | int | None,
               used: Decimal | int | None) -> list[Any]:
    granted = Decimal(granted_days or 0) / 7
    used = Decimal(used or 0)
    return [label, courses, one_decimal(granted), one_decimal(used), percent(used, granted)]


def _hours_columns(first: Column) -> list[Column]:
    return [first, Column("courses", _("Forløb"), COUNT),
            Column("granted", _("Bevilgede timer"), HOURS),
            Column("used", _("Brugte timer"), HOURS),
            Column("use", _("Forbrug (%)"), PERCENT)]


HOURS_NOTE: Final = gettext_lazy(
    "Bevilget: timer pr. uge gange forløbets dage i perioden. Brugt: timerne på forløbenes "
    "udgiftslinjer i perioden (fakturerede, refunderede og interne timer), som forudfyldes "
    "fra journalen.")


def hours_table(ctx: Context) -> Table:
    """Slagelse's steering tool: hours granted against hours used, per scheme."""
    facts, costs = course_facts(ctx), cost_facts(ctx)
    table = Table("hours", _("Bevilgede og brugte timer pr. ordning"),
                  _hours_columns(Column("scheme", _("Ordning"))))
    codes = _scheme_codes(facts.citizens_by_scheme, costs.by_scheme)
    for code in codes:
        used = costs.by_scheme[code]["hours"] if code in costs.by_scheme else 0
        table.rows.append(_hours_row(scheme_label(code), facts.sum("active", scheme=code),
                                     facts.sum("granted", scheme=code), used))
    table.total = _hours_row(_("I alt"), facts.total["active"], facts.total["granted"],
                             costs.total["hours"])
    protect(table, [Block(("courses",))])
    _scheme_details(ctx, table, codes)
    table.note = str(HOURS_NOTE)
    return table


def hours_level_table(ctx: Context) -> Table:
    facts, costs = course_facts(ctx), cost_facts(ctx)
    table = Table("hours_level", _("Bevilgede og brugte timer pr. serviceniveau"),
                  _hours_columns(Column("level", _("Serviceniveau"))))
    for level in sorted({g["g_level"] for g in facts.fine} | set(costs.by_level)):
        used = costs.by_level[level]["hours"] if level in costs.by_level else 0
        table.rows.append(_hours_row(_("Niveau %(level)s") % {"level": level},
                                     facts.sum("active", g_level=level),
                                     facts.sum("granted", g_level=level), used))
    table.total = _hours_row(_("I alt"), facts.total["active"], facts.total["granted"],
                             costs.total["hours"])
    protect(table, [Block(("courses",))])
    table.note = str(HOURS_NOTE)
    return table


def compliance_table(ctx: Context) -> Table:
    """Contact within the interval (open courses, today), contact intervals met and reviews
    done on time (in the period)."""
    from visitation.selectors_compliance import contact_compliance_totals

    contact: dict[str, int] = _part(ctx, "contacts")
    # Live, not cached: one indexed aggregate over the elapsed intervals.
    intervals = contact_compliance_totals(
        Course.objects.filter(ctx.f.course_q()), since=ctx.f.period.start,
        until=min(ctx.f.period.end, ctx.today))
    reviews: dict[str, int] = _part(ctx, "reviews")
    table = Table("compliance", _("Overholdelse"), [
        Column("measure", _("Mål")), Column("met", _("Overholdt"), COUNT),
        Column("total", _("I alt"), COUNT), Column("share", _("Andel (%)"), PERCENT)])
    table.rows.append([_("Forløb med kontakt inden for intervallet (i dag)"), contact["met"],
                       contact["total"], percent(contact["met"], contact["total"])])
    table.rows.append([_("Kontaktintervaller med kontakt (i perioden)"), intervals.met,
                       intervals.intervals, percent(intervals.met, intervals.intervals)])
    table.rows.append([_("Opfølgninger gennemført til tiden (i perioden)"), reviews["met"],
                       reviews["total"], percent(reviews["met"], reviews["total"])])
    table.note = _("Kontakt i dag: igangværende forløb med et mindste kontaktinterval, hvis "
                   "næste kontakt ikke er overskredet. Kontaktintervaller: forløbenes "
                   "kontaktintervaller, der sluttede i perioden, med mindst én kontakt. "
                   "Opfølgninger: forfaldne opfølgninger i perioden, gennemført senest på "
                   "forfaldsdagen.")
    return table


def contact_compliance(f: ReportFilter, today: datetime.date) -> dict[str, int]:
    """Open courses with a minimum contact interval, and how many are not past their next
    contact date."""
    result: dict[str, int] = (
        Course.objects.filter(f.course_q(), status__in=OPEN_STATUSES,
                              min_contact_days__isnull=False, start_date__lte=today)
        .aggregate(total=Count("id"),
                   met=Count("id", filter=Q(next_contact_due__isnull=True)
                             | Q(next_contact_due__gte=today))))
    return result


def review_compliance(f: ReportFilter, today: datetime.date) -> dict[str, int]:
    """Reviews due in the period (up to yesterday), and how many were done by their due date."""
    last = min(f.period.end, today - datetime.timedelta(days=1))
    result: dict[str, int] = (
        Review.objects.filter(f.course_q("course__"), due_date__gte=f.period.start,
                              due_date__lte=last)
        .exclude(status=ReviewStatus.CANCELLED)
        .aggregate(total=Count("id"),
                   met=Count("id", filter=Q(status=ReviewStatus.DONE,
                                            completed_at__date__lte=F("due_date")))))
    return result


@dataclass(frozen=True)
class CaseList:
    """An overdue list as facts: how many, and the first rows (course id, team, mentor type,
    then the row's own values). The citizen's name, the link, and whether the user may open
    the case at all are added per request."""

    total: int
    rows: list[tuple[Any, ...]]


def overdue_contacts(f: ReportFilter, today: datetime.date, limit: int | None) -> CaseList:
    """Open courses past their next contact date: (course id, team, mentor type, last
    contact, due)."""
    qs = (Course.objects.filter(f.course_q(), status__in=OPEN_STATUSES,
                                next_contact_due__lt=today)
          .order_by("next_contact_due", "id")
          .values_list("pk", "team__name", "mentor_type__name", "last_contact_date",
                       "next_contact_due"))
    return CaseList(qs.count(), list(qs if limit is None else qs[:limit]))


def overdue_reviews(f: ReportFilter, today: datetime.date, limit: int | None) -> CaseList:
    """Due reviews of open courses past their date: (course id, team, mentor type, review
    kind, due date)."""
    qs = (Review.objects.filter(f.course_q("course__"), status=ReviewStatus.DUE,
                                due_date__lt=today, course__status__in=OPEN_STATUSES)
          .order_by("due_date", "id")
          .values_list("course_id", "course__team__name", "course__mentor_type__name", "kind",
                       "due_date"))
    return CaseList(qs.count(), list(qs if limit is None else qs[:limit]))


def _visible_cases(ctx: Context, ids: Iterable[int]) -> dict[int, Citizen]:
    # pk__in=[] would answer without asking the database; no course has id 0.
    qs = (visible_courses(ctx.user).filter(pk__in=sorted(ids) or [0])
          .select_related("citizen")
          .only("id", "citizen__first_name", "citizen__last_name").order_by())
    return {course.pk: course.citizen for course in qs}


def _cases(ctx: Context, part: str) -> dict[int, Citizen]:
    """Of the courses in the overdue lists, those this user may open, with their citizen
    (``mentor.permissions.visible_courses``, asked on every request, never cached). One query
    for all the lists of the request, made also for empty lists (a constant count)."""
    visible: dict[int, Citizen] = ctx.cache.setdefault("cases", {})
    asked: set[int] | None = ctx.cache.get("cases_asked")
    wanted = {row[0] for name in {part} | (LIST_PARTS & ctx.parts)
              for row in _part(ctx, name).rows}
    if asked is None or wanted - asked:
        visible.update(_visible_cases(ctx, wanted - (asked or set())))
        ctx.cache["cases_asked"] = (asked or set()) | wanted
    return visible


def overdue_contacts_table(ctx: Context) -> Table:
    """Open courses past their next contact date; a row links only into a visible case."""
    facts: CaseList = _part(ctx, "overdue_contacts")
    table = Table("overdue_contacts", _("Overskredne kontakter i dag"), [
        Column("course", _("Forløb")), Column("citizen", _("Borger")),
        Column("team", _("Team")), Column("mentor_type", _("Mentortype")),
        Column("last_contact", _("Seneste kontakt"), DATE),
        Column("due", _("Kontakt senest"), DATE), Column("days", _("Dage over"), COUNT)],
        citizen_level=True, empty_text=_("Ingen forløb har overskredet kontaktfristen i dag."))
    table.total = [_("I alt"), "", "", "", "", "", facts.total]
    cases = _cases(ctx, "overdue_contacts")
    for course_id, team, mentor_type, last_contact, due in facts.rows:
        _add_case_row(table, course_id, cases.get(course_id), [
            team, mentor_type, last_contact, due, (ctx.today - due).days if due else None])
    return table


def overdue_reviews_table(ctx: Context) -> Table:
    facts: CaseList = _part(ctx, "overdue_reviews")
    table = Table("overdue_reviews", _("Overskredne opfølgninger i dag"), [
        Column("course", _("Forløb")), Column("citizen", _("Borger")),
        Column("team", _("Team")), Column("mentor_type", _("Mentortype")),
        Column("kind", _("Opfølgning")), Column("due", _("Forfaldt"), DATE),
        Column("days", _("Dage over"), COUNT)], citizen_level=True,
        empty_text=_("Ingen opfølgninger er overskredet i dag."))
    table.total = [_("I alt"), "", "", "", "", "", facts.total]
    cases = _cases(ctx, "overdue_reviews")
    kinds = dict(ReviewKind.choices)
    for course_id, team, mentor_type, kind, due in facts.rows:
        _add_case_row(table, course_id, cases.get(course_id), [
            team, mentor_type, str(kinds.get(kind, kind)), due, (ctx.today - due).days])
    return table


def _add_case_row(table: Table, course_id: int, citizen: Citizen | None,
                  rest: list[Any]) -> None:
    """A row about one course: the citizen's name and a link only when the user may open the
    case (``citizen`` given); otherwise the course number alone."""
    from django.urls import NoReverseMatch, reverse

    link = None
    if citizen is not None:
        try:
            link = reverse("course_detail", args=[course_id])
        except NoReverseMatch:
            link = None
    name = citizen.full_name if citizen is not None else "–"
    table.rows.append([f"#{course_id}", name, *rest])
    table.row_links.append(link)
    if citizen is not None:
        table.citizen_ids.append(citizen.pk)


def _effect(ctx: Context) -> effect.EffectSummary:
    summary: effect.EffectSummary = _part(ctx, "effect")
    return summary


def _effect_label(ctx: Context) -> Callable[[Any], str]:
    from django.utils.translation import get_language

    from visitation.selectors_referrals import load_labels

    types = load_labels(get_language() or "da").mentor_types if ctx.by == "mentor_type" else {}
    return effect.group_label(ctx.by, types)


def _effect_linked(ctx: Context) -> effect.Linked | None:
    """The effect tables count the same ended courses as the outcome tables: a skal/kan row
    holds the rows of its decision kinds, a mentor type's row lies inside its scheme's row.
    Where those rows hide the ended courses or the jobs and educations, the effect row hides
    them too. (By provider and level no other table counts ended courses.)"""
    members: dict[Any, list[str]]
    if ctx.by == "kind":
        outcomes = _outcome_protected(ctx, "outcomes_kind")
        members = {"must": [k for k in KIND_ORDER if k in MUST_KINDS],
                   "may": [k for k in KIND_ORDER if k not in MUST_KINDS]}
    elif ctx.by == "mentor_type":
        outcomes = _outcome_protected(ctx, "outcomes_scheme")
        members = {code: [scheme] for code, scheme in SCHEME_OF_MENTOR_TYPE.items()}
    else:
        return None

    def linked(key: Any) -> set[str]:
        columns = set()
        codes: list[str | None] = [None] if key is None else list(
            members.get(key, [OTHER.code]))
        for code in codes:
            if outcomes.ended_marker(code):
                columns.add("ended")
            if outcomes.hides(code, POSITIVE):
                columns.add("good")
        return columns

    return linked


def effect_progress_table(ctx: Context) -> Table:
    return effect.progression_table(_effect(ctx), ctx.by, _effect_label(ctx),
                                    _effect_linked(ctx))


def effect_outcomes_table(ctx: Context) -> Table:
    return effect.outcomes_table(_effect(ctx), ctx.by, _effect_label(ctx),
                                 _effect_linked(ctx))


def effect_situations_table(ctx: Context) -> Table:
    return effect.situations_table(_effect(ctx))


def ended_in_period(f: ReportFilter) -> QuerySet[Course]:
    """Courses in scope that ended in the period (the effect population)."""
    return Course.objects.filter(f.course_q(), ended_on__gte=f.period.start,
                                 ended_on__lte=f.period.end).order_by()


TABLES: Final[dict[str, Callable[[Context], Table]]] = {
    "courses": courses_table,
    "spend": spend_table,
    "internal": internal_table,
    "kinds": kinds_table,
    "hours": hours_table,
    "hours_level": hours_level_table,
    "outcomes_kind": outcomes_kind_table,
    "outcomes_scheme": outcomes_scheme_table,
    "compliance": compliance_table,
    "overdue_contacts": overdue_contacts_table,
    "overdue_reviews": overdue_reviews_table,
    "effect_progress": effect_progress_table,
    "effect_outcomes": effect_outcomes_table,
    "effect_situations": effect_situations_table,
}


# --- Parts: what the tables are built from, and what the cache keeps ----------------------

PARTS: Final[dict[str, Callable[[Context], Any]]] = {
    "courses": _course_facts,
    "costs": _cost_facts,
    "reviews": lambda ctx: review_compliance(ctx.f, ctx.today),
    "overdue_reviews": lambda ctx: overdue_reviews(ctx.f, ctx.today, ctx.list_limit),
    "contacts": lambda ctx: contact_compliance(ctx.f, ctx.today),
    "overdue_contacts": lambda ctx: overdue_contacts(ctx.f, ctx.today, ctx.list_limit),
    "effect": lambda ctx: effect.summarise(effect.effect_facts(ended_in_period(ctx.f),
                                                               ctx.today)),
}
LIST_PARTS: Final = frozenset({"overdue_reviews", "overdue_contacts"})
TABLE_PARTS: Final[dict[str, tuple[str, ...]]] = {
    # The scheme tables read the course facts too: their rows name the mentor types.
    "courses": ("courses",), "spend": ("costs", "courses"), "internal": ("costs", "courses"),
    "kinds": ("courses", "costs"), "hours": ("courses", "costs"),
    "hours_level": ("courses", "costs"), "outcomes_kind": ("courses",),
    "outcomes_scheme": ("courses",), "compliance": ("contacts", "reviews"),
    "overdue_contacts": ("overdue_contacts",), "overdue_reviews": ("overdue_reviews",),
    # The effect tables hide what the outcome tables (of the course facts) hide.
    "effect_progress": ("effect", "courses"), "effect_outcomes": ("effect", "courses"),
    "effect_situations": ("effect",),
}


# The data versions of what each part reads (docs/caching.md lists who bumps them). The
# scheme of a course is its mentor type's code; the overdue lists show team and mentor type
# names; the contact figures read the course's next contact date, which the journal moves.
PART_VERSIONS: Final[dict[str, tuple[str, ...]]] = {
    "courses": (caching.COURSES, caching.CATALOGUE),
    "costs": (caching.COSTS, caching.COURSES, caching.CATALOGUE),
    "reviews": (caching.REVIEWS, caching.COURSES),
    "contacts": (caching.JOURNAL, caching.COURSES),
    "overdue_reviews": (caching.REVIEWS, caching.COURSES, caching.TEAMS, caching.CATALOGUE),
    "overdue_contacts": (caching.JOURNAL, caching.COURSES, caching.TEAMS, caching.CATALOGUE),
    "effect": (caching.COURSES, caching.REVIEWS, caching.COSTS, caching.CATALOGUE,
               caching.FOLLOWUPS),
}
PART_TTL: Final = 30 * 60
# A deployment that changes how a figure is counted never reads what the old code cached.
CODE: Final = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("selectors.py", "grouping.py", "schemes.py", "periods.py", "effect.py",
                 "tables.py"))).hexdigest()[:16]


def _part(ctx: Context, name: str) -> Any:
    """A part, computed once per request; from the cache when ``ctx`` has its key."""
    if name not in ctx.cache:
        key = ctx.keys.get(name)
        ctx.cache[name] = (PARTS[name](ctx) if key is None else caching.cached(
            key, lambda: PARTS[name](ctx), versions=PART_VERSIONS[name], ttl=PART_TTL,
            stampede_lock=True))
    return ctx.cache[name]


def _prime(ctx: Context, tables: Iterable[str]) -> None:
    """Plan the parts of ``tables``; with ``ctx.cached``, their cache keys (the filter, today,
    the list length). Full case lists (exports) are not cached."""
    ctx.parts = frozenset(part for table in tables for part in TABLE_PARTS[table])
    if not ctx.cached:
        return
    f = ctx.f
    scope = None if f.team_ids is None else tuple(sorted(f.team_ids))
    for part in ctx.parts:
        if part in LIST_PARTS and ctx.list_limit is None:
            continue
        raw = repr((CODE, part, f.period.start, f.period.end, scope, f.provider_id,
                    f.mentor_type_id, f.kind or None, ctx.today,
                    ctx.list_limit if part in LIST_PARTS else None))
        ctx.keys[part] = f"report:{part}:{hashlib.sha256(raw.encode()).hexdigest()}"


def report_tables(keys: Iterable[str], f: ReportFilter, *, user: User, today: datetime.date,
                  list_limit: int | None = OVERDUE_LIST_LIMIT,
                  cached: bool = False, by: str = effect.DEFAULT_BY) -> dict[str, Table]:
    """Tables by key, in the order asked (KeyError for an unknown key), sharing their parts.
    ``cached``: take the parts from the report cache (see ``dashboard``); ``by``: how the
    effect tables group (``effect.BY``)."""
    keys = list(keys)
    ctx = Context(f, user, today, list_limit, cached=cached,
                  by=by if by in effect.BY else effect.DEFAULT_BY)
    _prime(ctx, keys)
    return {key: TABLES[key](ctx) for key in keys}


def report_table(key: str, f: ReportFilter, *, user: User, today: datetime.date,
                 list_limit: int | None = OVERDUE_LIST_LIMIT, cached: bool = False,
                 by: str = effect.DEFAULT_BY) -> Table:
    """One table by key (KeyError for an unknown key)."""
    return report_tables([key], f, user=user, today=today, list_limit=list_limit,
                         cached=cached, by=by)[key]


def dashboard(f: ReportFilter, *, user: User, today: datetime.date,
              list_limit: int | None = OVERDUE_LIST_LIMIT,
              cached: bool = False, by: str = effect.DEFAULT_BY) -> dict[str, Table]:
    """Every table of the dashboard, in page order. The query count does not depend on rows.

    ``cached`` (the pages): the parts come from the cache, keyed by the filter, ``today`` and
    the list length, under the data versions of what each part reads (``PART_VERSIONS``); a
    hit costs a cache round trip per part, the live contact-interval figure and one query for
    which overdue cases *this* user may open (never cached), with their citizens' names. The
    services that write bump the versions, so the next read recomputes the parts they touched
    (a cost line the cost facts; a journal entry the contact figures; a review the review
    figures; a course all of them). Without ``cached`` everything is computed from the
    database (the tests' reference, the command line).
    """
    return report_tables(TABLES, f, user=user, today=today, list_limit=list_limit,
                         cached=cached, by=by)


def spend_per_scheme(period: Period, *, team_ids: frozenset[int] | None = None) -> Table:
    """The Copenhagen table for the command line (no user: every team, no case lists)."""
    ctx = Context(ReportFilter(period, team_ids), User(), datetime.date.min)
    return spend_table(ctx)


def key_figures(tables: dict[str, Table]) -> dict[str, Any]:
    """The headline numbers, read from the tables' exact total rows."""
    courses, spend, internal = tables["courses"], tables["spend"], tables["internal"]
    return {"started": courses.total[1], "active": courses.total[2], "ended": courses.total[3],
            "citizens": courses.total[4], "spend": spend.total[1],
            "spend_citizens": spend.total[2], "average": spend.total[3],
            "internal_hours": internal.total[1], "internal_value": internal.total[2]}


@dataclass
class CourseCosts:
    lines: list[CostLine]
    external: Decimal
    internal_hours: Decimal
    internal_value: Decimal


def course_cost_summary(course: Course) -> CourseCosts:
    """A course's cost lines, newest first, and its external spend apart from internal time."""
    lines = list(CostLine.objects.filter(course=course).select_related("provider")
                 .order_by("-period_start", "-id"))
    totals = CostLine.objects.filter(course=course).aggregate(
        external=Sum("amount", filter=Q(kind__in=EXTERNAL_KINDS)),
        internal_hours=Sum("hours", filter=Q(kind=CostKind.INTERNAL)),
        internal_value=Sum("amount", filter=Q(kind=CostKind.INTERNAL)))
    return CourseCosts(lines=lines, external=totals["external"] or Decimal(0),
                       internal_hours=totals["internal_hours"] or Decimal(0),
                       internal_value=totals["internal_value"] or Decimal(0))
