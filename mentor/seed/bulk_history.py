"""Bulk history for synthetic citizens: referrals, courses, periods, reviews, journal entries,
contact intervals, events and cost lines (see ``mentor.seed.bulk`` for the run and the writer).

Each course is what approval and the course life cycle would have left behind: the referral's
facts snapshot and the rules' real decision (``visitation.rules.evaluate`` under the policy in
force on the decision date), the first period and one period per extension with its own
decision, review rows from each decision, journal entries in the course's rhythm, contact
intervals computed by the journal's own function, reminder stamps as a daily sweep would have
set them, and monthly cost lines priced like ``reporting.services.cost_lines_generate``.
"""

from __future__ import annotations

import bisect
import datetime
import json
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mentor.models import DecisionKind, PolicyVersion, ProviderKind
from mentor.seed.bulk import UTC, Batch, IdPool, NewCitizen, Organisation, Table
from visitation import rules
from visitation.decisions import stored_decision
from visitation.models import (
    IN_PERSON_FORMS,
    ContactForm,
    ContactInterval,
    Course,
    CourseEvent,
    CoursePeriod,
    CourseStatus,
    EndReason,
    JournalEntry,
    JournalPhase,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralGoal,
    ReferralStatus,
    Review,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    VisitationGround,
)
from visitation.rules.dates import add_months
from visitation.selectors_compliance import ContactFact, contact_intervals
from visitation.services.courses import IN_PERSON_FROM

FIRST_DAY = datetime.date(2014, 1, 1)  # the rules begin here
DAY = datetime.timedelta(days=1)
CENT = Decimal("0.01")
# Sweep settings the reminder stamps imitate (visitation/services/followup.py defaults).
REVIEW_REMINDER_DAYS_BEFORE = 7
CONTACT_REMINDER_DAYS_BEFORE = 2

GOALS = (
    ("Møde stabilt op i praktik", "Antal fremmødedage pr. uge, noteret af mentor"),
    ("Påbegynde en ordinær uddannelse", "Optagelse og fremmøde den første måned"),
    ("Få struktur på hverdagen", "Ugeskemaet følges mindst fire dage om ugen"),
    ("Håndtere post og krav fra myndigheder", "Breve åbnes og besvares rettidigt"),
    ("Stabil deltagelse i behandling", "Fremmøde til aftalte behandlingstider"),
    ("Fastholde job eller uddannelse", "Fortsat i job eller uddannelse efter 3 måneder"),
    ("Komme i gang med et aktivt tilbud", "Deltagelse i tilbud mindst to dage om ugen"),
    ("Bedre samarbejde med jobcentret", "Fremmøde til samtaler og svar på henvendelser"),
)
GROUNDS_TEXT = (
    "Borgeren har brug for en fast voksen, der kan hjælpe med at holde fast i aftaler.",
    "Borgeren har svært ved at overskue breve og krav fra kommunen og andre myndigheder.",
    "Borgeren er udskrevet for nylig og har brug for hjælp til at komme i gang igen.",
    "Borgeren skal starte i praktik og har tidligere haft mange fraværsdage.",
    "Borgeren ønsker uddannelse, men har brug for støtte i overgangen.",
    "Borgeren har haft et misbrug og er i behandling; stabilitet er afgørende.",
)
NOTES = (
    "Samtale om ugens aftaler og mødestabilitet.",
    "Borgeren mødte op til tiden; vi gennemgik kalenderen for næste uge.",
    "Fulgte borgeren til lægen; der er aftalt en ny tid om to uger.",
    "Hjemmebesøg: talte om struktur på hverdagen, søvn og måltider.",
    "Fælles møde med sagsbehandleren om progression mod et tilbud.",
    "Motiverende samtale om uddannelsesønsker og realistiske næste skridt.",
    "Støtte i praktikken: talte med praktikvejlederen om omgangstone.",
    "Hjælp til at læse og besvare breve fra kommunen.",
    "Borgeren fortalte om svære uger; aftalt tættere kontakt en periode.",
    "Gennemgik budget og regninger; borgeren laver selv en oversigt til næste gang.",
    "Borgeren har været til samtale på uddannelsesstedet og er optaget.",
    "Talte om fremmøde i behandlingen; borgeren har ikke udeblevet siden sidst.",
    "Øvede jobsamtale; borgeren søger to stillinger i denne uge.",
    "Koordineret med Kriminalforsorgen om bolig og første uger efter løsladelsen.",
    "Borgeren virker mere rolig og har overholdt alle aftaler.",
    "Borgeren var træt og ukoncentreret; vi holdt en kort samtale og aftalte nyt møde.",
)
PHONE_REASONS = ("Borgeren var syg og kunne ikke møde.", "Borgeren var indlagt.",
                 "Kort opfølgning efter mødet i sidste uge.", "Borgeren bad selv om telefonen.")
