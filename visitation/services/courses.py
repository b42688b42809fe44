"""Course life cycle: open (on approval), extend, end, reassign mentor.

Each function is atomic, checks the transition against ``COURSE_TRANSITIONS`` and writes a
``CourseEvent`` with actor, time and reason.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import caching
from mentor.events import event_record
from mentor.models import DecisionKind, Mentor, MentorType, Provider, User
from mentor.models_api import EventType
from mentor.permissions import may_manage_course
from mentor.services import DomainError, NotPermitted, citizen_update, notify
from mentor.texts import reader_language
from visitation.decisions import decide, policy_for, review_dates, stored_decision
from visitation.models import (
    COURSE_TRANSITIONS,
    RIGHT_AND_DUTY_END_REASONS,
    Course,
    CourseEvent,
    CoursePeriod,
    CourseStatus,
    EndReason,
    Outcome,
    Referral,
    Review,
    ReviewKind,
    ReviewStatus,
)
from visitation.services.followup import situation_tasks_create

# From this date the law asks that right-and-duty contact be in person (L 66 2015-16).
IN_PERSON_FROM = datetime.date(2016, 1, 1)


def check_course_transition(course: Course, to_status: str) -> None:
    if to_status not in COURSE_TRANSITIONS[course.status]:
        raise DomainError(_("Mentorforløbet kan ikke gå fra '%(from)s' til '%(to)s'.")
                          % {"from": course.get_status_display(),
                             "to": CourseStatus(to_status).label})


def create_reviews(course: Course, period: CoursePeriod, stored_decision: dict[str, Any]) -> None:
    """Review rows from the decision: periodic ones, and the pre-end review last."""
    dates = review_dates(stored_decision)
    Review.objects.bulk_create(
        Review(course=course, period=period, due_date=day,
               kind=ReviewKind.PRE_END if index == len(dates) - 1 else ReviewKind.PERIODIC)
        for index, day in enumerate(dates))


@transaction.atomic
def course_open(*, actor: User, referral: Referral, mentor: Mentor | None,
                provider: Provider, stored_decision: dict[str, Any],
                decision_date: datetime.date) -> Course:
    """Create the course from an approved referral's decision, its first period and reviews.

    Caller holds the referral's row lock and has checked the approval itself.
    """
    kind = stored_decision["kind"]
    if kind == DecisionKind.NOT_ELIGIBLE:
        raise DomainError(_("Borgeren er ikke omfattet af reglerne om mentorstøtte; "
                            "indstillingen kan ikke godkendes."))
    mentor_type = referral.mentor_type or MentorType.objects.get(
        code=stored_decision["mentor_type"])
    start = datetime.date.fromisoformat(stored_decision["start_date"])
    end = datetime.date.fromisoformat(stored_decision["end_date"])
    target_groups = stored_decision.get("target_groups") or [""]
    course = Course.objects.create(
        citizen=referral.citizen, referral=referral, team=referral.team,
        caseworker=referral.created_by, mentor=mentor, provider=provider,
        mentor_type=mentor_type, target_group=target_groups[0], kind=kind,
        legal_basis=stored_decision["legal_basis"],
        rule_set_version=stored_decision["rule_set_version"], decision_date=decision_date,
        law_revision=stored_decision.get("law_revision", ""),
        min_contact_days=stored_decision["min_contact_days"],
        in_person_contact_required=(kind == DecisionKind.RIGHT_AND_DUTY
                                    and decision_date >= IN_PERSON_FROM),
        service_level=referral.service_level,
        hours_per_week=Decimal(referral.hours_per_week), start_date=start, end_date=end,
        next_contact_due=(start + datetime.timedelta(days=stored_decision["min_contact_days"])
                          if stored_decision["min_contact_days"] else None),
    )
    period = CoursePeriod.objects.create(
        course=course, number=1, start_date=start, end_date=end, decision=stored_decision,
        rule_set_version=stored_decision["rule_set_version"], created_by=actor,
        law_revision=stored_decision.get("law_revision", ""))
    create_reviews(course, period, stored_decision)
    caching.bump(caching.COURSES, caching.REVIEWS)
    CourseEvent.objects.create(course=course, actor=actor, action="opened", to_status=course.status,
                               data={"mentor_id": mentor.pk if mentor else None,
                                     "provider_id": provider.pk})
    event_record(EventType.COURSE_STARTED, course=course,
                 data={"start_date": start.isoformat(), "end_date": end.isoformat()})
    return course


# --- Extension, end, reassignment --------------------------------------------------------------
def _lock_for(actor: User, course: Course) -> Course:
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if not may_manage_course(actor, locked):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i forløbets team kan ændre det."))
    return locked


def _notify_mentor(course: Course, code: str, **params: str) -> None:
    if course.mentor is not None and course.mentor.user is not None:
        notify(user=course.mentor.user, code=code, params={"course": course.pk, **params},
               url=reverse("course_detail", args=[course.pk]))


@transaction.atomic
def course_extend(*, actor: User, course: Course, reason: str,
                  service_level: int | None = None,
                  hours_per_week: Decimal | None = None) -> CoursePeriod:
    """A new period after the current one, with a new decision under the law and policy in
    force today, its own reviews; the course becomes 'extended'."""
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for forlængelsen (den konkrete vurdering)."))
    course = _lock_for(actor, course)
    check_course_transition(course, CourseStatus.EXTENDED)
    level = service_level or course.service_level
    hours = hours_per_week if hours_per_week is not None else course.hours_per_week
    if level not in (1, 2, 3):
        raise DomainError(_("Serviceniveauet skal være 1, 2 eller 3."))
    if not Decimal("0.5") <= hours <= Decimal("40"):
        raise DomainError(_("Timer pr. uge skal være mellem 0,5 og 40."))
    today = timezone.localdate()
    new_start = course.end_date + datetime.timedelta(days=1)
    from visitation import rules

    try:
        facts, decision = decide(course.citizen, decision_date=today, service_level=level,
                                  start_date=new_start,
                                  policy=policy_for(course.team.municipality, today))
    except rules.RulesError as exc:
        raise DomainError(_("Reglerne kan ikke træffe en afgørelse: %(error)s")
                          % {"error": exc.message(reader_language())}) from exc
    if decision.kind == DecisionKind.NOT_ELIGIBLE or decision.end_date is None:
        raise DomainError(_("Efter reglerne i dag og borgerens registrerede oplysninger er "
                            "borgeren ikke omfattet af mentorstøtte, så forløbet kan ikke "
                            "forlænges. Ret borgerens oplysninger, eller afslut forløbet."))
    # The facts kept with the period's decision, so that it can be replayed (selectors_replay).
    stored = {**stored_decision(decision), "facts_snapshot": facts}
    last = course.periods.order_by("-number").first()
    period = CoursePeriod.objects.create(
        course=course, number=(last.number if last else 0) + 1,
        start_date=decision.start_date, end_date=decision.end_date, decision=stored,
        rule_set_version=decision.rule_set_version, created_by=actor,
        law_revision=decision.law_revision)
    create_reviews(course, period, stored)
    previous = {"end_date": course.end_date.isoformat(), "kind": course.kind,
                "rule_set_version": course.rule_set_version}
    from_status = course.status
    course.status = CourseStatus.EXTENDED
    course.end_date = decision.end_date
    course.kind = decision.kind
    course.legal_basis = list(decision.legal_basis)
    course.rule_set_version = decision.rule_set_version
    course.law_revision = decision.law_revision
    course.decision_date = today
    course.min_contact_days = decision.min_contact_days
    course.in_person_contact_required = (decision.kind == DecisionKind.RIGHT_AND_DUTY
                                         and today >= IN_PERSON_FROM)
    course.target_group = (decision.target_groups or ("",))[0]
    course.service_level = level
    course.hours_per_week = hours
    course._history_user = actor  # type: ignore[attr-defined]
    course.save()
    caching.bump(caching.COURSES, caching.REVIEWS)  # the new period's reviews
    CourseEvent.objects.create(
        course=course, actor=actor, action="extended", from_status=from_status,
        to_status=course.status, reason=reason.strip(),
        data={"period": period.number, "start_date": period.start_date.isoformat(),
              "end_date": period.end_date.isoformat(), "previous": previous,
              "kind": decision.kind, "service_level": level, "hours_per_week": str(hours)})
    event_record(EventType.COURSE_EXTENDED, course=course,
                 data={"period": period.number, "end_date": period.end_date.isoformat()})
    _notify_mentor(course, "course_extended", end_date=period.end_date.isoformat())
    # An extension issues a new agreement for the new period (a task, after commit).
    from agreements.services import agreement_on_extension

    agreement_on_extension(actor=actor, course=course)
    # The citizen's letter of extension (forlængelse), sent after commit.
    from agreements.services_letters import letter_for_extension

    letter_for_extension(actor=actor, course=course, period=period, reason=reason.strip())
    return period


@transaction.atomic
def course_end(*, actor: User, course: Course, reason: str, ended_on: datetime.date,
               outcome: str = "", note: str = "") -> Course:
    """End the course. A right-and-duty course ends only for a lawful reason: the citizen can
    start an ordinary offer (recorded on the citizen), education, job, moved, deceased, or
    another reason that is explained."""
    if reason not in EndReason.values:
        raise DomainError(_("Vælg en årsag til afslutningen."))
    if outcome and outcome not in Outcome.values:
        raise DomainError(_("Ukendt resultat."))
    course = _lock_for(actor, course)
    check_course_transition(course, CourseStatus.ENDED)
    if course.kind == DecisionKind.RIGHT_AND_DUTY and reason not in RIGHT_AND_DUTY_END_REASONS:
        raise DomainError(_(
            "Et ret og pligt-forløb kan kun afsluttes, når borgeren kan påbegynde et ordinært "
            "tilbud (LAB §§ 92 eller 94), eller af en anden lovlig grund (uddannelse, job, "
            "fraflytning, død eller en anden begrundet årsag). Kan borgeren fortsat ikke "
            "deltage i tilbud, skal der gives en ny periode på 6 måneder."))
    if reason == EndReason.OTHER and not note.strip():
        raise DomainError(_("Beskriv den anden årsag til afslutningen."))
    today = timezone.localdate()
    if ended_on > today:
        raise DomainError(_("Slutdatoen kan ikke ligge i fremtiden."))
    if ended_on < course.start_date:
        raise DomainError(_("Slutdatoen kan ikke ligge før forløbets start."))
    if reason == EndReason.READY_FOR_OFFER:
        # The caseworker's assessment is a fact about the citizen: they can take part now.
        citizen_update(actor=actor, citizen=course.citizen, can_take_part_in_offers=True)
        outcome = outcome or Outcome.ORDINARY_OFFER
    from_status = course.status
    course.status = CourseStatus.ENDED
    course.ended_on = ended_on
    course.end_reason = reason
    course.outcome = outcome
    course._history_user = actor  # type: ignore[attr-defined]
    course.save()
    cancelled = Review.objects.filter(course=course, status=ReviewStatus.DUE,
                                      due_date__gt=ended_on).update(
        status=ReviewStatus.CANCELLED)
    caching.bump(caching.COURSES, caching.REVIEWS)
    CourseEvent.objects.create(
        course=course, actor=actor, action="ended", from_status=from_status,
        to_status=course.status, reason=note.strip(),
        data={"end_reason": reason, "outcome": outcome, "ended_on": ended_on.isoformat(),
              "reviews_cancelled": cancelled})
    event_record(EventType.COURSE_ENDED, course=course,
                 data={"ended_on": ended_on.isoformat(), "end_reason": reason})
    _notify_mentor(course, "course_ended", ended_on=ended_on.isoformat())
    # The caseworker records the citizen's situation 3 and 6 months on (the effect figures).
    situation_tasks_create(course=course)
    # The citizen's letter that the support ends (ophør), sent after commit.
    from agreements.services_letters import letter_for_end

    letter_for_end(actor=actor, course=course, note=note.strip())
    return course


@transaction.atomic
def course_change_level(*, actor: User, course: Course, service_level: int,
                        hours_per_week: Decimal, reason: str) -> Course:
    """A new service level and number of hours from today, within the current period: the
    period's periodic reviews after today are planned again at the new level's interval (the
    pre-end review stays), the agreement gets a new version and the citizen a letter."""
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for det nye serviceniveau."))
    if service_level not in (1, 2, 3):
        raise DomainError(_("Serviceniveauet skal være 1, 2 eller 3."))
    if not Decimal("0.5") <= hours_per_week <= Decimal("40"):
        raise DomainError(_("Timer pr. uge skal være mellem 0,5 og 40."))
    course = _lock_for(actor, course)
    if course.status == CourseStatus.ENDED:
        raise DomainError(_("Et afsluttet mentorforløb kan ikke få et nyt serviceniveau."))
    if (course.service_level, course.hours_per_week) == (service_level, hours_per_week):
        raise DomainError(_("Serviceniveau og timetal er de samme som nu; der er intet at ændre."))
    today = timezone.localdate()
    policy = policy_for(course.team.municipality, today)
    interval = policy.level(service_level).review_interval_months
    period = course.periods.order_by("-number").first()
    planned: list[str] = []
    if period is not None:
        pre_end = (Review.objects.filter(period=period, kind=ReviewKind.PRE_END)
                   .order_by("-due_date").first())
        lead_days = (period.end_date - pre_end.due_date).days if pre_end \
            else policy.review_lead_days
        from visitation.rules.dates import review_schedule

        dates = [day for day in review_schedule(period.start_date, period.end_date, interval,
                                                lead_days)[:-1] if day > today]
        Review.objects.filter(period=period, kind=ReviewKind.PERIODIC, status=ReviewStatus.DUE,
                              due_date__gt=today).update(status=ReviewStatus.CANCELLED)
        Review.objects.bulk_create(
            Review(course=course, period=period, due_date=day, kind=ReviewKind.PERIODIC)
            for day in dates)
        planned = [day.isoformat() for day in dates]
    previous_level, previous_hours = course.service_level, course.hours_per_week
    course.service_level = service_level
    course.hours_per_week = hours_per_week
    course._history_user = actor  # type: ignore[attr-defined]
    course.save(update_fields=["service_level", "hours_per_week"])
    caching.bump(caching.COURSES, caching.REVIEWS)
    event = CourseEvent.objects.create(
        course=course, actor=actor, action="level_changed", from_status=course.status,
        to_status=course.status, reason=reason.strip(),
        data={"from_level": previous_level, "to_level": service_level,
              "from_hours": str(previous_hours), "to_hours": str(hours_per_week),
              "reviews": planned})
    _notify_mentor(course, "course_level_changed", level=str(service_level))
    from agreements.services import agreement_on_level_change
    from agreements.services_letters import letter_for_level_change

    agreement_on_level_change(actor=actor, course=course, change_id=event.pk)
    letter_for_level_change(actor=actor, course=course, change_id=event.pk,
                            previous_level=previous_level, previous_hours=previous_hours,
                            review_interval_months=interval, reason=reason.strip())
    return course


@transaction.atomic
def course_reassign_mentor(*, actor: User, course: Course, mentor: Mentor,
                           reason: str) -> Course:
    """Give the course a new mentor (and their provider); the old one stays in the history."""
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for mentorskiftet."))
    course = _lock_for(actor, course)
    if course.status == CourseStatus.ENDED:
        raise DomainError(_("Et afsluttet mentorforløb kan ikke få en ny mentor."))
    if course.mentor_id == mentor.pk:
        raise DomainError(_("%(mentor)s er allerede mentor på forløbet.") % {"mentor": mentor})
    from visitation.selectors_referrals import mentor_capacity_left

    mentor = Mentor.objects.select_for_update(of=("self",)).select_related(
        "provider", "user").get(pk=mentor.pk)
    if not mentor.active or not mentor.provider.active:
        raise DomainError(_("%(mentor)s er ikke aktiv som mentor.") % {"mentor": mentor})
    if not mentor.certifications.filter(mentor_type=course.mentor_type).exists():
        raise DomainError(_("%(mentor)s er ikke certificeret som %(type)s.")
                          % {"mentor": mentor, "type": course.mentor_type.name.lower()})
    left = mentor_capacity_left(mentor)
    if left < course.hours_per_week:
        hours = f"{course.hours_per_week:.1f}".replace(".", ",")
        raise DomainError(_("%(mentor)s har ikke ledig kapacitet til forløbets %(hours)s "
                            "timer pr. uge.") % {"mentor": mentor, "hours": hours})
    previous = course.mentor
    data = {"from_mentor_id": previous.pk if previous else None,
            "from_mentor": str(previous) if previous else "",
            "from_provider_id": course.provider_id,
            "to_mentor_id": mentor.pk, "to_mentor": str(mentor),
            "to_provider_id": mentor.provider_id}
    course.mentor = mentor
    course.provider = mentor.provider
    course._history_user = actor  # type: ignore[attr-defined]
    course.save()
    caching.bump(caching.COURSES)
    CourseEvent.objects.create(course=course, actor=actor, action="mentor_reassigned",
                               from_status=course.status, to_status=course.status,
                               reason=reason.strip(), data=data)
    _notify_mentor(course, "course_new_mentor_you")
    if previous is not None and previous.user is not None:
        notify(user=previous.user, code="course_new_mentor", params={"course": course.pk})
    return course
