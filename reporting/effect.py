"""Progression and effect of ended courses: what "kan" and "skal" courses achieve, and at
what cost (Slagelse 2015's question).

The population is the courses that ended in the report period (within the filters). For each:

- *progression per goal*: the review scale (1 set-back … 5 goal reached) of every goal that
  was assessed in at least two completed reviews, first against latest;
- *readiness*: the latest review that assessed it said the citizen is ready for an active
  offer;
- *outcome at the end* (job or education counts as good);
- *the situation 3 and 6 months on*, as the caseworker recorded it on the follow-up task that
  ``course_end`` made (``visitation.services.followup.situation_tasks_create``); a course whose
  date has come without a recorded situation counts as "not recorded";
- *cost*: every cost line of the course (external spend and internal time at the internal
  rate), whatever the line's period: the whole course's cost beside its result.

Three queries whatever the number of courses (the courses with their cost, their completed
reviews, their recorded situations) give one row per course (``effect_facts``); ``summarise``
sums them per group for each way the tables can group them (decision kind, skal/kan; mentor
type; provider; service level: ``BY``) and in all. The summary, a few hundred numbers however
many courses ended, is the ``effect`` part of the report cache: the rows per course would be
megabytes to read back on every view of the dashboard.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.models import DecisionKind
from reporting.models import CostLine
from reporting.tables import (
    COUNT,
    MONEY,
    SCALE,
    Block,
    Column,
    Table,
    marker_for,
    one_decimal,
    protect,
    whole,
)
from visitation.models import (
    GOOD_SITUATIONS,
    SITUATION_TASK_MONTHS,
    Course,
    FollowUpTask,
    Outcome,
    Review,
    ReviewStatus,
    Situation,
)
from visitation.rules.dates import add_months

MUST_KINDS: Final = frozenset({DecisionKind.RIGHT_AND_DUTY, DecisionKind.RIGHT})
GOOD_OUTCOMES: Final = frozenset({Outcome.EDUCATION, Outcome.JOB})
MONTHS: Final = tuple(sorted(SITUATION_TASK_MONTHS.values()))  # (3, 6)
BY: Final = {"kind": gettext_lazy("Skal/kan"), "mentor_type": gettext_lazy("Mentortype"),
             "provider": gettext_lazy("Leverandør"), "level": gettext_lazy("Serviceniveau")}
DEFAULT_BY: Final = "kind"


@dataclass(frozen=True)
class EffectCourse:
    """One ended course, reduced to what the effect tables count."""

    kind: str
    mentor_type: str
    provider: str
    level: int
    citizen: int
    outcome: str
    cost: Decimal
    goals: int = 0  # goals assessed in at least two reviews
    improved: int = 0
    unchanged: int = 0
    declined: int = 0
    first_sum: int = 0  # the first and the latest scale of those goals, summed
    latest_sum: int = 0
    ready: bool = False
    due: tuple[int, ...] = ()  # the months after the end that have come (3, 6)
    situations: dict[int, str] = field(default_factory=dict)  # months -> recorded situation

    @property
    def good(self) -> bool:
        return self.outcome in GOOD_OUTCOMES

    def group(self, by: str) -> Any:
        if by == "kind":
            return "must" if self.kind in MUST_KINDS else "may"
        return {"mentor_type": self.mentor_type, "provider": self.provider,
                "level": self.level}[by]


def _progression(reviews: Iterable[tuple[Any, bool | None]]) -> dict[str, Any]:
    """Goals' first and latest scale over the reviews in order, and the latest readiness."""
    scales: dict[Any, list[int]] = {}
    ready: bool | None = None
    for progression, readiness in reviews:
        for item in progression or []:
            key = item.get("goal_id") or item.get("goal") or ""
            if isinstance(item.get("scale"), int):
                scales.setdefault(key, []).append(item["scale"])
        if readiness is not None:
            ready = readiness
    measured = [s for s in scales.values() if len(s) >= 2]
    return {"goals": len(measured),
            "improved": sum(1 for s in measured if s[-1] > s[0]),
            "unchanged": sum(1 for s in measured if s[-1] == s[0]),
            "declined": sum(1 for s in measured if s[-1] < s[0]),
            "first_sum": sum(s[0] for s in measured),
            "latest_sum": sum(s[-1] for s in measured), "ready": bool(ready)}