EFFECTS = (
    "Borgeren møder mere stabilt og tager selv kontakt, når noget er svært.",
    "Støtten har givet ro og struktur; borgeren er tættere på et tilbud.",
    "Kun lidt fremgang; indsatsen justeres med flere fysiske møder.",
    "Borgeren er kommet godt i gang og har brug for mindre støtte fremover.",
)
RETURN_COMMENTS = ("Uddyb visitationsgrundlaget og målene.",
                   "Angiv, hvordan progressionen måles.")
REJECT_REASONS = ("Borgeren er ikke omfattet af målgrupperne på afgørelsesdatoen.",
                  "Behovet dækkes allerede af støtte efter serviceloven.",
                  "Borgeren ønsker ikke mentorstøtte.")
SECTION_31D_TEXT = ("Virksomheden stiller en fast kollega til rådighed ud over den sædvanlige "
                    "oplæring; uden den støtte kan borgeren ikke fastholde forløbet.")
GROUND_CODES = tuple(VisitationGround.values)

CONTACT_FORMS = (ContactForm.MEETING, ContactForm.PHONE, ContactForm.VIDEO,
                 ContactForm.HOME_VISIT, ContactForm.WITH_AUTHORITY, ContactForm.OTHER)
# Contact forms by share in percent, as lookup tables: ``TABLE[int(random() * 100)]``.
FORM_TABLE = tuple(form for form, share in zip(CONTACT_FORMS, (45, 25, 8, 12, 5, 5),
                                               strict=True) for _ in range(share))
IN_PERSON_FORM_TABLE = tuple(form for form, share in zip(CONTACT_FORMS, (60, 10, 3, 22, 5, 0),
                                                         strict=True) for _ in range(share))
DURATIONS = (15, 30, 30, 45, 45, 60, 60, 60, 90, 120)
PHONE_DURATIONS = (10, 15, 20, 30)
WRITE_LAG = (0, 0, 0, 1, 2)
SCALE_TABLE = (1,) * 5 + (2,) * 15 + (3,) * 40 + (4,) * 30 + (5,) * 10

REFERRAL_FIELDS = (
    "id", "citizen_id", "team_id", "created_by_id", "status", "visitation_grounds",
    "grounds_text", "mentor_type_id", "service_level", "hours_per_week", "proposed_start",
    "preferred_provider_id", "preferred_mentor_id", "section_31d_justification",
    "facts_snapshot", "decision", "decision_kind", "rule_set_version", "created_at",
    "updated_at", "submitted_at", "decided_at", "decided_by_id", "decision_reason",
)
COURSE_FIELDS = (
    "id", "citizen_id", "referral_id", "team_id", "caseworker_id", "mentor_id", "provider_id",
    "mentor_type_id", "target_group", "kind", "legal_basis", "rule_set_version",
    "decision_date", "min_contact_days", "in_person_contact_required", "service_level",
    "hours_per_week", "start_date", "end_date", "status", "ended_on", "end_reason", "outcome",
    "last_contact_date", "next_contact_due", "contact_reminded_for", "contact_escalated_for",
    "created_at",
)
REVIEW_FIELDS = (
    "course_id", "period_id", "due_date", "kind", "status", "completed_at", "completed_by_id",
    "progression", "effect", "ready_for_active_offer", "outcome", "reminded_before_at",
    "reminded_on_day_at", "escalated_at",
)
JOURNAL_FIELDS = ("course_id", "author_id", "contact_date", "form", "duration_minutes",
                  "phase", "note", "phone_reason", "created_at", "updated_at")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _cut(dumped: Any) -> str:
    return json.dumps(dumped, ensure_ascii=False, separators=(", ", ": "))


@dataclass
class Plan:
    """When a citizen's referrals are decided, drawn before the citizen row is written."""

    decision_dates: list[datetime.date]
    registered: datetime.date


def _end_of(decision: rules.Decision) -> datetime.date:
    """A granted decision's end date (the generator only plans granted ones)."""
    if decision.end_date is None:
        raise ValueError(f"A {decision.kind} decision has no end date.")
    return decision.end_date


@dataclass
class PeriodPlan:
    number: int
    decision_date: datetime.date
    decision: rules.Decision
    stored: str
    facts: dict[str, Any]


