"""Referral life cycle: draft, submit, approve / reject / return (visitation), withdraw.

Each function is atomic, checks the move against ``REFERRAL_TRANSITIONS``, writes a
``ReferralEvent`` with actor, time and reason, and raises ``DomainError`` (Danish) when the
move is refused. The visitation moves lock the referral row and re-read its status, so two
team leaders acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.events import event_record
from mentor.models import (
    Citizen,
    DecisionKind,
    Mentor,
    MentorTask,
    MentorType,
    Provider,
    User,
)
from mentor.models_api import EventType
from mentor.permissions import may_approve, may_file_referral, referral_decider_ids
from mentor.services import (
    CITIZEN_FACT_FIELDS,
    DomainError,
    NotPermitted,
    citizen_update,
    notify,
    notify_all,
)
from mentor.texts import reader_language
from visitation import rules
from visitation.decisions import policy_for, stored_decision
from visitation.models import (
    REFERRAL_TRANSITIONS,
    Course,
    Referral,
    ReferralEvent,
    ReferralGoal,
    ReferralStatus,
    VisitationGround,
)
from visitation.selectors_referrals import decision_for, mentor_capacity_left
from visitation.services.courses import course_open

EDITABLE = frozenset({ReferralStatus.DRAFT, ReferralStatus.RETURNED})


@dataclass(frozen=True)
class ReferralInput:
    """What the caseworker fills in on the referral form (the facts come separately)."""

    proposed_start: datetime.date
    visitation_grounds: list[str] = field(default_factory=list)
    grounds_text: str = ""
    mentor_type: MentorType | None = None
    service_level: int = 1
    hours_per_week: Decimal = Decimal("1.0")
    tasks: list[MentorTask] = field(default_factory=list)
    preferred_provider: Provider | None = None
    preferred_mentor: Mentor | None = None
    section_31d_justification: str = ""
    goals: list[tuple[str, str]] = field(default_factory=list)


def _status_label(status: str) -> str:
    return str(ReferralStatus(status).label).lower()


def check_referral_transition(referral: Referral, to_status: str) -> None:
    if to_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise DomainError(_("Indstillingen kan ikke gå fra '%(from)s' til '%(to)s'.")
                          % {"from": _status_label(referral.status),
                             "to": _status_label(to_status)})


# How far ahead a referral may propose to start: a decision on facts a year old is no decision.
PROPOSED_START_HORIZON = datetime.timedelta(days=366)


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _event(referral: Referral, actor: User, from_status: str, reason: str = "") -> None:
    ReferralEvent.objects.create(referral=referral, actor=actor, from_status=from_status,
                                 to_status=referral.status, reason=reason)


def _check_caseworker(actor: User, citizen: Citizen) -> None:
    if not may_file_referral(actor, citizen):
        raise NotPermitted(_("Kun en sagsbehandler i borgerens team kan udarbejde en indstilling."))


def _check_team_leader(actor: User, referral: Referral) -> None:
    if may_approve(actor, referral):
        return
    if may_approve(actor) and referral.team_id in actor.team_ids:
        raise NotPermitted(_("Du kan ikke visitere din egen indstilling: du har selv oprettet, "
                             "ændret eller indsendt den. En anden teamleder skal godkende, "
                             "afvise eller sende den retur."))
    raise NotPermitted(_("Kun en teamleder i indstillingens team kan visitere den."))


def _already_decided(referral: Referral) -> DomainError:
    status = _status_label(referral.status)
    if referral.decided_by_id and referral.decided_at:
        decided_at = timezone.localtime(referral.decided_at)
        done = _("Indstillingen er allerede %(status)s af %(who)s den %(date)s kl. %(time)s.") % {
            "status": status, "who": referral.decided_by, "date": f"{decided_at:%d.%m.%Y}",
            "time": f"{decided_at:%H:%M}"}
    else:
        done = _("Indstillingen er allerede %(status)s.") % {"status": status}
    return DomainError(done + " " + _("Din handling er ikke gennemført; genindlæs siden for at "
                                      "se den aktuelle status."))


def _validate_input(data: ReferralInput) -> None:
    unknown = set(data.visitation_grounds) - set(VisitationGround.values)
    if unknown:
        raise DomainError(_("Ukendt visitationsgrundlag."))
    if data.service_level not in (1, 2, 3):
        raise DomainError(_("Serviceniveauet skal være 1, 2 eller 3."))
    if not Decimal("0.5") <= data.hours_per_week <= Decimal("40"):
        raise DomainError(_("Timer pr. uge skal være mellem 0,5 og 40."))
    if (data.preferred_mentor is not None and data.preferred_provider is not None
            and data.preferred_mentor.provider_id != data.preferred_provider.pk):
        raise DomainError(_("Den ønskede mentor hører ikke til den ønskede leverandør."))


def _lock_for_submit(referral: Referral) -> Referral:
    """The referral's row lock, with the citizen, team and municipality the submission reads
    (one query; only the referral's row is locked, as by ``_lock``)."""
    return (Referral.objects.select_for_update(of=("self",))
            .select_related("citizen__team__municipality").get(pk=referral.pk))


def _snapshot(referral: Referral, citizen: Citizen, today: datetime.date,
              policy: rules.Policy | None = None) -> None:
    if policy is None:
        policy = policy_for(citizen.team.municipality, today)
    facts, stored = decision_for(citizen, facts=None, service_level=referral.service_level,
                                 start_date=referral.proposed_start, on=today, policy=policy)
    referral.facts_snapshot = facts
    referral.decision = stored
    referral.decision_kind = stored.get("kind", "")
    referral.rule_set_version = stored.get("rule_set_version", "")
    referral.law_revision = stored.get("law_revision", "")


@transaction.atomic
def referral_save_draft(*, actor: User, citizen: Citizen, data: ReferralInput,
                        facts: dict[str, Any] | None = None,
                        referral: Referral | None = None,
                        policy: rules.Policy | None = None) -> Referral:
    """Create or update a draft (or a returned referral). Changed facts are saved on the
    citizen (they are the citizen's facts) and snapshotted on the referral with the rules'
    decision of today. ``policy``: the citizen's municipality's policy in force today, when
    the caller has just read it (``policy_for``); read here otherwise."""
    saved, _sent, _refused = _save_draft(actor=actor, citizen=citizen, data=data, facts=facts,
                                         referral=referral, policy=policy)
    return saved


def referral_save_and_submit(*, actor: User, citizen: Citizen, data: ReferralInput,
                             facts: dict[str, Any] | None = None,
                             referral: Referral | None = None,
                             policy: rules.Policy | None = None
                             ) -> tuple[Referral, DomainError | None]:
    """Save the draft and send it to visitation (the form's *Send til visitation*): what
    ``referral_save_draft`` and then ``referral_submit`` do, in one transaction that holds
    the referral from the save to the submission, so the referral is not read, locked and
    decided a second time. A new referral that may be sent is written once, as submitted,
    with both events (the draft created, then sent): no one else can see it in between.

    ``policy`` as for ``referral_save_draft``. Returns the referral and, when it may not be
    sent (``submission_problems``), the refusal: the draft is saved all the same. Raises
    ``DomainError`` only when the draft itself is refused, and then nothing is saved.
    """
    with transaction.atomic():
        saved, sent, refused = _save_draft(actor=actor, citizen=citizen, data=data,
                                           facts=facts, referral=referral, policy=policy,
                                           submit=True)
        if sent or refused is not None:
            return saved, refused
        try:
            check_referral_transition(saved, ReferralStatus.SUBMITTED)
            # The snapshot and decision are today's, made by the save in this transaction.
            _send(actor, saved, has_goals=bool(data.goals))
        except DomainError as refusal:
            # Refused before anything of the submission was written: the draft commits.
            return saved, refusal
    return saved, None


def _save_draft(*, actor: User, citizen: Citizen, data: ReferralInput,
                facts: dict[str, Any] | None, referral: Referral | None,
                policy: rules.Policy | None, submit: bool = False
                ) -> tuple[Referral, bool, DomainError | None]:
    """``referral_save_draft``'s work; the caller holds a transaction. With ``submit``, a
    new referral is checked for submission before it is written, and written as submitted
    when it may be sent. Returns the referral, whether it was sent, and the refusal when a
    new referral may not be sent (it is then saved as a draft)."""
    _check_caseworker(actor, citizen)
    _validate_input(data)
    today = timezone.localdate()
    if referral is not None:
        referral = _lock(referral)
        if referral.citizen_id != citizen.pk:
            raise DomainError(_("Indstillingen hører til en anden borger."))
        if referral.status not in EDITABLE:
            raise DomainError(_("Indstillingen er %(status)s og kan ikke længere ændres.")
                              % {"status": _status_label(referral.status)})
    if facts:
        unknown = set(facts) - set(CITIZEN_FACT_FIELDS)
        if unknown:
            raise TypeError(f"unknown facts {sorted(unknown)}")
        changed = {k: v for k, v in facts.items() if getattr(citizen, k) != v}
        if changed:
            citizen = citizen_update(actor=actor, citizen=citizen, **changed)
    created = referral is None
    if referral is None:
        referral = Referral(citizen=citizen, team=citizen.team, created_by=actor,
                            status=ReferralStatus.DRAFT)
    for name in ("visitation_grounds", "grounds_text", "mentor_type", "service_level",
                 "hours_per_week", "proposed_start", "preferred_provider", "preferred_mentor",
                 "section_31d_justification"):
        setattr(referral, name, getattr(data, name))
    _snapshot(referral, citizen, today, policy)
    sent, refused = False, None
    if submit and created:
        problems = submission_problems(referral, has_goals=bool(data.goals), submitter=actor)
        if problems:
            refused = DomainError(" ".join(problems))
        else:
            sent = True
            referral.status = ReferralStatus.SUBMITTED
            referral.submitted_at = timezone.now()
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    if not created or data.tasks:
        referral.tasks.set(data.tasks)
    if not created:
        referral.goals.all().delete()
    ReferralGoal.objects.bulk_create(
        ReferralGoal(referral=referral, description=description, measure=measure, order=index)
        for index, (description, measure) in enumerate(data.goals))
    if not created and not referral.events.filter(actor=actor).exists():
        # Changed by someone the history does not name yet: it names everyone who had a hand
        # in the referral (four eyes), not only who moved it.
        _event(referral, actor, from_status=referral.status)
    if created:
        events = [ReferralEvent(referral=referral, actor=actor, from_status="",
                                to_status=ReferralStatus.DRAFT)]
        if sent:
            events.append(ReferralEvent(referral=referral, actor=actor,
                                        from_status=ReferralStatus.DRAFT,
                                        to_status=ReferralStatus.SUBMITTED, reason=""))
        ReferralEvent.objects.bulk_create(events)
    if sent:
        _notify_team_leaders(actor, referral)
    return referral, sent, refused


# Refused when no one but its authors could decide the referral (``referral_decider_ids``).
NO_DECIDER = gettext_lazy(
    "Ingen kan visitere indstillingen: teamet har ingen anden aktiv teamleder, der ikke selv "
    "har skrevet den, og ingen stedfortræder for visitationen. Bed en administrator udpege en "
    "stedfortræder for teamet (en teamleder fra et andet team eller en leder).")


def submission_problems(referral: Referral, *, has_goals: bool | None = None,
                        submitter: User | None = None) -> list[str]:
    """What keeps a referral from being submitted (in the reader's language), empty when it may
    go.
    ``has_goals``: whether the referral has goals, when the caller has just saved them.
    ``submitter``: who sends it; then it must have someone else who may decide it."""
    problems: list[str] = []
    if submitter is not None and not referral_decider_ids(referral,
                                                          also_authors={submitter.pk}):
        problems.append(str(NO_DECIDER))
    if referral.proposed_start > timezone.localdate() + PROPOSED_START_HORIZON:
        problems.append(_("Den foreslåede start kan højst ligge et år ude i fremtiden."))
    if not referral.visitation_grounds:
        problems.append(_("Vælg mindst ét visitationsgrundlag."))
    if not (referral.goals.exists() if has_goals is None else has_goals):
        problems.append(_("Angiv mindst ét mål og hvordan progressionen måles."))
    provider = referral.preferred_provider
    if provider is not None and provider.is_section_31d \
            and not referral.section_31d_justification.strip():
        problems.append(_(
            "Når en virksomhed eller uddannelsesinstitution skal yde mentorstøtten (LAB § 31 d), "
            "skal det begrundes, at støtten ligger ud over det, den sædvanligvis varetager, "
            "og er afgørende for aktiviteten."))
    if referral.decision.get("error"):
        error = referral.decision["error"]
        if reader_language() == "en":
            error = referral.decision.get("error_en") or error
        problems.append(_("Reglerne kan ikke træffe en afgørelse: %(error)s") % {"error": error})
    elif referral.decision_kind == DecisionKind.NOT_ELIGIBLE:
        problems.append(_("Borgeren er ikke omfattet af reglerne om mentorstøtte efter de "
                          "oplysninger, der er registreret. Ret oplysningerne, eller træk "
                          "indstillingen tilbage."))
    return problems


@transaction.atomic
def referral_submit(*, actor: User, referral: Referral) -> Referral:
    """Send a draft or returned referral to the team leaders' approval queue."""
    referral = _lock_for_submit(referral)
    _check_caseworker(actor, referral.citizen)
    check_referral_transition(referral, ReferralStatus.SUBMITTED)
    _snapshot(referral, referral.citizen, timezone.localdate())
    return _send(actor, referral)


def _send(actor: User, referral: Referral, *, has_goals: bool | None = None) -> Referral:
    """Submit a locked referral whose snapshot is today's: every check before any write, so
    a refusal (``DomainError``) leaves the transaction as it was."""
    problems = submission_problems(referral, has_goals=has_goals, submitter=actor)
    if problems:
        raise DomainError(" ".join(problems))
    from_status = referral.status
    referral.status = ReferralStatus.SUBMITTED
    referral.submitted_at = timezone.now()
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    _event(referral, actor, from_status)
    event_record(EventType.REFERRAL_SUBMITTED, referral=referral)
    _notify_team_leaders(actor, referral)
    return referral


def _notify_team_leaders(actor: User, referral: Referral) -> None:
    """Everyone who may decide the referral (its team's other team leaders, or the team's
    visitation deputy): a referral waits for them."""
    deciders = referral_decider_ids(referral, also_authors={actor.pk})
    notify_all(user_ids=sorted(deciders), code="referral_awaits_visitation",
               params={"referral": referral.pk}, url=reverse("referral_detail", args=[referral.pk]))


def _visitation_locked(actor: User, referral: Referral) -> Referral:
    locked = _lock(referral)
    _check_team_leader(actor, locked)
    if locked.status in (ReferralStatus.APPROVED, ReferralStatus.REJECTED,
                         ReferralStatus.RETURNED):
        raise _already_decided(locked)
    if locked.status != ReferralStatus.SUBMITTED:
        raise DomainError(_("Indstillingen er %(status)s og venter ikke på visitation.")
                          % {"status": _status_label(locked.status)})
    return locked


@transaction.atomic
def referral_approve(*, actor: User, referral: Referral, mentor: Mentor | None = None,
                     provider: Provider | None = None, note: str = "") -> Course:
    """Approve: re-decide with the policy in force today, store the decision with its rule-set
    version, open the course, and notify the caseworker and the mentor."""
    referral = _visitation_locked(actor, referral)
    check_referral_transition(referral, ReferralStatus.APPROVED)
    citizen = referral.citizen
    municipality = citizen.team.municipality
    today = timezone.localdate()
    facts = dict(referral.facts_snapshot)
    facts["decision_date"] = today.isoformat()
    facts["service_level"] = referral.service_level
    facts["start_date"] = max(referral.proposed_start, today).isoformat()
    try:
        decision = rules.evaluate(rules.parse_facts(facts), policy_for(municipality, today))
    except rules.RulesError as exc:
        raise DomainError(_("Reglerne kan ikke træffe en afgørelse: %(error)s")
                          % {"error": exc.message(reader_language())}) from exc
    stored = stored_decision(decision)
    mentor_type = referral.mentor_type or MentorType.objects.filter(
        code=decision.mentor_type).first()
    if mentor is not None:
        mentor = Mentor.objects.select_for_update(of=("self",)).select_related("provider").get(
            pk=mentor.pk)
        _check_mentor(mentor, mentor_type, referral.hours_per_week)
        if provider is not None and provider.pk != mentor.provider_id:
            raise DomainError(_("Den valgte mentor hører ikke til den valgte leverandør."))
        provider = mentor.provider
    if provider is None:
        raise DomainError(_("Vælg en mentor eller en leverandør."))
    if not provider.active or provider.municipality_id != municipality.pk:
        raise DomainError(_("Leverandøren er ikke aktiv i kommunen."))
    if provider.is_section_31d and not referral.section_31d_justification.strip():
        raise DomainError(_("Leverandøren er en virksomhed eller uddannelsesinstitution "
                            "(LAB § 31 d), men indstillingen mangler begrundelsen for, at støtten "
                            "ligger ud over det sædvanlige. Send indstillingen retur."))
    referral.facts_snapshot = facts
    referral.decision = stored
    referral.decision_kind = decision.kind
    # What was approved: the rules' suggestion, when the caseworker left the choice to them.
    referral.mentor_type = mentor_type
    referral.rule_set_version = decision.rule_set_version
    referral.law_revision = decision.law_revision
    referral.status = ReferralStatus.APPROVED
    referral.decided_at = timezone.now()
    referral.decided_by = actor
    referral.decision_reason = note
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    _event(referral, actor, ReferralStatus.SUBMITTED, note)
    event_record(EventType.REFERRAL_APPROVED, referral=referral,
                 data={"decision_kind": decision.kind})
    course = course_open(actor=actor, referral=referral, mentor=mentor, provider=provider,
                         stored_decision=stored, decision_date=today)
    url = reverse("course_detail", args=[course.pk])
    notify(user=referral.created_by, code="referral_approved",
           params={"referral": referral.pk, "course": course.pk}, url=url)
    if mentor is not None and mentor.user is not None:
        notify(user=mentor.user, code="course_assigned", params={"course": course.pk}, url=url)
    # The citizen's letter of grant (bevilling), sent after commit.
    from agreements.services_letters import letter_for_grant

    letter_for_grant(actor=actor, course=course)
    return course


def _check_mentor(mentor: Mentor, mentor_type: MentorType | None, hours: Decimal) -> None:
    """Caller holds the mentor's row lock, so two approvals cannot overbook the mentor."""
    if not mentor.active or not mentor.provider.active:
        raise DomainError(_("%(mentor)s er ikke aktiv som mentor.") % {"mentor": mentor})
    if mentor_type is not None and not mentor.certifications.filter(
            mentor_type=mentor_type).exists():
        raise DomainError(_("%(mentor)s er ikke certificeret som %(type)s.")
                          % {"mentor": mentor, "type": mentor_type.name.lower()})
    left = mentor_capacity_left(mentor)
    if left < hours:
        raise DomainError(_("%(mentor)s har kun %(left)s timer pr. uge ledigt, og forløbet "
                            "kræver %(hours)s.")
                          % {"mentor": mentor, "left": _hours(left), "hours": _hours(hours)})


def _hours(value: Decimal) -> str:
    return f"{value:.1f}".replace(".", ",")


@transaction.atomic
def referral_reject(*, actor: User, referral: Referral, reason: str) -> Referral:
    """Reject with a reason, which the caseworker sees."""
    if not reason.strip():
        raise DomainError(_("Skriv en begrundelse for afvisningen."))
    referral = _visitation_locked(actor, referral)
    check_referral_transition(referral, ReferralStatus.REJECTED)
    event_record(EventType.REFERRAL_REJECTED, referral=referral)
    rejected = _decide(actor, referral, ReferralStatus.REJECTED, reason.strip(),
                       "referral_rejected")
    # The citizen's letter of rejection (afslag) with the reason, sent after commit.
    from agreements.services_letters import letter_for_rejection

    letter_for_rejection(actor=actor, referral=rejected)
    return rejected


@transaction.atomic
def referral_return(*, actor: User, referral: Referral, comment: str) -> Referral:
    """Send back to the caseworker for changes, with a comment saying what to change."""
    if not comment.strip():
        raise DomainError(_("Skriv en kommentar om, hvad sagsbehandleren skal ændre."))
    referral = _visitation_locked(actor, referral)
    check_referral_transition(referral, ReferralStatus.RETURNED)
    return _decide(actor, referral, ReferralStatus.RETURNED, comment.strip(),
                   "referral_returned")


def _decide(actor: User, referral: Referral, to_status: str, reason: str,
            code: str) -> Referral:
    from_status = referral.status
    referral.status = to_status
    referral.decided_at = timezone.now()
    referral.decided_by = actor
    referral.decision_reason = reason
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    _event(referral, actor, from_status, reason)
    notify(user=referral.created_by, code=code, params={"referral": referral.pk},
           url=reverse("referral_detail", args=[referral.pk]))
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, reason: str = "") -> Referral:
    """The caseworker withdraws a referral that is not yet decided."""
    referral = _lock(referral)
    _check_caseworker(actor, referral.citizen)
    if referral.status in (ReferralStatus.APPROVED, ReferralStatus.REJECTED):
        raise _already_decided(referral)
    check_referral_transition(referral, ReferralStatus.WITHDRAWN)
    from_status = referral.status
    referral.status = ReferralStatus.WITHDRAWN
    referral._history_user = actor  # type: ignore[attr-defined]
    referral.save()
    _event(referral, actor, from_status, reason.strip())
    return referral
