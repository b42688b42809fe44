"""Security and privacy state changes: justified look-ups, revealing a CPR number, retention.

Who may see a citizen is decided in ``mentor.permissions``; these functions assume the caller
fetched the citizen through it (or is an administrator acting on the access log).
"""

from __future__ import annotations

import calendar
import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import cpr as cpr_lib
from mentor.models import (
    AccessAction,
    AccessLog,
    Citizen,
    Municipality,
    Notification,
    SocialServiceSupport,
    User,
)
from mentor.name_search import search_name_for
from mentor.permissions import (
    MANAGER_LOOKUP_HOURS,
    is_administrator,
    log_access,
    may_look_up_citizen,
)
from mentor.selectors import policy_in_force
from mentor.services import DomainError, NotPermitted

logger = logging.getLogger(__name__)

LOOKUP_REASON_MIN_LENGTH = 10
ERASE_REASON_MIN_LENGTH = 10
# Without a policy the municipality keeps a case this long after the last course ended.
DEFAULT_RETENTION_YEARS = 5
ANONYMISED = "Anonymiseret"


# --- Justified look-up ----------------------------------------------------------------------
@transaction.atomic
def lookup_open(*, actor: User, citizen: Citizen, reason: str) -> AccessLog:
    """A manager opens one citizen's case for MANAGER_LOOKUP_HOURS; the reason is logged.

    ``mentor.permissions`` reads the LOOKUP row: it is both the grant and its audit trail.
    """
    if not may_look_up_citizen(actor):
        raise NotPermitted(_("Kun ledere kan foretage et begrundet opslag."))
    reason = reason.strip()
    if len(reason) < LOOKUP_REASON_MIN_LENGTH:
        raise DomainError(_("Skriv en begrundelse for opslaget (mindst %(n)s tegn).")
                          % {"n": LOOKUP_REASON_MIN_LENGTH})
    if citizen.anonymised_at is not None:
        raise DomainError(_("Borgeren er anonymiseret; sagen kan ikke åbnes."))
    return AccessLog.objects.create(
        user=actor, citizen=citizen, action=AccessAction.LOOKUP,
        what=f"Begrundet opslag ({MANAGER_LOOKUP_HOURS} timer)", reason=reason[:300])


# --- CPR number ---------------------------------------------------------------------------------
def cpr_reveal(*, actor: User, citizen: Citizen) -> str:
    """The full CPR number, formatted DDMMYY-XXXX; the reveal is logged first.

    Caller fetched ``citizen`` through ``mentor.permissions.get_citizen_for_user``.
    """
    with transaction.atomic():
        log_access(actor, citizen, action=AccessAction.CPR_REVEAL, what="Fuldt CPR-nummer vist")
    return cpr_lib.format_full(cpr_lib.decrypt(citizen.cpr_encrypted))


# --- Retention ------------------------------------------------------------------------------------
def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by ``years``; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def retention_years(municipality: Municipality, today: datetime.date) -> int:
    version = policy_in_force(municipality, today)
    return DEFAULT_RETENTION_YEARS if version is None else version.retention_years


@dataclass(frozen=True)
class Retention:
    """How long a citizen's case is kept. ``expires_on`` is None while a course is open."""

    years: int
    last_course_end: datetime.date | None
    last_activity: datetime.date
    open_course: bool

    @property
    def expires_on(self) -> datetime.date | None:
        return None if self.open_course else add_years(self.last_activity, self.years)

    def expired(self, today: datetime.date) -> bool:
        return self.expires_on is not None and self.expires_on <= today


def _retention_candidates() -> QuerySet[Citizen]:
    return _with_retention_facts(Citizen.objects.filter(anonymised_at__isnull=True))


def _with_retention_facts(qs: QuerySet[Citizen]) -> QuerySet[Citizen]:
    """Citizens annotated with what retention reads: open courses and the last activity."""
    from visitation.models import CourseStatus

    return (qs.annotate(last_course_end=Max("courses__ended_on"),
                      last_referral_at=Max("referrals__updated_at"),
                      open_course=Max("courses__id",
                                      filter=~Q(courses__status=CourseStatus.ENDED))))


def _retention_of(citizen: Any, years: int) -> Retention:
    """Retention from the annotations of ``_retention_candidates``.

    The period runs from the last course's end; a citizen who never had a course is kept from
    the last referral change or, without one, from registration.
    """
    last_course_end: datetime.date | None = citizen.last_course_end
    if last_course_end is not None:
        last_activity = last_course_end
    else:
        moments = [citizen.created_at, citizen.last_referral_at]
        last_activity = timezone.localdate(max(m for m in moments if m is not None))
    return Retention(years=years, last_course_end=last_course_end,
                     last_activity=last_activity, open_course=citizen.open_course is not None)