def effect_facts(courses: QuerySet[Course], today: datetime.date) -> list[EffectCourse]:
    """The ended courses of ``courses`` (already limited to the period and the filters)."""
    cost = Subquery(CostLine.objects.filter(course=OuterRef("pk")).order_by()
                    .values("course").annotate(total=Sum("amount")).values("total"))
    rows = list(courses.order_by("pk").annotate(
        cost=Coalesce(cost, Value(Decimal(0)),
                      output_field=DecimalField(max_digits=14, decimal_places=2)))
        .values_list("pk", "kind", "mentor_type__code", "provider__name", "service_level",
                     "citizen_id", "outcome", "ended_on", "cost"))
    ids = courses.values("pk")
    reviews: dict[int, list[tuple[Any, bool | None]]] = {}
    for course_id, progression, readiness in (
            Review.objects.filter(course__in=ids, status=ReviewStatus.DONE)
            .order_by("course_id", "completed_at", "pk")
            .values_list("course_id", "progression", "ready_for_active_offer")):
        reviews.setdefault(course_id, []).append((progression, readiness))
    situations: dict[int, dict[int, str]] = {}
    for course_id, kind, situation in (
            FollowUpTask.objects.filter(course__in=ids, done_at__isnull=False,
                                        kind__in=list(SITUATION_TASK_MONTHS))
            .exclude(situation="").values_list("course_id", "kind", "situation")):
        situations.setdefault(course_id, {})[SITUATION_TASK_MONTHS[kind]] = situation
    facts = []
    for pk, kind, mentor_type, provider, level, citizen, outcome, ended_on, amount in rows:
        facts.append(EffectCourse(
            kind=kind, mentor_type=mentor_type, provider=provider, level=level,
            citizen=citizen, outcome=outcome, cost=Decimal(amount or 0),
            due=tuple(m for m in MONTHS
                      if ended_on is not None and add_months(ended_on, m) <= today),
            situations=situations.get(pk, {}), **_progression(reviews.get(pk, []))))
    return facts


@dataclass
class Sums:
    """One table row's figures: the ended courses of a group (or all of them), summed."""

    ended: int = 0
    citizens: int = 0
    goals: int = 0
    improved: int = 0
    unchanged: int = 0
    declined: int = 0
    first_sum: int = 0
    latest_sum: int = 0
    ready: int = 0
    good: int = 0
    cost: Decimal = Decimal(0)
    recorded: dict[int, int] = field(default_factory=dict)  # months -> situations recorded
    recorded_good: dict[int, int] = field(default_factory=dict)  # … of them job or education


def _sums(courses: list[EffectCourse]) -> Sums:
    sums = Sums(ended=len(courses), citizens=len({c.citizen for c in courses}),
                cost=sum((c.cost for c in courses), Decimal(0)))
    for c in courses:
        sums.goals += c.goals
        sums.improved += c.improved
        sums.unchanged += c.unchanged
        sums.declined += c.declined
        sums.first_sum += c.first_sum
        sums.latest_sum += c.latest_sum
        sums.ready += c.ready
        sums.good += c.good
    for months in MONTHS:
        recorded = [c.situations[months] for c in courses if months in c.situations]
        sums.recorded[months] = len(recorded)
        sums.recorded_good[months] = sum(1 for s in recorded if s in GOOD_SITUATIONS)
    return sums


@dataclass(frozen=True)
class EffectSummary:
    """What the effect tables show, for every grouping: the ``effect`` part of the cache."""

    groups: dict[str, dict[Any, Sums]]  # by -> group key -> figures
    total: Sums
    situations: dict[int, dict[str, int]]  # months -> recorded situation -> courses
    not_recorded: dict[int, int]  # months -> courses whose date has come, none recorded
    reached: dict[int, int]  # months -> courses whose date has come (or recorded early)


