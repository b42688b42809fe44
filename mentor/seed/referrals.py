"""Demo referrals and courses for the demo citizens, through the services.

A realistic spread for every role: drafts, referrals waiting in the team leaders' queues,
returned and rejected ones, and approved courses (running, extended, ended, and a few
historic right-and-duty courses from before 2020) assigned to the demo mentors ``mentor`` and
``mentor2`` or to a provider.

Idempotent: a citizen who already has a referral is left alone, and the scenario for each
citizen is chosen deterministically from its id, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentor.models import Citizen, DecisionKind, Mentor, MentorType, Municipality, Role, User
from mentor.services import DomainError
from visitation import rules
from visitation.decisions import decide, policy_for, stored_decision
from visitation.models import (
    Course,
    EndReason,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralStatus,
    VisitationGround,
)
from visitation.selectors_referrals import mentor_capacity_left
from visitation.services.courses import course_end, course_extend, course_open
from visitation.services.referrals import (
    ReferralInput,
    referral_approve,
    referral_reject,
    referral_return,
    referral_save_draft,
    referral_submit,
)

# Scenario per citizen, drawn by weight. "running" and "ended" are approved in the past.
SCENARIOS = (("none", 12), ("draft", 8), ("submitted", 16), ("returned", 6),
             ("rejected", 5), ("approved_today", 6), ("running", 25), ("extended", 8),
             ("ended", 9), ("historic_right_and_duty", 4))

GOALS = (
    ("Møde stabilt op i virksomhedspraktik", "Fremmøde pr. uge registreret af mentor"),
    ("Overholde aftaler med behandlingstilbud", "Antal overholdte aftaler pr. måned"),
    ("Kunne håndtere breve og krav fra myndigheder", "Selvvurdering på skala 1–10 ved opfølgning"),
    ("Fastholde uddannelsen det første semester", "Fravær og beståede moduler"),
    ("Skabe struktur i hverdagen", "Døgnrytme og planlagte aktiviteter gennemført"),
)
REJECT_REASONS = ("Borgerens behov dækkes af den eksisterende § 85-støtte.",
                  "Indsatsen kan løses inden for det ordinære tilbud.")
RETURN_COMMENTS = ("Uddyb, hvordan progressionen i målet skal måles.",
                   "Vælg et lavere serviceniveau; timetallet passer ikke til niveau 3.")


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    caseworkers = {team_id: user for user in User.objects.filter(
        groups__name=Role.CASEWORKER, teams__municipality=municipality).order_by("username")
        for team_id in user.team_ids}
    leaders = {team_id: user for user in User.objects.filter(
        groups__name=Role.TEAM_LEADER, teams__municipality=municipality).order_by("username")
        for team_id in user.team_ids}
    mentors = list(Mentor.objects.filter(user__username__in=("mentor", "mentor2"),
                                         provider__municipality=municipality)
                   .select_related("provider").order_by("user__username"))
    pending = (Citizen.objects.filter(team__municipality=municipality, referrals__isnull=True,
                                      team_id__in=list(caseworkers))
               .select_related("team__municipality").order_by("id"))
    counts: dict[str, int] = {}
    for citizen in pending:
        scenario = _scenario(citizen)
        if scenario == "none":
            continue
        caseworker, leader = caseworkers[citizen.team_id], leaders.get(citizen.team_id)
        if leader is None:
            continue
        try:
            with transaction.atomic():
                done = _play(scenario, citizen, caseworker, leader, mentors)
        except (DomainError, rules.RulesError):
            continue
        if done:
            counts[done] = counts.get(done, 0) + 1
    if counts:
        stdout.write("Demo referrals and courses: " + ", ".join(
            f"{n} {name}" for name, n in sorted(counts.items())))


def _scenario(citizen: Citizen) -> str:
    rng = random.Random(f"visitation-{citizen.pk}")  # noqa: S311 (seeded synthetic data)
    names = [name for name, _weight in SCENARIOS]
    weights = [weight for _name, weight in SCENARIOS]
    return rng.choices(names, weights)[0]


def _input(citizen: Citizen, rng: random.Random, start: datetime.date,
           mentor_type: MentorType | None = None) -> ReferralInput:
    level = rng.choice((1, 1, 2, 2, 3))
    hours = {1: Decimal("1.0"), 2: Decimal("1.5"), 3: Decimal("3.0")}[level]
    return ReferralInput(
        proposed_start=start,
        visitation_grounds=rng.sample(list(VisitationGround.values), rng.randint(1, 3)),
        grounds_text="Borgeren har brug for en fast voksen, der kan støtte i overgangen.",
        mentor_type=mentor_type, service_level=level, hours_per_week=hours,
        goals=rng.sample(GOALS, rng.randint(1, 2)))


def _play(scenario: str, citizen: Citizen, caseworker: User, leader: User,
          mentors: list[Mentor]) -> str | None:
    rng = random.Random(f"visitation-play-{citizen.pk}")  # noqa: S311 (seeded synthetic data)
    today = timezone.localdate()
    if scenario == "historic_right_and_duty":
        return _historic_right_and_duty(citizen, caseworker, leader, mentors, rng)
    if scenario in ("running", "extended", "ended"):
        months_ago = {"running": rng.randint(1, 4), "extended": 6, "ended": rng.randint(3, 5)}
        start = today - datetime.timedelta(days=30 * months_ago[scenario] + rng.randint(0, 20))
        return _past_course(scenario, citizen, caseworker, leader, mentors, rng, start)
    referral = referral_save_draft(actor=caseworker, citizen=citizen,
                                   data=_input(citizen, rng, today))
    if scenario == "draft":
        return "drafts"
    if referral.decision_kind in ("", DecisionKind.NOT_ELIGIBLE):
        return "drafts"
    referral = referral_submit(actor=caseworker, referral=referral)
    if scenario == "returned":
        referral_return(actor=leader, referral=referral, comment=rng.choice(RETURN_COMMENTS))
    elif scenario == "rejected":
        referral_reject(actor=leader, referral=referral, reason=rng.choice(REJECT_REASONS))
    elif scenario == "approved_today":
        mentor = _mentor_for(referral.decision.get("mentor_type"), referral.hours_per_week,
                             mentors)
        referral_approve(actor=leader, referral=referral, mentor=mentor,
                         provider=None if mentor else _provider(citizen))
        return "approved"
    return scenario


def _mentor_for(code: str | None, hours: Decimal, mentors: list[Mentor]) -> Mentor | None:
    for mentor in mentors:
        if mentor.certifications.filter(mentor_type__code=code).exists() \
                and mentor_capacity_left(mentor) >= hours:
            return mentor
    return None


def _provider(citizen: Citizen) -> Any:
    from mentor.models import Provider, ProviderKind

    return Provider.objects.filter(municipality=citizen.team.municipality, active=True) \
        .exclude(kind__in=(ProviderKind.COMPANY, ProviderKind.EDUCATION)).order_by("id").last()


def _approved_referral(citizen: Citizen, caseworker: User, leader: User, data: ReferralInput,
                       decided: datetime.date, level: int) -> tuple[Referral, dict[str, Any]]:
    """A referral approved on ``decided`` (back-dated demo history), with its events."""
    policy = policy_for(citizen.team.municipality, decided)
    facts, decision = decide(citizen, decision_date=decided, service_level=level,
                             start_date=data.proposed_start, policy=policy)
    if decision.kind == DecisionKind.NOT_ELIGIBLE:
        raise DomainError("not eligible")
    stored = stored_decision(decision)
    at = datetime.datetime.combine(decided, datetime.time(10), timezone.get_current_timezone())
    referral = Referral.objects.create(
        citizen=citizen, team=citizen.team, created_by=caseworker,
        status=ReferralStatus.APPROVED, visitation_grounds=data.visitation_grounds,
        grounds_text=data.grounds_text, service_level=level,
        hours_per_week=data.hours_per_week, proposed_start=data.proposed_start,
        mentor_type=MentorType.objects.get(code=decision.mentor_type), facts_snapshot=facts,
        decision=stored, decision_kind=decision.kind,
        rule_set_version=decision.rule_set_version, submitted_at=at - datetime.timedelta(days=3),
        decided_at=at, decided_by=leader)
    for index, (description, measure) in enumerate(data.goals):
        referral.goals.create(description=description, measure=measure, order=index)
    for actor, from_status, to_status, when in (
            (caseworker, "", ReferralStatus.DRAFT, at - datetime.timedelta(days=5)),
            (caseworker, ReferralStatus.DRAFT, ReferralStatus.SUBMITTED, referral.submitted_at),
            (leader, ReferralStatus.SUBMITTED, ReferralStatus.APPROVED, at)):
        event = ReferralEvent.objects.create(referral=referral, actor=actor,
                                             from_status=from_status, to_status=to_status)
        ReferralEvent.objects.filter(pk=event.pk).update(at=when)
    # Demo history happened in the past: the timestamps say so.
    Referral.objects.filter(pk=referral.pk).update(created_at=at - datetime.timedelta(days=5),
                                                   updated_at=at)
    return referral, stored


def _backdate_course(course: Course, decided: datetime.date) -> None:
    at = datetime.datetime.combine(decided, datetime.time(10, 5),
                                   timezone.get_current_timezone())
    Course.objects.filter(pk=course.pk).update(created_at=at)
    course.events.filter(action="opened").update(at=at)
    course.periods.filter(number=1).update(created_at=at)


def _past_course(scenario: str, citizen: Citizen, caseworker: User, leader: User,
                 mentors: list[Mentor], rng: random.Random, start: datetime.date) -> str | None:
    data = _input(citizen, rng, start)
    referral, stored = _approved_referral(citizen, caseworker, leader, data, start,
                                          data.service_level)
    mentor = _mentor_for(stored["mentor_type"], data.hours_per_week, mentors)
    provider = mentor.provider if mentor else _provider(citizen)
    course = course_open(actor=leader, referral=referral, mentor=mentor, provider=provider,
                         stored_decision=stored, decision_date=start)
    _backdate_course(course, start)
    if scenario == "extended":
        course_extend(actor=caseworker, course=course,
                      reason="Borgeren er tæt på at kunne starte i ordinært tilbud; "
                             "en ny periode vurderes nødvendig.")
    elif scenario == "ended":
        ended = min(timezone.localdate(), start + datetime.timedelta(days=rng.randint(60, 110)))
        reason = rng.choice((EndReason.GOAL_REACHED, EndReason.JOB, EndReason.EDUCATION))
        outcome = {EndReason.JOB: Outcome.JOB, EndReason.EDUCATION: Outcome.EDUCATION}.get(
            reason, Outcome.ORDINARY_OFFER)
        course_end(actor=caseworker, course=course, reason=reason, ended_on=ended,
                   outcome=outcome)
    return f"{scenario} courses"


def _historic_right_and_duty(citizen: Citizen, caseworker: User, leader: User,
                             mentors: list[Mentor], rng: random.Random) -> str | None:
    """A right-and-duty course decided in 2018–2019 (before the 2020 recast), long ended."""
    from mentor.services import citizen_update

    citizen = citizen_update(actor=caseworker, citizen=citizen, benefit="cash_benefit",
                             activity_ready=True, can_take_part_in_offers=False)
    start = datetime.date(rng.choice((2018, 2019)), rng.randint(1, 6), rng.randint(1, 28))
    data = _input(citizen, rng, start)
    referral, stored = _approved_referral(citizen, caseworker, leader, data, start,
                                          data.service_level)
    holistic = next((m for m in mentors if m.certifications.filter(
        mentor_type__code="holistic_mentor").exists()), None)
    course = course_open(actor=leader, referral=referral, mentor=holistic,
                         provider=holistic.provider if holistic else _provider(citizen),
                         stored_decision=stored, decision_date=start)
    _backdate_course(course, start)
    course_end(actor=caseworker, course=course, reason=EndReason.READY_FOR_OFFER,
               ended_on=start + datetime.timedelta(days=rng.randint(150, 170)))
    return "historic right-and-duty courses"
