"""State changes in the core domain. One function per change; keyword-only; atomic."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mentor import caching, texts
from mentor import cpr as cpr_lib
from mentor.models import Citizen, Municipality, PolicyVersion, ServiceLevel, Team, User
from mentor.name_search import search_name_for
from mentor.permissions import may_register_citizen
from mentor.queue import enqueue_on_commit


class DomainError(Exception):
    """A refused state change; the message is shown to the user (Danish)."""


class NotPermitted(DomainError):
    """Refused because the actor may not make this change (a ``mentor.permissions``
    predicate said no); the message says who may."""


CITIZEN_FACT_FIELDS = (
    "benefit", "activity_ready", "can_take_part_in_offers", "single_parent_with_education_order",
    "education_start_date", "previous_jobcentre_contact", "has_vocational_education",
    "psychiatric_discharge_date", "prison_release_date", "in_integration_programme",
    "in_employment_activity",
)
CITIZEN_CONTACT_FIELDS = ("first_name", "last_name", "address", "phone", "email")
# How the citizen receives decision letters: language, Digital Post exemption, and the date
# of their consent to letters by e-mail (empty: no consent).
CITIZEN_LETTER_FIELDS = ("preferred_language", "digital_post_exempt", "email_letters_consent_on")


@transaction.atomic
def citizen_create(*, actor: User, team: Team, cpr: str, **fields: Any) -> Citizen:
    if not may_register_citizen(actor, team):
        raise NotPermitted(_("Kun en sagsbehandler i teamet kan oprette borgere i det."))
    number = cpr_lib.normalise(cpr)
    citizen = Citizen(team=team, created_by=actor, caseworker=actor,
                      cpr_encrypted=cpr_lib.encrypt(number),
                      cpr_hash=cpr_lib.keyed_hash(number),
                      birth_date=cpr_lib.birth_date(number))
    for name, value in fields.items():
        if name not in CITIZEN_FACT_FIELDS + CITIZEN_CONTACT_FIELDS + CITIZEN_LETTER_FIELDS:
            raise TypeError(f"citizen_create() got an unexpected field {name!r}")
        setattr(citizen, name, value)
    citizen.search_name = search_name_for(citizen.first_name, citizen.last_name)
    citizen._history_user = actor  # type: ignore[attr-defined]
    duplicate = DomainError(_("Der findes allerede en borger med dette CPR-nummer."))
    # During a hash key rotation the unique index sees only the newest key's hash.
    if Citizen.objects.filter(cpr_hash__in=cpr_lib.search_hashes(number)[1:]).exists():
        raise duplicate
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError as exc:
        raise duplicate from exc
    return citizen


@transaction.atomic
def citizen_update(*, actor: User, citizen: Citizen, **fields: Any) -> Citizen:
    locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
    for name, value in fields.items():
        if name not in (CITIZEN_FACT_FIELDS + CITIZEN_CONTACT_FIELDS + CITIZEN_LETTER_FIELDS
                        + ("team",)):
            raise TypeError(f"citizen_update() got an unexpected field {name!r}")
        setattr(locked, name, value)
    locked.search_name = search_name_for(locked.first_name, locked.last_name)
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    return locked


DEFAULT_LEVELS = {
    1: (Decimal("0"), Decimal("1"), 3),
    2: (Decimal("1"), Decimal("2"), 1),
    3: (Decimal("2"), None, 1),
}

COMPLAINT_GUIDANCE_TEMPLATE = (
    "Du kan klage over afgørelsen om mentorstøtte. Klagen sendes til {authority} inden 4 uger "
    "fra du har modtaget afgørelsen. {Authority} genvurderer afgørelsen, og fastholder vi den, "
    "sender vi klagen videre til Ankestyrelsen. Du kan klage skriftligt eller mundtligt."
)
DEFAULT_COMPLAINT_GUIDANCE = COMPLAINT_GUIDANCE_TEMPLATE.format(authority="jobcentret",
                                                               Authority="Jobcentret")


# The same guidance in English, for letters to citizens who read English (the Danish text of
# the policy in force is the municipality's own; this is the default when it has no English).
COMPLAINT_GUIDANCE_TEMPLATE_EN = (
    "You can complain about the decision on mentor support. Send your complaint to "
    "{authority} within 4 weeks of receiving the decision. {Authority} will reassess the "
    "decision, and if we maintain it, we will send your complaint on to the National Social "
    "Appeals Board (Ankestyrelsen). You can complain in writing or orally."
)


def default_complaint_guidance_en(on: datetime.date) -> str:
    """``default_complaint_guidance`` in English."""
    from visitation.rules import rule_set_authority

    authority = rule_set_authority(on, "en")
    return COMPLAINT_GUIDANCE_TEMPLATE_EN.format(authority=authority,
                                                 Authority=authority[:1].upper() + authority[1:])


def default_complaint_guidance(on: datetime.date) -> str:
    """The complaint guidance naming who re-assesses under the law in force on ``on``
    (the jobcentre until 31 January 2026, the municipality from 1 February 2026)."""
    from visitation.rules import rule_set_authority

    authority = rule_set_authority(on, "da")
    return COMPLAINT_GUIDANCE_TEMPLATE.format(authority=authority,
                                              Authority=authority.capitalize())


def check_policy_lawful(policy_data: dict[str, Any], effective_from: datetime.date) -> None:
    """Raise DomainError (in the reader's language) when the policy is malformed or looser
    than the law."""
    from visitation.rules import PolicyError, parse_policy, validate_policy_against_law

    try:
        policy = parse_policy(policy_data)
    except PolicyError as exc:
        raise DomainError(exc.message(texts.reader_language())) from exc
    problems = validate_policy_against_law(policy, effective_from, lang=texts.reader_language())
    if problems:
        raise DomainError(" ".join(problems))


def policy_data(*, name: str, review_lead_days: int,
                levels: dict[int, tuple[Decimal, Decimal | None, int]],
                right_and_duty_contact_days: int | None) -> dict[str, Any]:
    """A policy version's fields as the rules module reads a policy (its JSON shape)."""
    data: dict[str, Any] = {
        "name": name,
        "review_lead_days": review_lead_days,
        "service_levels": {
            str(level): {"min_hours_per_week": float(lo),
                         "max_hours_per_week": None if hi is None else float(hi),
                         "review_interval_months": months}
            for level, (lo, hi, months) in levels.items()
        },
    }
    if right_and_duty_contact_days is not None:
        data["right_and_duty_contact_days"] = right_and_duty_contact_days
    return data


@transaction.atomic
def policy_version_create(
    *, actor: User, municipality: Municipality, name: str, effective_from: datetime.date,
    right_and_duty_contact_days: int | None, review_lead_days: int, complaint_guidance: str,
    levels: dict[int, tuple[Decimal, Decimal | None, int]], internal_hourly_rate:
    Decimal | None = None, retention_years: int = 5, reason: str = "",
    complaint_forward_days: int = 28,
    complaint_guidance_en: str = "",
) -> PolicyVersion:
    """A new policy version; refused when it is looser than the law on its effective date."""
    data = policy_data(name=name, review_lead_days=review_lead_days, levels=levels,
                       right_and_duty_contact_days=right_and_duty_contact_days)
    check_policy_lawful(data, effective_from)
    if not complaint_guidance.strip():
        raise DomainError(_("Klagevejledningen skal udfyldes."))
    from visitation.models_complaints import LAW_FORWARD_DAYS

    if not 1 <= complaint_forward_days <= LAW_FORWARD_DAYS:
        raise DomainError(_("Fristen for at genvurdere og videresende en klage skal være mellem "
                            "1 og %(days)s dage (lovens fire uger).") % {"days": LAW_FORWARD_DAYS})
    if PolicyVersion.objects.filter(municipality=municipality,
                                    effective_from=effective_from).exists():
        raise DomainError(_("Der findes allerede en politik, der gælder fra denne dato."))
    version = PolicyVersion.objects.create(
        municipality=municipality, name=name, effective_from=effective_from,
        right_and_duty_contact_days=right_and_duty_contact_days,
        review_lead_days=review_lead_days, complaint_guidance=complaint_guidance,
        complaint_guidance_en=complaint_guidance_en.strip(),
        internal_hourly_rate=internal_hourly_rate, retention_years=retention_years,
        complaint_forward_days=complaint_forward_days, created_by=actor, reason=reason)
    ServiceLevel.objects.bulk_create(
        ServiceLevel(policy=version, level=level, min_hours_per_week=lo, max_hours_per_week=hi,
                     review_interval_months=months)
        for level, (lo, hi, months) in sorted(levels.items()))
    caching.bump(caching.POLICY)
    return version


# The task that emails a notification (``mentor.tasks``); an unsent one is queued again by
# the follow-up sweep.
DELIVER_NOTIFICATION = "mentor.tasks.deliver_notification"


def _danish(code: str, params: dict[str, Any]) -> str:
    """The text in the default language, kept with the row for the email."""
    if not texts.is_known(code):
        raise ValueError(f"Unknown notification code {code!r}: add it to mentor/texts.py.")
    with translation.override(settings.LANGUAGE_CODE):
        return texts.render(code, params)[:500]


def notify(*, user: User, code: str, params: dict[str, Any] | None = None, url: str = "",
           dedupe_key: str | None = None) -> bool:
    """An in-app notification, and an email copy queued after commit.

    ``code`` names a text in ``mentor/texts.py`` and ``params`` fill it in (JSON values, dates
    as ISO strings); the reader sees it in their language. With a ``dedupe_key``, a second
    call for the same key does nothing (returns False), so sweeps and retried tasks notify
    once.
    """
    from mentor.models import Notification

    params = params or {}
    fields = {"user": user, "code": code, "params": params, "message": _danish(code, params),
              "url": url}
    with transaction.atomic():
        if dedupe_key is not None:
            notification, created = Notification.objects.get_or_create(
                dedupe_key=dedupe_key, defaults=fields)
            if not created:
                return False
        else:
            notification = Notification.objects.create(**fields)
        caching.bump(caching.user_version(user.pk))  # their unread count
        enqueue_on_commit(DELIVER_NOTIFICATION, notification.pk)
    return True


def notify_all(*, user_ids: list[int], code: str, params: dict[str, Any] | None = None,
               url: str = "") -> None:
    """The same notification to each of ``user_ids``, written in one statement; an email copy
    of each queued after commit, as by ``notify``."""
    from mentor.models import Notification

    if not user_ids:
        return
    params = params or {}
    message = _danish(code, params)
    # In the caller's transaction when there is one (no savepoint: one statement).
    with transaction.atomic(savepoint=False):
        notifications = Notification.objects.bulk_create(
            Notification(user_id=user_id, code=code, params=params, message=message, url=url)
            for user_id in user_ids)
        caching.bump(*(caching.user_version(pk) for pk in user_ids))  # their unread counts
        for notification in notifications:
            enqueue_on_commit(DELIVER_NOTIFICATION, notification.pk)


def notification_mark_read(*, user: User, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False when it was read already."""
    from django.utils import timezone

    from mentor.models import Notification

    marked = Notification.objects.filter(pk=notification_id, user=user,
                                         read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        caching.bump(caching.user_version(user.pk))  # their unread count
    return bool(marked)


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read, in one statement; how many."""
    from django.utils import timezone

    from mentor.models import Notification

    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now())
    if marked:
        caching.bump(caching.user_version(user.pk))  # their unread count
    return marked


def notification_deliver(*, notification_id: int) -> bool:
    """Send the email for one notification, once. Claims it with a conditional update."""
    from django.core.mail import send_mail
    from django.utils import timezone

    from mentor.models import Notification

    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True)\
            .update(emailed_at=timezone.now())
        if not claimed:
            return False
        notification = Notification.objects.select_related("user").get(pk=notification_id)
        if notification.user.email:
            link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
            # The message never holds a CPR number or a journal note, only what happened.
            send_mail(subject=f"Mentorstøtte: {notification.message[:80]}",
                      message=f"{notification.message}\n\n{link}".strip(),
                      from_email=settings.DEFAULT_FROM_EMAIL,
                      recipient_list=[notification.user.email])
    return True