def summarise(facts: list[EffectCourse]) -> EffectSummary:
    groups: dict[str, dict[Any, Sums]] = {}
    for by in BY:
        grouped: dict[Any, list[EffectCourse]] = {}
        for course in facts:
            grouped.setdefault(course.group(by), []).append(course)
        groups[by] = {key: _sums(courses) for key, courses in grouped.items()}
    situations = {m: dict.fromkeys(Situation.values, 0) for m in MONTHS}
    not_recorded = dict.fromkeys(MONTHS, 0)
    reached = dict.fromkeys(MONTHS, 0)
    for course in facts:
        for m in MONTHS:
            situation = course.situations.get(m)
            if situation is not None:
                situations[m][situation] = situations[m].get(situation, 0) + 1
            elif m in course.due:
                not_recorded[m] += 1
            if m in course.due or situation is not None:
                reached[m] += 1
    return EffectSummary(groups=groups, total=_sums(facts), situations=situations,
                         not_recorded=not_recorded, reached=reached)


# Which columns of a group's row (None: the total row) another table hides: the same courses
# counted there, so that neither table gives the other away.
Linked = Callable[[Any], set[str]]


def _groups(summary: EffectSummary, by: str,
            label: Callable[[Any], str]) -> list[tuple[Any, str, Sums]]:
    """(group key, row name, figures) in the rows' order."""
    grouped = summary.groups[by]
    if by == "kind":
        keys = [k for k in ("must", "may") if k in grouped]
    elif by == "level":
        keys = sorted(grouped)
    else:
        keys = sorted(grouped, key=label)
    return [(k, label(k), grouped[k]) for k in keys]


def _linked_preset(table: Table, keys: list[Any], linked: Linked | None) -> dict[
        tuple[int, str], str]:
    if linked is None:
        return {}
    return {(i, column): marker_for(line[table.index(column)])
            for i, (key, line) in enumerate(zip([*keys, None], [*table.rows, table.total],
                                                strict=True))
            for column in linked(key) if column in {c.key for c in table.columns}}


def group_label(by: str, mentor_types: dict[str, str]) -> Callable[[Any], str]:
    """How a group's row is named, in the request's language."""
    if by == "kind":
        return lambda k: _("Skal (ret og pligt, ret)") if k == "must" else _("Kan (tilbud)")
    if by == "level":
        return lambda k: _("Niveau %(level)s") % {"level": k}
    if by == "mentor_type":
        return lambda k: mentor_types.get(k, k)
    return str


def _mean(total: int, count: int) -> Decimal | None:
    return one_decimal(Decimal(total) / count) if count else None


def progression_table(summary: EffectSummary, by: str, label: Callable[[Any], str],
                      linked: Linked | None = None) -> Table:
    """Progression per goal (first against latest review), and readiness, per group."""
    table = Table("effect_progress", _("Progression i afsluttede forløb"), [
        Column("group", str(BY[by])), Column("ended", _("Afsluttede forløb"), COUNT),
        Column("goals", _("Mål vurderet mindst to gange"), COUNT),
        Column("improved", _("Fremgang"), COUNT), Column("unchanged", _("Uændret"), COUNT),
        Column("declined", _("Tilbagegang"), COUNT),
        Column("first", _("Første vurdering (gns. 1–5)"), SCALE),
        Column("latest", _("Seneste vurdering (gns. 1–5)"), SCALE),
        Column("ready", _("Parat til aktivt tilbud"), COUNT)])

    def line(name: str, s: Sums) -> list[Any]:
        return [name, s.ended, s.goals, s.improved, s.unchanged, s.declined,
                _mean(s.first_sum, s.goals), _mean(s.latest_sum, s.goals), s.ready]

    groups = _groups(summary, by, label)
    table.rows = [line(name, sums) for _key, name, sums in groups]
    table.total = line(_("I alt"), summary.total)
    protect(table, [Block(("improved", "unchanged", "declined"), row_total="goals"),
                    Block(("ended",)), Block(("ready",))],
            preset=_linked_preset(table, [k for k, _n, _c in groups], linked))
    table.note = _("Forløb afsluttet i perioden. Progressionsskalaen går fra 1 (tilbagegang) til "
                   "5 (målet er nået); et mål tæller, når det er vurderet i mindst to "
                   "opfølgninger, og den første vurdering sammenlignes med den seneste. Parat: "
                   "den seneste opfølgning, der vurderede det, fandt borgeren klar til et "
                   "aktivt tilbud.")
    return table