class HistoryGenerator:
    def __init__(self, org: Organisation, *, today: datetime.date,
                 first_year: int = FIRST_DAY.year) -> None:
        from reporting.models import CostLine

        self.org = org
        self.today = today
        self.now = _at(today, 7)
        self.now_text = f"{today.isoformat()} 07:00:00+00"
        versions = list(PolicyVersion.objects.filter(municipality=org.municipality)
                        .prefetch_related("service_levels").order_by("effective_from", "id"))
        self.policy_dates = [v.effective_from for v in versions]
        self.policies = [v.to_rules_policy() for v in versions]
        self.internal_rate = versions[-1].internal_hourly_rate if versions else None
        self.referral = Table(Referral, REFERRAL_FIELDS)
        self.goal = Table(ReferralGoal, ("id", "referral_id", "description", "measure", "order"))
        self.referral_tasks = Table(Referral.tasks.through, ("referral_id", "mentortask_id"))
        self.referral_event = Table(ReferralEvent, ("referral_id", "actor_id", "at",
                                                    "from_status", "to_status", "reason"))
        self.course = Table(Course, COURSE_FIELDS)
        self.period = Table(CoursePeriod, ("id", "course_id", "number", "start_date",
                                           "end_date", "decision", "rule_set_version",
                                           "created_by_id", "created_at"))
        self.review = Table(Review, REVIEW_FIELDS)
        self.course_event = Table(CourseEvent, ("course_id", "actor_id", "at", "action",
                                                "from_status", "to_status", "reason", "data"))
        self.journal = Table(JournalEntry, JOURNAL_FIELDS)
        self.interval = Table(ContactInterval, ("course_id", "number", "start_date", "end_date",
                                                "contacts", "met", "in_person",
                                                "remote_without_reason"))
        self.cost = Table(CostLine, ("course_id", "provider_id", "kind", "period_start",
                                     "period_end", "hours", "amount", "note", "created_at"))
        self.tables = [self.referral, self.goal, self.referral_tasks, self.referral_event,
                       self.course, self.period, self.review, self.course_event, self.journal,
                       self.interval, self.cost]
        self.caseload: dict[int, int] = {}  # courses given to each mentor in this run
        self.referral_ids = IdPool(Referral)
        self.goal_ids = IdPool(ReferralGoal)
        self.course_ids = IdPool(Course)
        self.period_ids = IdPool(CoursePeriod)
        # Years weigh more as the scheme grows; the current year only up to today. The demo's
        # history (``mentor.seed.history``) starts later than the rules do.
        self.years = list(range(max(first_year, FIRST_DAY.year), today.year + 1))
        self.year_weights = [1 + (y - FIRST_DAY.year) / 12 for y in self.years]
        self.year_weights[-1] *= (today - datetime.date(today.year, 1, 1)).days / 365

    # --- planning ------------------------------------------------------------------------

    def plan(self, rng: random.Random) -> Plan:
        courses = rng.choices((0, 1, 2, 3), (12, 58, 22, 8))[0]
        dates: list[datetime.date] = []
        if courses:
            year = rng.choices(self.years, self.year_weights)[0]
            first = datetime.date(year, 1, 1) + rng.randint(0, 364) * DAY
            day = min(max(first, FIRST_DAY), self.today - DAY)
            for _ in range(courses):
                if day >= self.today:
                    break
                dates.append(day)
                day += rng.randint(220, 900) * DAY
        start = dates[0] if dates else (
            datetime.date(rng.choices(self.years, self.year_weights)[0], 1, 1)
            + rng.randint(0, 364) * DAY)
        registered = min(start - rng.randint(10, 60) * DAY, self.today - DAY)
        return Plan(dates, registered)

    def policy_on(self, day: datetime.date) -> rules.Policy:
        index = bisect.bisect_right(self.policy_dates, day) - 1
        return self.policies[index] if index >= 0 else rules.LEGAL_MINIMUM

    def facts_on(self, citizen: NewCitizen, rng: random.Random, day: datetime.date,
                 service_level: int, start: datetime.date | None) -> dict[str, Any]:
        f = citizen.facts
        facts: dict[str, Any] = {
            "decision_date": day.isoformat(), "birth_date": citizen.birth.isoformat(),
            "benefit": f.benefit, "activity_ready": f.activity_ready,
            "can_take_part_in_offers": f.can_take_part_in_offers,
            "single_parent_with_education_order": f.single_parent_with_education_order,
            "previous_jobcentre_contact": f.previous_jobcentre_contact,
            "has_vocational_education": f.has_vocational_education,
            "in_integration_programme": f.in_integration_programme,
            "in_employment_activity": f.in_employment_activity,
            "service_level": service_level,
        }
        if f.psychiatric:
            facts["psychiatric_discharge_date"] = (day + rng.randint(0, 80) * DAY).isoformat()
        if f.prison:
            facts["prison_release_date"] = (day + rng.randint(10, 120) * DAY).isoformat()
        if f.education:
            facts["education_start_date"] = (day + rng.randint(5, 60) * DAY).isoformat()
        if start is not None:
            facts["start_date"] = start.isoformat()
        return facts

    def decide(self, citizen: NewCitizen, rng: random.Random, day: datetime.date,
               service_level: int, start: datetime.date | None,
               ) -> tuple[dict[str, Any], rules.Decision]:
        """The rules' decision; a citizen outside every target group is referred for the
        general offer (obtaining or keeping an activity), as a caseworker would."""
        facts = self.facts_on(citizen, rng, day, service_level, start)
        policy = self.policy_on(day)
        decision = rules.evaluate(rules.parse_facts(facts), policy)
        if decision.kind == DecisionKind.NOT_ELIGIBLE:
            facts["in_employment_activity"] = True
            decision = rules.evaluate(rules.parse_facts(facts), policy)
        return facts, decision

    # --- one citizen ---------------------------------------------------------------------

    def citizen_history(self, rng: random.Random, citizen: NewCitizen, plan: Plan,
                        batch: Batch) -> None:
        for day in plan.decision_dates:
            self.course_history(rng, citizen, day, batch)
        # Every citizen is registered for a referral; one without a course has another kind.
        roll = rng.random() if plan.decision_dates else rng.random() * 0.085
        for limit, status in ((0.035, ReferralStatus.REJECTED),
                              (0.050, ReferralStatus.WITHDRAWN),
                              (0.068, ReferralStatus.SUBMITTED),
                              (0.081, ReferralStatus.DRAFT),
                              (0.085, ReferralStatus.RETURNED)):
            if roll < limit:
                self.loose_referral(rng, citizen, batch, status)
                break

    def _staff(self, rng: random.Random, team_id: int) -> tuple[int, int]:
        caseworker = rng.choice(self.org.caseworkers[team_id])
        leaders = [pk for pk in self.org.leaders[team_id] if pk != caseworker]
        return caseworker, rng.choice(leaders)

    def _referral_row(self, rng: random.Random, citizen: NewCitizen, *, referral_id: int,
                      status: str, caseworker: int, leader: int | None,
                      facts: dict[str, Any], decision: rules.Decision, level: int,
                      hours: Decimal, start: datetime.date, created: datetime.datetime,
                      submitted: datetime.datetime | None, decided: datetime.datetime | None,
                      reason: str, batch: Batch, mentor_type_id: int | None = None,
                      provider_id: int | None = None, section_31d: bool = False,
                      ) -> list[tuple[int, str]]:
        grounds = rng.sample(GROUND_CODES, rng.choice((1, 1, 2, 3)))
        batch.add(self.referral, (
            referral_id, citizen.id, citizen.team_id, caseworker, status, json.dumps(grounds),
            rng.choice(GROUNDS_TEXT),
            mentor_type_id or self.org.mentor_type_ids.get(decision.mentor_type or ""),
            level, hours, start, provider_id if section_31d else None, None,
            SECTION_31D_TEXT if section_31d else "", _cut(facts),
            _cut(stored_decision(decision)), decision.kind, decision.rule_set_version,
            created, decided or submitted or created, submitted, decided,
            leader if decided else None, reason,
        ))
        goals = []
        for order, (description, measure) in enumerate(
                rng.sample(GOALS, rng.choice((1, 2, 2, 3)))):
            goal_id = self.goal_ids.take()
            goals.append((goal_id, description))
            batch.add(self.goal, (goal_id, referral_id, description, measure, order))
        for task in rng.sample(self.org.task_ids, rng.choice((1, 2, 3))):
            batch.add(self.referral_tasks, (referral_id, task))
        if submitted is not None:
            batch.add(self.referral_event, (referral_id, caseworker, submitted,
                                            ReferralStatus.DRAFT, ReferralStatus.SUBMITTED, ""))
        return goals

    def loose_referral(self, rng: random.Random, citizen: NewCitizen, batch: Batch,
                       status: str) -> None:
        """A referral that did not (or not yet) become a course."""
        recent = status in (ReferralStatus.SUBMITTED, ReferralStatus.DRAFT,
                            ReferralStatus.RETURNED)
        if recent:
            day = self.today - rng.randint(1, 40) * DAY
        else:
            day = max(citizen.registered, FIRST_DAY) + rng.randint(0, 900) * DAY
            day = min(day, self.today - 2 * DAY)
        level = rng.choice((1, 2, 2, 3))
        facts, decision = self.decide(citizen, rng, day, level, day + 7 * DAY)
        caseworker, leader = self._staff(rng, citizen.team_id)
        created = _at(day, 9, rng.randint(0, 59)) - rng.randint(0, 5) * DAY
        submitted = None if status == ReferralStatus.DRAFT else _at(day, 10, rng.randint(0, 59))
        decided = None
        reason = ""
        referral_id = self.referral_ids.take()
        if status == ReferralStatus.REJECTED:
            decided, reason = _at(day + rng.randint(1, 6) * DAY, 13), rng.choice(REJECT_REASONS)
        elif status == ReferralStatus.RETURNED:
            decided, reason = _at(day + DAY, 13), rng.choice(RETURN_COMMENTS)
        if decided is not None and decided > self.now:
            decided = self.now
        self._referral_row(rng, citizen, referral_id=referral_id, status=status,
                           caseworker=caseworker, leader=leader if decided else None,
                           facts=facts, decision=decision, level=level,
                           hours=_hours(rng, level), start=day + 7 * DAY, created=created,
                           submitted=submitted, decided=decided, reason=reason, batch=batch)
        if status in (ReferralStatus.REJECTED, ReferralStatus.RETURNED) and decided:
            batch.add(self.referral_event, (referral_id, leader, decided,
                                            ReferralStatus.SUBMITTED, status, reason))
        elif status == ReferralStatus.WITHDRAWN:
            batch.add(self.referral_event, (referral_id, caseworker,
                                            _at(day + 2 * DAY, 11), ReferralStatus.SUBMITTED,
                                            status, "Borgeren er flyttet."))

    def _mentor(self, rng: random.Random, mentor_type: str, section_31d: bool) -> Any:
        internal, external, s31d = self.org.by_type[mentor_type]
        if section_31d and s31d:
            return rng.choice(s31d)
        # The least busy of a few certified mentors (internal or at a provider), as a team
        # leader would choose: even caseloads, about 35 open courses each.
        pool = internal + external
        chosen = min(rng.sample(pool, min(4, len(pool))),
                     key=lambda m: self.caseload.get(m.id, 0))
        self.caseload[chosen.id] = self.caseload.get(chosen.id, 0) + 1
        return chosen

    def course_history(self, rng: random.Random, citizen: NewCitizen, day: datetime.date,
                       batch: Batch) -> None:
        today = self.today
        level = rng.choices((1, 2, 3), (35, 45, 20))[0]
        proposed = day + rng.randint(0, 14) * DAY
        facts, decision = self.decide(citizen, rng, day, level, proposed)
        mentor_type = decision.mentor_type or "social_mentor"
        section_31d = (mentor_type in ("retention_mentor", "professional_mentor")
                       and rng.random() < 0.08)
        mentor = self._mentor(rng, mentor_type, section_31d)
        section_31d = mentor.section_31d
        caseworker, leader = self._staff(rng, citizen.team_id)
        hours = _hours(rng, level)
        referral_id, course_id = self.referral_ids.take(), self.course_ids.take()
        decided = _at(day, rng.randint(9, 15), rng.randint(0, 59))
        submitted = decided - rng.randint(1, 8) * DAY
        goals = self._referral_row(rng, citizen, referral_id=referral_id,
                                   status=ReferralStatus.APPROVED, caseworker=caseworker,
                           leader=leader, facts=facts, decision=decision, level=level,
                           hours=hours, start=proposed,
                           created=submitted - rng.randint(0, 10) * DAY,
                           submitted=submitted, decided=decided,
                           reason="Godkendt efter reglerne.", batch=batch,
                           mentor_type_id=self.org.mentor_type_ids[mentor_type],
                           provider_id=mentor.provider_id, section_31d=section_31d)
        batch.add(self.referral_event, (referral_id, leader, decided, ReferralStatus.SUBMITTED,
                                        ReferralStatus.APPROVED, "Godkendt efter reglerne."))

        # Periods: the first, then extensions decided around each pre-end review.
        periods = [PeriodPlan(1, day, decision, _cut(stored_decision(decision)), facts)]
        extend_chance = 0.4 if decision.kind == DecisionKind.RIGHT_AND_DUTY else 0.2
        while len(periods) < 4:
            last_end = _end_of(periods[-1].decision)
            ext_day = last_end - rng.randint(5, 20) * DAY
            if ext_day >= today or rng.random() >= extend_chance:
                break
            ext_facts, ext_decision = self.decide(citizen, rng, ext_day, level,
                                                  last_end + DAY)
            if ext_decision.kind == DecisionKind.NOT_ELIGIBLE:
                break
            periods.append(PeriodPlan(len(periods) + 1, ext_day, ext_decision,
                                      _cut(stored_decision(ext_decision)), ext_facts))
        current = periods[-1].decision
        start = decision.start_date
        end = _end_of(current)

        # Status: ended at the period's end, earlier, or (a few) left open past the end.
        ended_on: datetime.date | None = None
        if end < today:
            if not (today - end).days < 60 or rng.random() >= 0.15:
                ended_on = end
                if rng.random() < 0.2 and (end - start).days > 40:
                    ended_on = start + rng.randint(30, (end - start).days - 1) * DAY
        elif rng.random() < 0.06 and (today - start).days > 40:
            ended_on = start + rng.randint(30, (today - start).days - 1) * DAY
        if ended_on is not None:
            # An early end cuts off any period that had not begun.
            periods = [p for p in periods if p.decision.start_date <= ended_on]
            current = periods[-1].decision
        status = (CourseStatus.ENDED if ended_on is not None
                  else CourseStatus.EXTENDED if len(periods) > 1 else CourseStatus.ACTIVE)
        end_reason, outcome = ("", "")
        if ended_on is not None:
            end_reason, outcome = _ending(rng, current.kind, early=ended_on < end)

        last_day = min(ended_on or end, today - DAY)
        in_person = (current.kind == DecisionKind.RIGHT_AND_DUTY
                     and periods[-1].decision_date >= IN_PERSON_FROM)
        min_days = current.min_contact_days
        # Planned to the period's end: a course that ended early has fewer entries.
        entries = self._journal(rng, course_id, mentor.user_id, start, last_day, end,
                                min_days, in_person, ended_on is not None, batch)
        last_contact = entries[-1][0] if entries else None
        next_due = None
        if min_days and ended_on is None:
            next_due = (last_contact or start) + min_days * DAY
        yesterday = today - DAY
        reminded = next_due if next_due and next_due - CONTACT_REMINDER_DAYS_BEFORE * DAY \
            <= yesterday else None
        escalated = next_due if next_due and next_due + DAY <= yesterday else None

        batch.add(self.course, (
            course_id, citizen.id, referral_id, citizen.team_id, caseworker, mentor.id,
            mentor.provider_id, self.org.mentor_type_ids[mentor_type],
            (current.target_groups or ("",))[0], current.kind,
            json.dumps(list(current.legal_basis), ensure_ascii=False),
            current.rule_set_version, periods[-1].decision_date, min_days, in_person, level,
            hours, start, current.end_date, status, ended_on,
            end_reason, outcome, last_contact, next_due, reminded, escalated, decided,
        ))
        batch.add(self.course_event, (course_id, leader, decided, "opened", "",
                                      CourseStatus.ACTIVE, "", json.dumps(
                                          {"mentor_id": mentor.id,
                                           "provider_id": mentor.provider_id})))
        previous_status = CourseStatus.ACTIVE
        for plan in periods:
            period_id = self.period_ids.take()
            p_start = plan.decision.start_date
            p_end = _end_of(plan.decision)
            actor = leader if plan.number == 1 else caseworker
            batch.add(self.period, (period_id, course_id, plan.number, p_start, p_end,
                                    plan.stored, plan.decision.rule_set_version, actor,
                                    decided if plan.number == 1 else _at(plan.decision_date, 11)))
            if plan.number > 1:
                batch.add(self.course_event, (
                    course_id, caseworker, _at(plan.decision_date, 11), "extended",
                    previous_status, CourseStatus.EXTENDED,
                    "Borgeren kan fortsat ikke deltage i tilbud; ny periode efter konkret "
                    "vurdering.", json.dumps({"period": plan.number,
                                              "start_date": p_start.isoformat(),
                                              "end_date": p_end.isoformat(),
                                              "kind": plan.decision.kind})))
                previous_status = CourseStatus.EXTENDED
            extended_after = plan.number < len(periods)
            self._reviews(rng, course_id, period_id, plan.decision.review_dates, ended_on,
                          mentor.user_id, goals, extended_after, batch)
        if ended_on is not None:
            batch.add(self.course_event, (course_id, caseworker, _at(ended_on, 14), "ended",
                                          previous_status, CourseStatus.ENDED, end_reason,
                                          json.dumps({"outcome": outcome})))
        self._intervals(course_id, start, ended_on or end, min_days, in_person, entries, batch)
        self._costs(rng, course_id, mentor, start, last_day, hours, entries, batch)

    # --- the parts of a course -----------------------------------------------------------

    def _journal(self, rng: random.Random, course_id: int, author: int, start: datetime.date,
                 last_day: datetime.date, planned_end: datetime.date, min_days: int | None,
                 in_person: bool, ended: bool, batch: Batch,
                 ) -> list[tuple[datetime.date, str, int, str]]:
        """Entries from the start to ``last_day``: in the contact rhythm where the decision
        sets one (now and then a missed interval), else 20–40 over the planned course, cut
        off where it ended early. The hottest loop of the generator, hence ``random()``
        lookups instead of ``choice``/``randint``."""
        if last_day < start:
            return []
        r = rng.random
        first = start.toordinal()
        ordinals: list[int] = []
        if min_days:
            next_ordinal = first + int(r() * min_days)
            last = last_day.toordinal()
            low = max(1, min_days - 3)
            width = min_days + 2 - low + 1
            while next_ordinal <= last:
                ordinals.append(next_ordinal)
                next_ordinal += low + int(r() * width)
        else:
            span = max(1, (planned_end - start).days + 1)
            days = (last_day - start).days + 1
            count = max(1, (20 + int(r() * 21)) * min(span, days) // span)
            ordinals = sorted(first + int(r() * days) for _ in range(count))
        entries: list[tuple[datetime.date, str, int, str]] = []
        forms: tuple[str, ...] = IN_PERSON_FORM_TABLE if in_person else FORM_TABLE
        total = len(ordinals)
        today = self.today.toordinal()
        add = batch.rows[self.journal.name].append
        fromordinal = datetime.date.fromordinal
        for index, ordinal in enumerate(ordinals):
            day = fromordinal(ordinal)
            form = forms[int(r() * 100)]
            reason = ""
            if in_person and form not in IN_PERSON_FORMS and r() < 0.8:
                reason = PHONE_REASONS[int(r() * len(PHONE_REASONS))]
            phase = (JournalPhase.OUTREACH if index < 2 else
                     JournalPhase.CLOSING if ended and index >= total - 2 else
                     JournalPhase.COURSE)
            if form == ContactForm.PHONE:
                minutes = PHONE_DURATIONS[int(r() * len(PHONE_DURATIONS))]
            else:
                minutes = DURATIONS[int(r() * len(DURATIONS))]
            # Written the same day or a day or two later, never after this morning.
            lag = WRITE_LAG[int(r() * len(WRITE_LAG))]
            if ordinal + lag >= today:
                written = self.now_text
            else:
                written = (f"{fromordinal(ordinal + lag).isoformat()} "
                           f"{9 + int(r() * 8):02d}:{int(r() * 60):02d}:00+00")
            note = NOTES[int(r() * len(NOTES))]
            if r() < 0.5:
                note = note + " " + NOTES[int(r() * len(NOTES))]
            add((course_id, author, day, form, minutes, phase, note, reason, written, written))
            entries.append((day, form, minutes, reason))
        return entries

    def _reviews(self, rng: random.Random, course_id: int, period_id: int,
                 dates: tuple[datetime.date, ...], ended_on: datetime.date | None,
                 mentor_user: int, goals: list[tuple[int, str]], extended_after: bool,
                 batch: Batch) -> None:
        today = self.today
        yesterday = today - DAY
        for index, due in enumerate(dates):
            pre_end = index == len(dates) - 1
            kind = ReviewKind.PRE_END if pre_end else ReviewKind.PERIODIC
            completed = completed_by = None
            progression, effect, ready, outcome = "[]", "", None, ""
            before = on_day = escalated = None
            if ended_on is not None and due > ended_on:
                status = ReviewStatus.CANCELLED
            elif due < today and (ended_on is not None or rng.random() < 0.93):
                status = ReviewStatus.DONE
                completed = min(_at(due + rng.randint(-5, 3) * DAY, 13), self.now)
                completed_by = mentor_user
                progression = _cut([{"goal_id": goal_id, "goal": text,
                                     "scale": SCALE_TABLE[int(rng.random() * 100)],
                                     "text": ""} for goal_id, text in goals])
                effect = rng.choice(EFFECTS)
                ready = rng.random() < 0.3
                if pre_end:
                    outcome = ReviewOutcome.EXTEND if extended_after else ReviewOutcome.END
                else:
                    outcome = (ReviewOutcome.CHANGE_LEVEL if rng.random() < 0.05
                               else ReviewOutcome.CONTINUE)
            else:
                status = ReviewStatus.DUE
            # Stamps as the daily sweep would have left them up to yesterday.
            if status != ReviewStatus.CANCELLED:
                reminder_day = due - REVIEW_REMINDER_DAYS_BEFORE * DAY
                if reminder_day <= yesterday and (completed is None
                                                  or completed.date() > reminder_day):
                    before = _at(reminder_day, 6)
                if status == ReviewStatus.DUE and due <= yesterday:
                    on_day = _at(due, 6)
                    if due + DAY <= yesterday:
                        escalated = _at(due + DAY, 6)
            batch.add(self.review, (course_id, period_id, due, kind, status, completed,
                                    completed_by, progression, effect, ready, outcome,
                                    before, on_day, escalated))

    def _intervals(self, course_id: int, start: datetime.date, last_day: datetime.date,
                   min_days: int | None, in_person: bool,
                   entries: list[tuple[datetime.date, str, int, str]], batch: Batch) -> None:
        if not min_days:
            return
        facts = [ContactFact(contact_date=day, in_person=form in IN_PERSON_FORMS,
                             reason_given=bool(reason))
                 for day, form, _minutes, reason in entries]
        for figure in contact_intervals(start=start, last_day=last_day, min_days=min_days,
                                        in_person_required=in_person, contacts=facts,
                                        until=self.today - DAY):
            batch.add(self.interval, (course_id, figure.number, figure.start_date,
                                      figure.end_date, figure.contacts, figure.met,
                                      figure.in_person, figure.remote_without_reason))

    def _costs(self, rng: random.Random, course_id: int, mentor: Any, start: datetime.date,
               last_day: datetime.date, hours_per_week: Decimal,
               entries: list[tuple[datetime.date, str, int, str]], batch: Batch) -> None:
        """One line per calendar month with journaled time, as the monthly pre-fill makes."""
        from reporting.models import CostKind

        if mentor.provider_kind == ProviderKind.INTERNAL:
            kind, rate = CostKind.INTERNAL, self.internal_rate
        elif mentor.section_31d:
            kind, rate = CostKind.WAGE_REFUND, mentor.hourly_price
        else:
            kind, rate = CostKind.INVOICE, mentor.hourly_price
        minutes: dict[tuple[int, int], int] = {}
        for day, _form, duration, _reason in entries:
            key = (day.year, day.month)
            minutes[key] = minutes.get(key, 0) + duration
        this_month = self.today.replace(day=1)
        if not minutes and start < this_month:
            # No journaled time in a finished month: the granted hours of the first month,
            # as the reporting demo prices a course without journal.
            days = (min(add_months(start.replace(day=1), 1) - DAY, last_day) - start).days + 1
            minutes[(start.year, start.month)] = max(1, int(hours_per_week * days * 60 / 7))
        for (year, month), total in sorted(minutes.items()):
            first = datetime.date(year, month, 1)
            month_end = add_months(first, 1) - DAY
            if month_end >= this_month:
                continue  # the current month is invoiced when it is over
            period_start, period_end = max(first, start), min(month_end, last_day)
            hours = (Decimal(total) / 60).quantize(CENT, rounding=ROUND_HALF_UP)
            amount = (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP) if rate else \
                Decimal("0.00")
            batch.add(self.cost, (course_id, mentor.provider_id, kind, period_start,
                                  max(period_start, period_end), hours, amount,
                                  "Forudfyldt fra journalen",
                                  _at(month_end + rng.randint(3, 12) * DAY, 8)))


def _hours(rng: random.Random, level: int) -> Decimal:
    if level == 1:
        return Decimal(rng.choice(("0.5", "1.0")))
    if level == 2:
        return Decimal(rng.choice(("1.5", "2.0")))
    return Decimal(rng.choice(("2.5", "3.0", "4.0", "5.0")))


def _ending(rng: random.Random, kind: str, *, early: bool) -> tuple[str, str]:
    """End reason and outcome; a right-and-duty course ends only for a lawful reason."""
    if kind == DecisionKind.RIGHT_AND_DUTY:
        reason = rng.choices(
            (EndReason.READY_FOR_OFFER, EndReason.EDUCATION, EndReason.JOB, EndReason.MOVED,
             EndReason.OTHER), (45, 15, 15, 10, 15))[0]
    elif early:
        reason = rng.choices((EndReason.JOB, EndReason.EDUCATION, EndReason.GOAL_REACHED,
                              EndReason.MOVED, EndReason.OTHER), (30, 25, 25, 10, 10))[0]
    else:
        reason = rng.choices((EndReason.PERIOD_EXPIRED, EndReason.GOAL_REACHED, EndReason.JOB,
                              EndReason.EDUCATION), (40, 30, 15, 15))[0]
    outcome = {EndReason.EDUCATION: Outcome.EDUCATION, EndReason.JOB: Outcome.JOB,
               EndReason.READY_FOR_OFFER: Outcome.ORDINARY_OFFER}.get(reason, Outcome.OTHER)
    return reason, outcome
