"""Demo data for the reports: cost lines for the demo courses, and the Copenhagen 2017 scenario.

``seed`` (run by ``seed_demo``) prices the demo courses month by month: journaled hours where
the journal has them, else the granted hours, at the provider's hourly price (internal time at
the internal hourly rate). ``seed_copenhagen_2017`` (``seed_demo --scenario copenhagen2017``)
rebuilds Copenhagen's external-mentor year 2017 from raw citizens, courses and cost lines, in a
municipality and team of its own, so that the dashboard and ``report spend --year 2017`` show
the table from Copenhagen's 2018 answer:

    fastholdelsesmentor       25,000,000 kr.  3,000 citizens   8,333 per citizen
    helhedsorienteret mentor  26,000,000 kr.  3,100 citizens   8,387 per citizen
    udskrivningskoordinator    4,800,000 kr.    450 citizens  10,667 per citizen
    total                     55,800,000 kr.  6,550 citizens   8,519 per citizen

Both are idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from mentor import cpr as cpr_lib
from mentor.models import (
    Benefit,
    Citizen,
    DecisionKind,
    MentorType,
    Municipality,
    PolicyVersion,
    Provider,
    ProviderKind,
    ServiceLevel,
    Team,
    User,
)
from mentor.name_search import search_name_for
from mentor.selectors import policy_in_force
from reporting.models import CostKind, CostLine
from reporting.services import default_kind
from visitation.models import Course, CourseStatus, EndReason, JournalEntry, Outcome, Referral

CENT = Decimal("0.01")


def _months(start: datetime.date, end: datetime.date,
            step: int = 1) -> list[tuple[datetime.date, datetime.date]]:
    """The pieces of [start, end] cut at every ``step``-th calendar month (1: months, 3:
    quarters)."""
    pieces = []
    day = start
    while day <= end:
        index = day.year * 12 + day.month - 1
        index += step - index % step
        following = datetime.date(index // 12, index % 12 + 1, 1)
        pieces.append((day, min(end, following - datetime.timedelta(days=1))))
        day = following
    return pieces


@transaction.atomic
def seed(municipality: Municipality, citizens: int, stdout: TextIO) -> None:
    """Monthly cost lines for the demo courses up to last month. Courses that already have a
    line are left alone."""
    today = timezone.localdate()
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    courses = list(Course.objects.filter(team__municipality=municipality,
                                         start_date__lte=last_day, cost_lines__isnull=True)
                   .select_related("provider").order_by("id"))
    if not courses:
        return
    journal = {(row["course_id"], row["month"]): row["minutes"] for row in (
        JournalEntry.objects.filter(course__in=[c.pk for c in courses])
        .annotate(month=TruncMonth("contact_date")).values("course_id", "month")
        .annotate(minutes=Sum("duration_minutes")).order_by())}
    journaled = {course_id for course_id, _ in journal}
    policy = policy_in_force(municipality, today)
    internal_rate = policy.internal_hourly_rate if policy else None
    creator = User.objects.filter(username="admin").first()
    lines = []
    for course in courses:
        if course.provider.kind == ProviderKind.VOLUNTEER:
            continue  # volunteers are not paid
        kind = default_kind(course.provider)
        rate = internal_rate if kind == CostKind.INTERNAL else course.provider.hourly_price
        end = min(course.ended_on or course.end_date, last_day)
        for first, last in _months(course.start_date, end):
            if course.pk in journaled:
                minutes = journal.get((course.pk, _month_key(first)), 0)
                hours = (Decimal(minutes) / 60).quantize(CENT, ROUND_HALF_UP)
            else:
                days = (last - first).days + 1
                hours = (course.hours_per_week * days / 7).quantize(CENT, ROUND_HALF_UP)
            if not hours:
                continue
            amount = (hours * rate).quantize(CENT, ROUND_HALF_UP) if rate else Decimal(0)
            lines.append(CostLine(course=course, provider=course.provider, kind=kind,
                                  period_start=first, period_end=last, hours=hours,
                                  amount=amount, created_by=creator,
                                  note="Demodata: forudfyldt fra journal og bevilling"))
    CostLine.objects.bulk_create(lines, batch_size=2000)
    stdout.write(f"Cost lines: {len(lines)} new for {len(courses)} demo courses.\n")


def _month_key(day: datetime.date) -> Any:
    """TruncMonth gives a date on SQLite and PostgreSQL alike for a DateField."""
    return day.replace(day=1)


# --- Copenhagen 2017 -----------------------------------------------------------------------

KK_MUNICIPALITY = "Københavns Kommune (scenarie 2017)"
KK_TEAM = "Jobcenter København – eksterne mentorer 2017"
KK_USER = "kk2017-scenarie"
YEAR_START, YEAR_END = datetime.date(2017, 1, 1), datetime.date(2017, 12, 31)


@dataclass(frozen=True)
class SchemePlan:
    mentor_types: tuple[str, ...]
    kind: str
    citizens: int
    spend: int  # kroner in 2017
    second_course_every: int  # every n-th citizen has two courses in 2017
    target_group: str


COPENHAGEN_2017 = (
    SchemePlan(("retention_mentor", "professional_mentor", "social_mentor"), DecisionKind.OFFER,
               3000, 25_000_000, 8, "general_employment_activity"),
    SchemePlan(("holistic_mentor",), DecisionKind.RIGHT_AND_DUTY, 3100, 26_000_000, 10,
               "activity_ready_cash_benefit_unable"),
    SchemePlan(("discharge_coordinator",), DecisionKind.RIGHT, 450, 4_800_000, 0,
               "psychiatric_discharge"),
)
# Internal mentors in the same year: hours only, reported apart from the external table.
INTERNAL_COURSES = 300


def _add_months(day: datetime.date, months: int) -> datetime.date:
    from visitation.rules.dates import add_months

    return add_months(day, months)


def _synthetic_citizens(rng: random.Random, team: Team, creator: User, count: int,
                        taken: set[str]) -> list[Citizen]:
    from mentor.seed.organisation import FIRST_NAMES, LAST_NAMES, synthetic_cpr

    result: list[Citizen] = []
    while len(result) < count:
        birth = datetime.date(2017, 1, 1) - datetime.timedelta(days=rng.randint(18 * 365,
                                                                                 64 * 365))
        number = synthetic_cpr(rng, birth)
        digest = cpr_lib.keyed_hash(number)
        if digest in taken:
            continue
        taken.add(digest)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        result.append(Citizen(
            team=team, cpr_encrypted=cpr_lib.encrypt(number), cpr_hash=digest, birth_date=birth,
            first_name=first, last_name=last, search_name=search_name_for(first, last),
            benefit=Benefit.CASH_BENEFIT, created_by=creator,
            caseworker=creator))
    return result


def _spread(total_ore: int, weights: list[int]) -> list[int]:
    """Split ``total_ore`` over ``weights`` in whole øre, summing exactly to the total."""
    weight_sum = sum(weights)
    parts = [total_ore * w // weight_sum for w in weights]
    for index in range(total_ore - sum(parts)):
        parts[index % len(parts)] += 1
    return parts


def _organisation() -> tuple[Municipality, Team, User, dict[str, Provider]]:
    municipality, _ = Municipality.objects.get_or_create(
        name=KK_MUNICIPALITY, defaults={"address": "Scenarie: Københavns eksterne mentorer 2017"})
    team, _ = Team.objects.get_or_create(municipality=municipality, name=KK_TEAM)
    user, created = User.objects.get_or_create(
        username=KK_USER, defaults={"first_name": "Scenarie", "last_name": "København 2017",
                                    "is_active": False})
    if created:
        user.set_unusable_password()
        user.save()
    providers = {}
    for key, name, kind, price in (
        ("a", "Mentorhuset København ApS", ProviderKind.EXTERNAL, Decimal("575.00")),
        ("b", "Brobyggerne A/S", ProviderKind.EXTERNAL, Decimal("610.00")),
        ("c", "Psykiatribroen I/S", ProviderKind.EXTERNAL, Decimal("650.00")),
        ("company", "Københavns Værksted A/S", ProviderKind.COMPANY, Decimal("320.00")),
        ("internal", "Jobcenter Københavns mentorkorps", ProviderKind.INTERNAL, None),
    ):
        providers[key], _ = Provider.objects.get_or_create(
            municipality=municipality, name=name,
            defaults={"kind": kind, "hourly_price": price})
    if not PolicyVersion.objects.filter(municipality=municipality).exists():
        from mentor.services import DEFAULT_COMPLAINT_GUIDANCE, DEFAULT_LEVELS

        policy = PolicyVersion.objects.create(
            municipality=municipality, name="København 2017", effective_from=YEAR_START.replace(
                year=2016), complaint_guidance=DEFAULT_COMPLAINT_GUIDANCE,
            internal_hourly_rate=Decimal("400.00"), created_by=user,
            reason="Scenarie: Københavns eksterne mentorer 2017")
        ServiceLevel.objects.bulk_create(
            ServiceLevel(policy=policy, level=level, min_hours_per_week=lo,
                         max_hours_per_week=hi, review_interval_months=months)
            for level, (lo, hi, months) in DEFAULT_LEVELS.items())
    return municipality, team, user, providers


@transaction.atomic
def seed_copenhagen_2017(stdout: TextIO | None = None, *, seed: int = 2017) -> bool:
    """Build the scenario; False (and nothing done) when it is already there."""
    municipality, team, user, providers = _organisation()
    if Course.objects.filter(team=team).exists():
        if stdout:
            stdout.write("Copenhagen 2017 scenario already loaded.\n")
        return False
    rng = random.Random(seed)  # noqa: S311 (seeded synthetic data)
    types = {mt.code: mt for mt in MentorType.objects.all()}
    taken = set(Citizen.objects.values_list("cpr_hash", flat=True))
    plans = [(plan, _synthetic_citizens(rng, team, user, plan.citizens, taken))
             for plan in COPENHAGEN_2017]
    internal_citizens = _synthetic_citizens(rng, team, user, INTERNAL_COURSES, taken)
    Citizen.objects.bulk_create([c for _, cs in plans for c in cs] + internal_citizens,
                                batch_size=2000)

    # Courses: (plan or None for internal, citizen, start, months, provider).
    specs: list[tuple[SchemePlan | None, Citizen, datetime.date, int, Provider]] = []
    for plan, citizens in plans:
        for index, citizen in enumerate(citizens):
            second = plan.second_course_every and index % plan.second_course_every == 0
            if plan.kind == DecisionKind.RIGHT:
                provider = providers["c"]
            elif plan.kind == DecisionKind.OFFER and index % 12 == 0:
                provider = providers["company"]  # frikøb under LAB § 31 d
            else:
                provider = providers["a" if index % 2 else "b"]
            if second:
                # Two courses in the year: one in the first half, a new one in the second.
                specs.append((plan, citizen, datetime.date(2017, 1, 1 + index % 28), 5,
                              provider))
                specs.append((plan, citizen, datetime.date(2017, 7, 1 + index % 28), 5,
                              provider))
            else:
                # From July 2016 to December 2017: some courses span two years.
                offset = rng.randint(0, 540)
                specs.append((plan, citizen, datetime.date(2016, 7, 1)
                              + datetime.timedelta(days=offset), 6, provider))
    specs.extend((None, citizen, datetime.date(2017, 1, 1)
                  + datetime.timedelta(days=rng.randint(0, 300)), 6, providers["internal"])
                 for citizen in internal_citizens)

    referrals, courses = [], []
    outcomes = [Outcome.JOB, Outcome.EDUCATION, Outcome.ORDINARY_OFFER, Outcome.OTHER]
    for spec_plan, citizen, start, months, provider in specs:
        code = rng.choice(spec_plan.mentor_types) if spec_plan else "holistic_mentor"
        kind = spec_plan.kind if spec_plan else DecisionKind.RIGHT_AND_DUTY
        end = _add_months(start, months)
        level = rng.choice((1, 2, 2, 3))
        hours = {1: Decimal("1.0"), 2: Decimal("1.5"), 3: Decimal("3.0")}[level]
        outcome = rng.choices(outcomes, (25, 20, 35, 20))[0]
        ended_on = end if outcome in (Outcome.ORDINARY_OFFER, Outcome.OTHER) else \
            max(start + datetime.timedelta(days=60), end - datetime.timedelta(days=30))
        # Every course has some time in 2017, so that each citizen counts in the year.
        ended_on = max(ended_on, YEAR_START)
        referral = Referral(
            citizen=citizen, team=team, created_by=user, status="approved",
            mentor_type=types[code], service_level=level, hours_per_week=hours,
            proposed_start=start, decision_kind=kind, rule_set_version="2016-01-01",
            visitation_grounds=["offer_retention"], decided_by=user)
        referrals.append(referral)
        courses.append(Course(
            citizen=citizen, referral=referral, team=team, caseworker=user, mentor=None,
            provider=provider, mentor_type=types[code],
            target_group=spec_plan.target_group if spec_plan else "activity_ready_cash_benefit_unable",
            kind=kind, legal_basis=[], rule_set_version="2016-01-01",
            decision_date=start - datetime.timedelta(days=7),
            min_contact_days=14 if kind == DecisionKind.RIGHT_AND_DUTY else None,
            service_level=level, hours_per_week=hours, start_date=start, end_date=end,
            status=CourseStatus.ENDED, ended_on=ended_on,
            end_reason={Outcome.JOB: EndReason.JOB, Outcome.EDUCATION: EndReason.EDUCATION,
                        Outcome.ORDINARY_OFFER: EndReason.READY_FOR_OFFER,
                        Outcome.OTHER: EndReason.PERIOD_EXPIRED}[outcome],
            outcome=outcome, last_contact_date=ended_on))
    Referral.objects.bulk_create(referrals, batch_size=2000)
    for course in courses:
        course.referral_id = course.referral.pk
    Course.objects.bulk_create(courses, batch_size=2000)

    lines = _copenhagen_cost_lines(courses, specs, user)
    CostLine.objects.bulk_create(lines, batch_size=5000)
    if stdout:
        stdout.write(f"Copenhagen 2017 scenario: {len(courses)} courses, "
                     f"{len(lines)} cost lines in '{municipality.name}'.\n")
    return True


def _copenhagen_cost_lines(courses: list[Course], specs: list[Any],
                           user: User) -> list[CostLine]:
    """Quarterly invoices per course. Each scheme's lines starting in 2017 share its 2017 total
    exactly (in proportion to hours × price); quarters outside 2017 are priced normally."""
    lines: list[CostLine] = []
    in_year: dict[int, list[tuple[CostLine, int]]] = {}
    for course, (plan, _citizen, _start, _length, provider) in zip(courses, specs, strict=True):
        kind = default_kind(provider)
        last = course.ended_on or course.end_date
        for first, end in _months(course.start_date, last, step=3):
            days = (end - first).days + 1
            hours = (course.hours_per_week * days / 7).quantize(CENT, ROUND_HALF_UP)
            rate = Decimal("400.00") if kind == CostKind.INTERNAL else provider.hourly_price
            line = CostLine(course=course, provider=provider, kind=kind, period_start=first,
                            period_end=end, hours=hours,
                            amount=(hours * rate).quantize(CENT, ROUND_HALF_UP),
                            created_by=user, note="Scenarie København 2017")
            lines.append(line)
            if plan is not None and YEAR_START <= first <= YEAR_END:
                weight = int(hours * rate * 100)
                in_year.setdefault(id(plan), []).append((line, weight))
    for plan in COPENHAGEN_2017:
        year_lines = in_year[id(plan)]
        for (line, _), ore in zip(year_lines, _spread(plan.spend * 100,
                                                      [w for _, w in year_lines]), strict=True):
            line.amount = Decimal(ore) / 100
            if line.provider.hourly_price:
                line.hours = (line.amount / line.provider.hourly_price).quantize(
                    CENT, ROUND_HALF_UP)
    return lines
