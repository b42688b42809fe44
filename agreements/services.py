"""Written agreements (aftale om mentorstøtte): draft, issue, new version, acceptance.

A draft is filled from the course and may be edited. Issuing checks the six items the law
requires, freezes the content as version N, renders the PDF and stores it with its SHA-256
checksum; the previous issued version becomes "superseded" but keeps its bytes. After that
nothing in the version's content, PDF or checksum changes: a change is a new version with a
reason. Every function that changes state holds the course's row lock, so two people issuing
at once get version N and N+1, never two N.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import (
    AcceptanceMethod,
    Agreement,
    AgreementEvent,
    AgreementStatus,
)
from agreements.pdf import render_agreement_pdf
from mentor.events import event_record
from mentor.models import DecisionKind, TargetGroup, User
from mentor.models_api import EventType
from mentor.permissions import is_administrator, may_manage_agreements
from mentor.queue import enqueue_on_commit
from mentor.selectors import policy_in_force
from mentor.services import DomainError, NotPermitted
from visitation.models import Course, CourseStatus, ReviewStatus

CONTENT_SCHEMA = 1

# The fields of a draft the caseworker may edit; everything else comes from the course.
EDITABLE_FIELDS = ("goal", "progression_goals", "tasks", "mentor_name", "mentor_email",
                   "mentor_phone", "follow_up", "hours_per_week", "complaint_guidance",
                   "notes", "reason")


class AgreementIncomplete(DomainError):
    """Issuing refused because required items are missing; one Danish message per item."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class ReissueResult(StrEnum):
    ISSUED = "issued"
    ALREADY_DONE = "already_done"
    DRAFT_PENDING = "draft_pending"
    INCOMPLETE = "incomplete"
    COURSE_ENDED = "course_ended"
    MISSING = "missing"  # the course or the actor no longer exists


# The task that runs ``agreement_reissue_by_ids`` after commit (``agreements.tasks``).
ISSUE_AGREEMENT = "agreements.tasks.issue_agreement_for_course"


# --- Content --------------------------------------------------------------------------------

def _person(user: User) -> dict[str, str]:
    return {"name": user.get_full_name() or user.username, "email": user.email or "",
            "phone": user.phone or "", "title": user.title or ""}


def _default_follow_up(course: Course) -> str:
    return ("Sagsbehandleren følger op på forløbet sammen med borgeren og mentor på datoerne "
            "ovenfor. Ved opfølgningen vurderer vi progressionen i forhold til målene, og om "
            "borgeren er klar til et aktivt tilbud.")


