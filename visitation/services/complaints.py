"""Complaint life cycle: register, re-assess (change, or maintain and forward to
Ankestyrelsen), Ankestyrelsen's result, withdrawal.

Each function is atomic, locks the complaint's row, checks the move against
``COMPLAINT_TRANSITIONS``, and writes a ``ComplaintEvent`` with actor, time and reason.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.models import Citizen, Role, User
from mentor.models_documents import Document
from mentor.permissions import may_reassess_complaint, may_register_complaint
from mentor.selectors import policy_in_force
from mentor.services import DomainError, NotPermitted, notify_all
from visitation.complaint_bundle import bundle_zip
from visitation.models_complaints import (
    APPEAL_RESULTS,
    COMPLAINT_TRANSITIONS,
    LAW_FORWARD_DAYS,
    Complaint,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintStatus,
)
from visitation.selectors_complaints import DecisionRef, complaint_decision, decision_by_key


def _label(status: str) -> str:
    return str(ComplaintStatus(status).label).lower()


def check_complaint_transition(complaint: Complaint, to_status: str) -> None:
    if to_status not in COMPLAINT_TRANSITIONS[complaint.status]:
        raise DomainError(_("Klagen er »%(status)s« og kan ikke gå til »%(to)s«. Genindlæs "
                            "siden for at se den aktuelle status.")
                          % {"status": _label(complaint.status), "to": _label(to_status)})


def forward_days(citizen: Citizen, received_on: datetime.date) -> int:
    """The policy's period from receipt to Ankestyrelsen, never longer than the law's."""
    policy = policy_in_force(citizen.team.municipality, received_on)
    days = policy.complaint_forward_days if policy is not None else LAW_FORWARD_DAYS
    return min(days, LAW_FORWARD_DAYS)


def _lock(complaint: Complaint) -> Complaint:
    return (Complaint.objects.select_for_update(of=("self",))
            .select_related("citizen__team__municipality").get(pk=complaint.pk))


def _event(complaint: Complaint, actor: User, from_status: str, reason: str = "",
           data: dict[str, Any] | None = None) -> None:
    ComplaintEvent.objects.create(complaint=complaint, actor=actor, from_status=from_status,
                                  to_status=complaint.status, reason=reason, data=data or {})


def _save(complaint: Complaint, actor: User) -> None:
    complaint._history_user = actor  # type: ignore[attr-defined]
    complaint.save()


def _check_registrar(actor: User, citizen: Citizen) -> None:
    if not may_register_complaint(actor, citizen):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i borgerens team kan registrere "
                           "klager."))


def _check_reassessor(actor: User, complaint: Complaint) -> None:
    if not may_reassess_complaint(actor, complaint):
        raise NotPermitted(_("Kun en teamleder i klagens team kan genvurdere afgørelsen."))


@transaction.atomic
def complaint_register(*, actor: User, citizen: Citizen, decision: DecisionRef,
                       received_on: datetime.date, channel: str, text: str = "",
                       letter: Document | None = None) -> Complaint:
    """Register a complaint about one of the citizen's decisions; its deadline is the
    policy's period from ``received_on``. The team leaders of the team are told."""
    _check_registrar(actor, citizen)
    if channel not in ComplaintChannel.values:
        raise DomainError(_("Vælg, hvordan klagen er modtaget."))
    found = decision_by_key(citizen, decision.key)
    if found is None:
        raise DomainError(_("Afgørelsen hører ikke til borgeren."))
    decision = found
    today = timezone.localdate()
    if received_on > today:
        raise DomainError(_("Modtagelsesdatoen kan ikke ligge i fremtiden."))
    if received_on < decision.date:
        raise DomainError(_("Klagen kan ikke være modtaget før afgørelsen blev truffet "
                            "(%(date)s).") % {"date": f"{decision.date:%d.%m.%Y}"})
    if not text.strip() and letter is None:
        raise DomainError(_("Skriv klagen, eller læg det scannede brev på sagen og vælg det."))
    if letter is not None and letter.citizen_id != citizen.pk:
        raise DomainError(_("Det valgte dokument hører til en anden borger."))
    deadline = received_on + datetime.timedelta(days=forward_days(citizen, received_on))
    complaint = Complaint(
        citizen=citizen, team=citizen.team, decision_kind=decision.kind,
        referral_id=decision.referral_id, course_id=decision.course_id,
        course_event_id=decision.course_event_id, decision_date=decision.date,
        received_on=received_on, channel=channel, text=text.strip(), letter=letter,
        forward_deadline=deadline, registered_by=actor)
    _save(complaint, actor)
    _event(complaint, actor, "", data={"deadline": deadline.isoformat()})
    leaders = (User.objects.filter(teams=citizen.team_id, groups__name=Role.TEAM_LEADER,
                                   is_active=True).exclude(pk=actor.pk).distinct()
               .values_list("pk", flat=True))
    notify_all(user_ids=list(leaders), code="complaint_registered",
               params={"complaint": complaint.pk, "due": deadline.isoformat()},
               url=reverse("complaint_detail", args=[complaint.pk]))
    return complaint