def outcomes_table(summary: EffectSummary, by: str, label: Callable[[Any], str],
                   linked: Linked | None = None) -> Table:
    """Outcome at the end, the situation 3 and 6 months on, and the cost, per group."""
    table = Table("effect_outcomes", _("Resultat, varig effekt og udgift"), [
        Column("group", str(BY[by])), Column("ended", _("Afsluttede forløb"), COUNT),
        Column("citizens", _("Borgere"), COUNT),
        Column("good", _("Job eller uddannelse ved afslutning"), COUNT),
        Column("m3_recorded", _("Situation registreret efter 3 mdr."), COUNT),
        Column("m3_good", _("Heraf job eller uddannelse"), COUNT),
        Column("m6_recorded", _("Situation registreret efter 6 mdr."), COUNT),
        Column("m6_good", _("Heraf job eller uddannelse"), COUNT),
        Column("cost", _("Udgift (kr.)"), MONEY),
        Column("per_citizen", _("Pr. borger (kr.)"), MONEY),
        Column("per_good", _("Pr. forløb med job eller uddannelse (kr.)"), MONEY)])

    def line(name: str, s: Sums) -> list[Any]:
        counts = [n for m in MONTHS for n in (s.recorded.get(m, 0), s.recorded_good.get(m, 0))]
        return [name, s.ended, s.citizens, s.good, *counts, whole(s.cost),
                whole(s.cost / s.citizens) if s.citizens else None,
                whole(s.cost / s.good) if s.good else None]

    groups = _groups(summary, by, label)
    table.rows = [line(name, sums) for _key, name, sums in groups]
    table.total = line(_("I alt"), summary.total)
    protect(table, [Block((key,)) for key in ("ended", "citizens", "good", "m3_recorded",
                                              "m3_good", "m6_recorded", "m6_good")],
            follows={"per_citizen": ("citizens",), "per_good": ("good",)},
            preset=_linked_preset(table, [k for k, _n, _c in groups], linked))
    table.note = _("Forløb afsluttet i perioden. Udgift: alle forløbenes udgiftslinjer "
                   "(eksterne udgifter og intern tid), uanset linjens periode. Situationen "
                   "registreres af sagsbehandleren 3 og 6 måneder efter afslutningen; job "
                   "eller uddannelse tæller som et godt resultat.")
    return table


def situations_table(summary: EffectSummary) -> Table:
    """The situations recorded 3 and 6 months on, with those not (yet) recorded."""
    table = Table("effect_situations", _("Borgerens situation efter forløbet"), [
        Column("situation", _("Situation")),
        *[Column(f"m{m}", _("Efter %(months)s mdr.") % {"months": m}, COUNT)
          for m in MONTHS]])
    for code, name in Situation.choices:
        table.rows.append([str(name), *[summary.situations[m].get(code, 0) for m in MONTHS]])
    table.rows.append([_("Ikke registreret"), *[summary.not_recorded[m] for m in MONTHS]])
    table.total = [_("Forløb, hvor tidspunktet er nået"), *[summary.reached[m] for m in MONTHS]]
    if not any(table.total[1:]):
        table.rows = []
    protect(table, [Block((f"m{m}",)) for m in MONTHS])
    table.note = _("Forløb afsluttet i perioden, hvis 3 eller 6 måneder er gået siden "
                   "afslutningen (eller situationen er registreret).")
    table.empty_text = _("Ingen af periodens afsluttede forløb er nået 3 måneder efter "
                         "afslutningen endnu.")
    return table