def content_from_course(course: Course, *, on: datetime.date,
                        base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The agreement's content as the course stands on ``on``.

    With ``base`` (the previous version or the draft being refreshed) the caseworker's own
    texts (goal, progression goals, tasks, follow-up, notes) are kept; the facts that belong
    to the course (people, decision, period, reviews, hours) and the municipality's complaint
    guidance are read again.
    """
    citizen = course.citizen
    municipality = course.team.municipality
    period = course.periods.order_by("-number").first()
    reviews = course.reviews.exclude(status=ReviewStatus.CANCELLED)
    if period is not None:
        reviews = reviews.filter(period=period)
    referral = course.referral
    target_group = TargetGroup.objects.filter(code=course.target_group).first()
    policy = policy_in_force(municipality, on)
    with translation.override("da"):
        kind_label = str(DecisionKind(course.kind).label)
    mentor = course.mentor
    content: dict[str, Any] = {
        "schema": CONTENT_SCHEMA,
        "course_id": course.pk,
        "municipality": {"name": municipality.name, "address": municipality.address,
                         "phone": municipality.phone, "email": municipality.email},
        "team": course.team.name,
        "citizen": {"name": citizen.full_name, "cpr_masked": citizen.cpr_masked,
                    "address": citizen.address},
        "caseworker": _person(course.caseworker),
        "decision": {"kind": course.kind, "kind_label": kind_label,
                     "legal_basis": list(course.legal_basis),
                     "target_group": target_group.name if target_group else "",
                     "mentor_type": course.mentor_type.name,
                     "date": course.decision_date.isoformat()},
        "goal": "\n".join(g.description for g in referral.goals.all()),
        "progression_goals": [{"description": g.description, "measure": g.measure}
                              for g in referral.goals.all()],
        "tasks": [t.name for t in referral.tasks.order_by("name")],
        "mentor": {"name": mentor.name if mentor else "",
                   "email": (mentor.email if mentor else "") or course.provider.contact_email,
                   "phone": mentor.phone if mentor else "",
                   "provider": course.provider.name},
        "period": {"number": period.number if period else 1,
                   "start": (period.start_date if period else course.start_date).isoformat(),
                   "end": (period.end_date if period else course.end_date).isoformat(),
                   "course_start": course.start_date.isoformat()},
        "reviews": [r.due_date.isoformat() for r in reviews.order_by("due_date")],
        "min_contact_days": course.min_contact_days,
        "in_person_contact": course.in_person_contact_required,
        "follow_up": _default_follow_up(course),
        "hours_per_week": str(course.hours_per_week),
        "service_level": course.service_level,
        "complaint_guidance": policy.complaint_guidance if policy else "",
        "notes": "",
    }
    if base:
        for key in ("goal", "progression_goals", "tasks", "follow_up", "notes"):
            if key in base:
                content[key] = base[key]
    return content


def agreement_problems(content: dict[str, Any]) -> list[str]:
    """What stops ``content`` from being issued: one Danish message per missing item."""
    problems = []
    if not str(content.get("goal") or "").strip():
        problems.append("Punkt 1: Målet med mentorstøtten mangler.")
    mentor = content.get("mentor") or {}
    if not str(mentor.get("name") or "").strip():
        problems.append("Punkt 2: Mentors navn mangler.")
    if not (str(mentor.get("phone") or "").strip() or str(mentor.get("email") or "").strip()):
        problems.append("Punkt 2: Mentors kontaktoplysninger (telefon eller e-mail) mangler.")
    if not [t for t in content.get("tasks") or [] if str(t).strip()]:
        problems.append("Punkt 3: De opgaver, mentor hjælper med, mangler.")
    period = content.get("period") or {}
    if not (period.get("start") and period.get("end")):
        problems.append("Punkt 4: Varigheden (start- og slutdato) mangler.")
    if not (content.get("reviews") or str(content.get("follow_up") or "").strip()):
        problems.append("Punkt 4: Opfølgningen (datoer eller beskrivelse) mangler.")
    if not [g for g in content.get("progression_goals") or []
            if str(g.get("description") or "").strip()]:
        problems.append("Punkt 4: Progressionsmålene mangler.")
    try:
        hours = Decimal(str(content.get("hours_per_week") or "0"))
    except ArithmeticError:
        hours = Decimal("0")
    if hours <= 0:
        problems.append("Punkt 5: Antallet af timer mangler.")
    if not str(content.get("complaint_guidance") or "").strip():
        problems.append("Punkt 6: Klagevejledningen mangler. Kommunens tekst står i "
                        "serviceniveau-politikken.")
    if not (content.get("decision") or {}).get("legal_basis"):
        problems.append("Lovgrundlaget for afgørelsen mangler.")
    return problems


# --- State changes --------------------------------------------------------------------------

def _lock_course(course: Course) -> Course:
    return (Course.objects.select_for_update(of=("self",))
            .select_related("citizen", "team__municipality", "caseworker", "mentor",
                            "provider", "mentor_type", "referral")
            .get(pk=course.pk))


def _event(agreement: Agreement, actor: User, action: str, reason: str = "",
           **data: Any) -> None:
    AgreementEvent.objects.create(agreement=agreement, actor=actor, action=action,
                                  reason=reason, data=data)


def _current(course: Course) -> Agreement | None:
    return Agreement.objects.filter(course=course, status=AgreementStatus.ISSUED).first()


def _draft(course: Course) -> Agreement | None:
    return Agreement.objects.filter(course=course, status=AgreementStatus.DRAFT).first()


def _check_open(course: Course) -> None:
    if course.status == CourseStatus.ENDED:
        raise DomainError(_("Mentorforløbet er afsluttet; der kan ikke laves en ny aftale."))


def _check_may_manage(actor: User, course: Course) -> None:
    if not may_manage_agreements(actor, course):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i forløbets team kan arbejde med "
                             "forløbets aftale."))


@transaction.atomic
def agreement_draft_open(*, actor: User, course: Course) -> Agreement:
    """The course's first agreement as a draft filled from the course.

    Opening again returns the draft already open. Once a version is issued a change must be a
    new version with a reason (``agreement_new_version``).
    """
    _check_may_manage(actor, course)
    course = _lock_course(course)
    draft = _draft(course)
    if draft is not None:
        return draft
    _check_open(course)
    if Agreement.objects.filter(course=course).exists():
        raise DomainError(_("Der er allerede udstedt en aftale for forløbet. En ændring skal "
                            "være en ny version med en begrundelse."))
    agreement = Agreement.objects.create(
        course=course, created_by=actor,
        content=content_from_course(course, on=timezone.localdate()))
    _event(agreement, actor, "draft_opened")
    return agreement


@transaction.atomic
def agreement_new_version(*, actor: User, course: Course, reason: str) -> Agreement:
    """A draft of version N+1: the caseworker's texts from the current version, the course's
    facts and the complaint guidance read again."""
    _check_may_manage(actor, course)
    if not reason.strip():
        raise DomainError(_("Angiv årsagen til den nye version."))
    course = _lock_course(course)
    _check_open(course)
    current = _current(course)
    if current is None:
        raise DomainError(_("Der er ingen udstedt aftale at lave en ny version af."))
    if _draft(course) is not None:
        raise DomainError(_("Der er allerede en kladde til en ny version. Fortsæt med den."))
    agreement = Agreement.objects.create(
        course=course, created_by=actor, reason=reason.strip(),
        content=content_from_course(course, on=timezone.localdate(), base=current.content))
    _event(agreement, actor, "new_version_opened", reason=reason.strip(),
           previous_version=current.version)
    return agreement


def _clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"agreement_draft_update() got an unexpected field {name!r}")
        if name == "tasks":
            value = [str(t).strip() for t in value if str(t).strip()]
        elif name == "progression_goals":
            value = [{"description": str(g.get("description") or "").strip(),
                      "measure": str(g.get("measure") or "").strip()}
                     for g in value if str(g.get("description") or "").strip()]
        elif name == "hours_per_week":
            value = "" if value in (None, "") else str(Decimal(str(value)))
        else:
            value = str(value or "").strip()
        clean[name] = value
    return clean


@transaction.atomic
def agreement_draft_update(*, actor: User, agreement: Agreement, **changes: Any) -> Agreement:
    """Change a draft's editable texts. An issued version never changes."""
    _check_may_manage(actor, agreement.course)
    clean = _clean_changes(changes)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.DRAFT:
        raise DomainError(_("Aftalen er udstedt og kan ikke ændres. Lav en ny version med en "
                            "begrundelse."))
    content = dict(locked.content)
    for name, value in clean.items():
        if name == "reason":
            continue
        if name.startswith("mentor_"):
            content["mentor"] = {**content.get("mentor", {}), name.removeprefix("mentor_"): value}
        else:
            content[name] = value
    locked.content = content
    fields = ["content"]
    if "reason" in clean:
        locked.reason = clean["reason"]
        fields.append("reason")
    locked.save(update_fields=fields)
    _event(locked, actor, "draft_updated", fields=sorted(clean))
    return locked


@transaction.atomic
def agreement_draft_discard(*, actor: User, agreement: Agreement) -> None:
    """Throw a draft away. Issued versions are kept for good."""
    _check_may_manage(actor, agreement.course)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.DRAFT:
        raise DomainError(_("Kun en kladde kan kasseres; en udstedt aftale bevares."))
    locked.delete()


@transaction.atomic
def agreement_issue(*, actor: User, agreement: Agreement) -> Agreement:
    """Freeze a draft as version N: validate, render, checksum; supersede version N-1."""
    _check_may_manage(actor, agreement.course)
    return _issue(actor, agreement)


def _issue(actor: User, agreement: Agreement) -> Agreement:
    """``agreement_issue``'s work, also done for an automatic version (whose actor started
    the change: an extension, an administrator's bulk run); the caller holds a transaction."""
    course = _lock_course(agreement.course)
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status != AgreementStatus.DRAFT:
        raise DomainError(_("Aftalen er allerede udstedt og kan ikke ændres. Lav en ny version "
                            "med en begrundelse."))
    problems = agreement_problems(locked.content)
    if problems:
        raise AgreementIncomplete(problems)
    previous = _current(course)
    if previous is not None and not locked.reason.strip():
        raise DomainError(_("Angiv årsagen til den nye version."))
    number = (Agreement.objects.filter(course=course).aggregate(n=Max("version"))["n"] or 0) + 1
    now = timezone.now()
    content = {**locked.content, "version": number,
               "issued_on": timezone.localdate(now).isoformat(),
               "issued_by": actor.get_full_name() or actor.username,
               "previous_version": previous.version if previous else None,
               "reason": locked.reason}
    pdf = render_agreement_pdf(content)
    if previous is not None:
        # Only the status moves; the old version's content, PDF and checksum stay as issued.
        Agreement.objects.filter(pk=previous.pk, status=AgreementStatus.ISSUED).update(
            status=AgreementStatus.SUPERSEDED)
        _event(previous, actor, "superseded", superseded_by=number)
    locked.version = number
    locked.status = AgreementStatus.ISSUED
    locked.content = content
    locked.pdf = pdf
    locked.checksum = hashlib.sha256(pdf).hexdigest()
    locked.issued_by = actor
    locked.issued_at = now
    locked.save(update_fields=["version", "status", "content", "pdf", "checksum", "issued_by",
                               "issued_at"])
    _event(locked, actor, "issued", reason=locked.reason, version=number,
           checksum=locked.checksum)
    event_record(EventType.AGREEMENT_ISSUED, course=course,
                 data={"agreement_id": locked.pk, "version": number})
    return locked


@transaction.atomic
def agreement_record_acceptance(*, actor: User, agreement: Agreement,
                                accepted_on: datetime.date, method: str) -> Agreement:
    """Record how and when the citizen accepted an issued version (once per version)."""
    _check_may_manage(actor, agreement.course)
    if method not in AcceptanceMethod.values:
        raise DomainError(_("Vælg hvordan borgeren har accepteret aftalen."))
    if accepted_on > timezone.localdate():
        raise DomainError(_("Datoen for accepten kan ikke ligge i fremtiden."))
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if locked.status == AgreementStatus.DRAFT:
        raise DomainError(_("En kladde kan ikke accepteres. Udsted aftalen først."))
    if locked.accepted_on is not None:
        raise DomainError(_("Borgerens accept af version %(version)s er allerede registreret.")
                          % {"version": locked.version})
    if locked.issued_at is None:
        raise DomainError(_("En kladde kan ikke accepteres. Udsted aftalen først."))
    if accepted_on < timezone.localdate(locked.issued_at):
        raise DomainError(_("Borgeren kan ikke have accepteret aftalen, før den blev udstedt."))
    Agreement.objects.filter(pk=locked.pk, accepted_on__isnull=True).update(
        accepted_on=accepted_on, acceptance_method=method, acceptance_recorded_by=actor)
    locked.refresh_from_db(fields=["accepted_on", "acceptance_method",
                                   "acceptance_recorded_by"])
    _event(locked, actor, "accepted", accepted_on=accepted_on.isoformat(), method=method)
    return locked


# --- Automatic versions: extensions and bulk issuing ---------------------------------------

@transaction.atomic
def agreement_reissue(*, actor: User, course: Course, key: str, reason: str) -> ReissueResult:
    """Issue a new version for ``course`` because of ``key`` (an extension, a policy change).

    Idempotent: a course gets at most one agreement per key, so running it again does
    nothing. A draft a caseworker has open is refreshed (new period, new complaint guidance)
    and left for them to issue; an incomplete new version is left as a draft.
    """
    course = _lock_course(course)
    if Agreement.objects.filter(course=course, source_key=key).exists():
        return ReissueResult.ALREADY_DONE
    if course.status == CourseStatus.ENDED:
        return ReissueResult.COURSE_ENDED
    today = timezone.localdate()
    draft = _draft(course)
    if draft is not None:
        draft.content = content_from_course(course, on=today, base=draft.content)
        draft.source_key = key
        if not draft.reason and _current(course) is not None:
            draft.reason = reason
        draft.save(update_fields=["content", "source_key", "reason"])
        _event(draft, actor, "draft_refreshed", reason=reason, key=key)
        return ReissueResult.DRAFT_PENDING
    current = _current(course)
    agreement = Agreement.objects.create(
        course=course, created_by=actor, source_key=key,
        reason=reason if current is not None else "",
        content=content_from_course(course, on=today,
                                    base=current.content if current else None))
    _event(agreement, actor, "draft_opened", reason=reason, key=key)
    if agreement_problems(agreement.content):
        return ReissueResult.INCOMPLETE
    _issue(actor, agreement)
    return ReissueResult.ISSUED


def agreement_reissue_by_ids(*, course_id: int, actor_id: int, key: str,
                             reason: str) -> ReissueResult:
    """``agreement_reissue`` for the queued task, which holds ids: a course or actor deleted
    since it was queued is ``MISSING``, not an error."""
    course = Course.objects.filter(pk=course_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if course is None or actor is None:
        return ReissueResult.MISSING
    return agreement_reissue(actor=actor, course=course, key=key, reason=reason)


def extension_key(course: Course) -> tuple[str, str]:
    """The idempotency key and reason for the course's latest period."""
    period = course.periods.order_by("-number").first()
    if period is None:
        return "period:1", "Mentorforløbet er forlænget."
    return (f"period:{period.number}",
            f"Mentorforløbet er forlænget: periode {period.number}, "
            f"{period.start_date:%d.%m.%Y}–{period.end_date:%d.%m.%Y}.")


def agreement_on_extension(*, actor: User, course: Course) -> None:
    """Called by ``course_extend`` inside its transaction: after commit, a task issues the
    agreement for the new period (or refreshes the open draft). Safe to call twice."""
    key, reason = extension_key(course)
    enqueue_on_commit(ISSUE_AGREEMENT, course.pk, actor.pk, key, reason)


def agreement_on_level_change(*, actor: User, course: Course, change_id: int) -> None:
    """Called by ``course_change_level`` inside its transaction: the agreement states the
    hours (item 5), so a new version is issued after commit (or the open draft refreshed)."""
    hours = str(course.hours_per_week).replace(".", ",")
    enqueue_on_commit(ISSUE_AGREEMENT, course.pk, actor.pk, f"level:{change_id}",
                      f"Nyt serviceniveau {course.service_level} med {hours} timer pr. uge.")


def agreements_bulk_issue(*, actor: User, course_ids: list[int], key: str,
                          reason: str) -> int:
    """Fan out one task per course after commit (e.g. after a policy change). Returns how
    many were queued. Each task is idempotent on ``key``, so a repeated bulk run is safe."""
    if not is_administrator(actor):
        raise NotPermitted(_("Kun en administrator kan udstede nye versioner for mange forløb."))
    if not reason.strip():
        raise DomainError(_("Angiv årsagen til de nye versioner."))
    ids = sorted(set(course_ids))
    for course_id in ids:
        enqueue_on_commit(ISSUE_AGREEMENT, course_id, actor.pk, key, reason.strip())
    return len(ids)