def retention_for(citizen: Citizen, today: datetime.date) -> Retention:
    annotated = _with_retention_facts(Citizen.objects.filter(pk=citizen.pk))\
        .select_related("team__municipality").get()
    return _retention_of(annotated, retention_years(annotated.team.municipality, today))


def retention_refusal(retention: Retention, today: datetime.date) -> str | None:
    """Why the case may not be erased yet (in the reader's language), or None when it may."""
    if retention.open_course:
        return _("Borgeren har et igangværende mentorforløb, og oplysningerne skal opbevares, "
                 "til forløbet er afsluttet og opbevaringsperioden er udløbet.")
    expires_on = retention.expires_on
    if expires_on is None:  # only an open course leaves it open, and that is refused above
        raise ValueError("A case without an open course has a retention end.")
    if expires_on > today:
        params = {"until": f"{expires_on:%d.%m.%Y}", "years": retention.years,
                  "since": f"{retention.last_activity:%d.%m.%Y}"}
        if retention.last_course_end is not None:
            return _("Oplysningerne skal opbevares til %(until)s: kommunens opbevaringsperiode "
                     "er %(years)s år efter, at sidste mentorforløb sluttede (%(since)s).") % params
        return _("Oplysningerne skal opbevares til %(until)s: kommunens opbevaringsperiode er "
                 "%(years)s år efter, at sagen sidst blev ændret (%(since)s).") % params
    return None


@transaction.atomic
def citizen_erase(*, actor: User, citizen: Citizen, reason: str) -> Citizen:
    """An administrator anonymises a citizen now; refused, with the reason, before the
    retention period has run out."""
    if not is_administrator(actor):
        raise NotPermitted(_("Kun administratorer kan slette en borgers oplysninger."))
    reason = reason.strip()
    if len(reason) < ERASE_REASON_MIN_LENGTH:
        raise DomainError(_("Skriv en begrundelse for sletningen (mindst %(n)s tegn).")
                          % {"n": ERASE_REASON_MIN_LENGTH})
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if locked.anonymised_at is not None:
        raise DomainError(_("Borgeren er allerede anonymiseret."))
    today = timezone.localdate()
    refusal = retention_refusal(retention_for(locked, today), today)
    if refusal is not None:
        raise DomainError(refusal)
    _anonymise(locked, actor=actor, reason=reason)
    return locked


def retention_anonymise_expired(today: datetime.date) -> int:
    """Anonymise every citizen whose retention period ended on or before ``today``.

    Each citizen in its own transaction under a row lock (skip_locked), re-checked after the
    lock: running it twice, or twice at once, anonymises each citizen once. Returns how many.
    """
    done = 0
    for municipality in Municipality.objects.order_by("id"):
        years = retention_years(municipality, today)
        for candidate in _retention_candidates().filter(team__municipality=municipality):
            if not _retention_of(candidate, years).expired(today):
                continue
            with transaction.atomic():
                locked = (Citizen.objects.select_for_update(skip_locked=True)
                          .filter(pk=candidate.pk, anonymised_at__isnull=True).first())
                if locked is None:
                    continue
                if not retention_for(locked, today).expired(today):
                    continue
                _anonymise(locked, actor=None,
                           reason=f"Opbevaringsperioden på {years} år er udløbet.")
                done += 1
    if done:
        logger.info("Retention: anonymised %d citizen(s).", done)
    return done


# --- Anonymisation ------------------------------------------------------------------------------
# What identifies a citizen or describes their circumstances goes; what the reports count
# (courses, periods, kinds, hours, costs, decisions, complaints' outcomes, the access log)
# stays. Documents on the case are deleted, rows and files.
_CITIZEN_DATE_FACTS = ("education_start_date", "psychiatric_discharge_date",
                       "prison_release_date")


def _scrub_facts(facts: Any) -> Any:
    if not isinstance(facts, dict):
        return facts
    cleaned = {k: v for k, v in facts.items() if k not in _CITIZEN_DATE_FACTS}
    if isinstance(cleaned.get("birth_date"), str):
        cleaned["birth_date"] = cleaned["birth_date"][:4] + "-01-01"
    return cleaned


def _scrub_progression(progression: Any) -> Any:
    """Keep the measured values of a review's progression (goal id, scale), drop its texts."""
    if not isinstance(progression, list):
        return []
    return [{k: ("" if isinstance(v, str) else v) for k, v in item.items()}
            for item in progression if isinstance(item, dict)]


def _update_with_history(model: Any, filters: dict[str, Any], values: dict[str, Any]) -> None:
    """Overwrite ``values`` on the rows and on their change history."""
    model.objects.filter(**filters).update(**values)
    history = getattr(model, "history", None)
    if history is not None:
        history.filter(**filters).update(**values)