@transaction.atomic
def complaint_change(*, actor: User, complaint: Complaint, new_decision: DecisionRef,
                     reason: str) -> Complaint:
    """The re-assessment changes the decision: the new decision that followed is linked."""
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for genvurderingen."))
    complaint = _lock(complaint)
    _check_reassessor(actor, complaint)
    check_complaint_transition(complaint, ComplaintStatus.CHANGED)
    found = decision_by_key(complaint.citizen, new_decision.key)
    if found is None:
        raise DomainError(_("Den nye afgørelse hører ikke til borgeren."))
    if found.key == complaint_decision(complaint).key:
        raise DomainError(_("Vælg den nye afgørelse, ikke den, der er klaget over."))
    if found.date < complaint.decision_date:
        raise DomainError(_("Den nye afgørelse skal være truffet efter den, der er klaget over."))
    from_status = complaint.status
    complaint.status = ComplaintStatus.CHANGED
    complaint.reassessed_by = actor
    complaint.reassessed_at = timezone.now()
    complaint.reassessment = reason.strip()
    complaint.new_referral_id = found.referral_id if found.course_event_id is None else None
    complaint.new_course_event_id = found.course_event_id
    _save(complaint, actor)
    _event(complaint, actor, from_status, reason.strip(), {"new_decision": found.key})
    return complaint


@transaction.atomic
def complaint_forward(*, actor: User, complaint: Complaint, reason: str,
                      forwarded_on: datetime.date) -> Complaint:
    """The re-assessment maintains the decision: the complaint and the case files (one ZIP,
    kept with the complaint) go to Ankestyrelsen on ``forwarded_on``."""
    if not reason.strip():
        raise DomainError(_("Skriv begrundelsen for at fastholde afgørelsen."))
    complaint = _lock(complaint)
    _check_reassessor(actor, complaint)
    check_complaint_transition(complaint, ComplaintStatus.FORWARDED)
    if forwarded_on > timezone.localdate():
        raise DomainError(_("Datoen for videresendelsen kan ikke ligge i fremtiden."))
    if forwarded_on < complaint.received_on:
        raise DomainError(_("Klagen kan ikke være sendt videre, før den blev modtaget."))
    from_status = complaint.status
    complaint.status = ComplaintStatus.FORWARDED
    complaint.reassessed_by = actor
    complaint.reassessed_at = timezone.now()
    complaint.reassessment = reason.strip()
    complaint.forwarded_on = forwarded_on
    data = bundle_zip(complaint)
    complaint.bundle.save(f"klage-{complaint.pk}-akter.zip", ContentFile(data), save=False)
    name = str(complaint.bundle.name)
    complaint.bundle_sha256 = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            _save(complaint, actor)
            _event(complaint, actor, from_status, reason.strip(),
                   {"forwarded_on": forwarded_on.isoformat(),
                    "late": forwarded_on > complaint.forward_deadline})
    except Exception:
        default_storage.delete(name)
        raise
    return complaint


@transaction.atomic
def complaint_appeal_result(*, actor: User, complaint: Complaint, result: str,
                            decided_on: datetime.date, note: str = "") -> Complaint:
    """Ankestyrelsen's result: upheld (stadfæstet), changed (ændret) or sent back
    (hjemvist)."""
    if result not in APPEAL_RESULTS:
        raise DomainError(_("Vælg Ankestyrelsens resultat."))
    complaint = _lock(complaint)
    _check_registrar(actor, complaint.citizen)
    check_complaint_transition(complaint, result)
    if decided_on > timezone.localdate():
        raise DomainError(_("Datoen for Ankestyrelsens afgørelse kan ikke ligge i fremtiden."))
    if complaint.forwarded_on is not None and decided_on < complaint.forwarded_on:
        raise DomainError(_("Ankestyrelsen kan ikke have afgjort sagen, før den blev sendt."))
    from_status = complaint.status
    complaint.status = result
    complaint.appeal_decided_on = decided_on
    complaint.appeal_note = note.strip()
    _save(complaint, actor)
    _event(complaint, actor, from_status, note.strip(), {"decided_on": decided_on.isoformat()})
    return complaint


@transaction.atomic
def complaint_withdraw(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """The citizen withdraws the complaint (before Ankestyrelsen's result)."""
    if not reason.strip():
        raise DomainError(_("Skriv, hvordan borgeren har trukket klagen tilbage."))
    complaint = _lock(complaint)
    _check_registrar(actor, complaint.citizen)
    check_complaint_transition(complaint, ComplaintStatus.WITHDRAWN)
    from_status = complaint.status
    complaint.status = ComplaintStatus.WITHDRAWN
    _save(complaint, actor)
    _event(complaint, actor, from_status, reason.strip())
    return complaint


def complaints_erase(citizen: Citizen) -> None:
    """Anonymisation: the complaints' words and bundles go; what was decided and when stays
    (the reports count it). Caller holds the citizen's row lock."""
    complaints = Complaint.objects.filter(citizen=citizen)
    names = [str(name) for name in complaints.values_list("bundle", flat=True) if name]
    text = {"text": "", "reassessment": "", "appeal_note": "", "bundle": "",
            "bundle_sha256": ""}
    complaints.update(**text)
    Complaint.history.filter(citizen_id=citizen.pk).update(**text)
    ComplaintEvent.objects.filter(complaint__citizen=citizen).update(reason="")

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)