def _anonymise(citizen: Citizen, *, actor: User | None, reason: str) -> None:
    """Caller holds the citizen's row lock and has checked retention. ``reason`` goes on the
    citizen's change history."""
    from agreements.models import Agreement, AgreementEvent
    from reporting.models import CostLine
    from visitation.models import (
        Course,
        CourseEvent,
        JournalDraft,
        JournalEntry,
        Referral,
        ReferralEvent,
        ReferralGoal,
        Review,
    )

    full_name = citizen.full_name
    birth_year_only = datetime.date(citizen.birth_date.year, 1, 1)
    identity: dict[str, Any] = {
        "first_name": ANONYMISED, "last_name": f"#{citizen.pk}",
        "search_name": search_name_for(ANONYMISED, f"#{citizen.pk}"), "address": "", "phone": "",
        "email": "", "birth_date": birth_year_only,
        **dict.fromkeys(_CITIZEN_DATE_FACTS),
    }
    Citizen.history.filter(id=citizen.pk).update(**identity)
    for name, value in identity.items():
        setattr(citizen, name, value)
    # A fresh random CPR: the old number can neither be decrypted nor found by its hash.
    citizen.cpr_encrypted = cpr_lib._fernet().encrypt(
        b"anonymised:" + secrets.token_hex(16).encode()).decode()
    citizen.cpr_hash = secrets.token_hex(32)
    citizen.anonymised_at = timezone.now()
    citizen._history_user = actor  # type: ignore[attr-defined]
    citizen._change_reason = f"{ANONYMISED}: {reason}"[:100]  # type: ignore[attr-defined]
    citizen.save()

    _update_with_history(SocialServiceSupport, {"citizen": citizen}, {"note": ""})

    referral_ids = list(Referral.objects.filter(citizen=citizen).values_list("id", flat=True))
    text = {"grounds_text": "", "section_31d_justification": "", "decision_reason": ""}
    Referral.objects.filter(id__in=referral_ids).update(**text)
    Referral.history.filter(id__in=referral_ids).update(**text)
    for manager in (Referral.objects, Referral.history):
        for row in manager.filter(id__in=referral_ids).only("pk", "facts_snapshot"):
            row.facts_snapshot = _scrub_facts(row.facts_snapshot)
            type(row).objects.filter(pk=row.pk).update(facts_snapshot=row.facts_snapshot)
    _update_with_history(ReferralGoal, {"referral_id__in": referral_ids},
                         {"description": ANONYMISED, "measure": ""})
    ReferralEvent.objects.filter(referral_id__in=referral_ids).update(reason="")

    course_ids = list(Course.objects.filter(citizen=citizen).values_list("id", flat=True))
    CourseEvent.objects.filter(course_id__in=course_ids).update(reason="")
    JournalDraft.objects.filter(course_id__in=course_ids).delete()
    for model, values in ((JournalEntry, {"note": ANONYMISED, "phone_reason": ""}),
                          (Review, {"effect": ""}), (CostLine, {"note": ""})):
        _update_with_history(model, {"course_id__in": course_ids}, values)
    for manager in (Review.objects, Review.history):
        for review in manager.filter(course_id__in=course_ids).only("pk", "progression"):
            type(review).objects.filter(pk=review.pk).update(
                progression=_scrub_progression(review.progression))

    agreement_ids = list(Agreement.objects.filter(course_id__in=course_ids)
                         .values_list("id", flat=True))
    # An issued agreement never changes, except that erasure removes the person from it.
    Agreement.objects.filter(id__in=agreement_ids).update(
        content={"anonymised": True}, pdf=None, checksum="", reason="")
    AgreementEvent.objects.filter(agreement_id__in=agreement_ids).update(reason="", data={})
    # Decision letters keep their kind and dates; their text, content and PDFs go.
    from agreements.services_letters import letters_anonymise

    letters_anonymise(citizen)

    # Documents go entirely, rows and files (after commit); complaints keep what was decided
    # and when, without their words or their bundle of case files.
    from mentor.services_documents import documents_erase
    from visitation.services.complaints import complaints_erase

    complaints_erase(citizen)
    documents_erase(citizen)

    # A look-up's reason is free text ("Klage fra <name>, <address>"): the rows stay, the
    # words go (the one change the access log allows).
    AccessLog.objects.filter(citizen=citizen).redact_reasons()

    if full_name.strip():
        Notification.objects.filter(message__contains=full_name).update(
            message="Notifikation om en borger, hvis oplysninger er slettet.",
            code="citizen_erased", params={})
    logger.info("Anonymised citizen %s.", citizen.pk)
