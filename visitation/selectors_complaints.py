"""Reads for complaints: the decisions a citizen may complain about, a citizen's complaints,
the open deadlines of a team, and the figures for the reports. Dates are passed in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.models import Citizen, User
from mentor.permissions import visible_citizens
from visitation.models import CourseEvent, Referral, ReferralStatus
from visitation.models_complaints import (
    Complaint,
    ComplaintStatus,
    DecisionKindComplained,
)


@dataclass(frozen=True)
class DecisionRef:
    """One decision about a citizen: a decided referral (grant or rejection) or a course's
    extension or end. ``key`` names it in a form ("referral:12", "course_event:7")."""

    key: str
    kind: str
    date: datetime.date
    referral_id: int
    course_id: int | None = None
    course_event_id: int | None = None

    @property
    def label(self) -> str:
        kind = DecisionKindComplained(self.kind).label
        where = (_("mentorforløb #%(n)s") % {"n": self.course_id} if self.course_id
                 else _("indstilling #%(n)s") % {"n": self.referral_id})
        return f"{kind}, {self.date:%d.%m.%Y} ({where})"


def citizen_decisions(citizen: Citizen) -> list[DecisionRef]:
    """Every decision about the citizen, newest first."""
    refs: list[DecisionRef] = []
    referrals = (Referral.objects.filter(citizen=citizen, decided_at__isnull=False,
                                         status__in=(ReferralStatus.APPROVED,
                                                     ReferralStatus.REJECTED))
                 .values_list("pk", "status", "decided_at"))
    for pk, status, decided_at in referrals:
        kind = (DecisionKindComplained.GRANT if status == ReferralStatus.APPROVED
                else DecisionKindComplained.REJECTION)
        refs.append(DecisionRef(f"referral:{pk}", kind, timezone.localdate(decided_at), pk))
    events = (CourseEvent.objects.filter(course__citizen=citizen,
                                         action__in=("extended", "ended"))
              .values_list("pk", "action", "at", "course_id", "course__referral_id"))
    for pk, action, at, course_id, referral_id in events:
        kind = (DecisionKindComplained.EXTENSION if action == "extended"
                else DecisionKindComplained.END)
        refs.append(DecisionRef(f"course_event:{pk}", kind, timezone.localdate(at),
                                referral_id, course_id, pk))
    refs.sort(key=lambda ref: (ref.date, ref.key), reverse=True)
    return refs


def decision_by_key(citizen: Citizen, key: str) -> DecisionRef | None:
    return next((ref for ref in citizen_decisions(citizen) if ref.key == key), None)


def complaint_decision(complaint: Complaint) -> DecisionRef:
    """The decision a complaint is about, as a reference."""
    if complaint.course_event_id is not None:
        return DecisionRef(f"course_event:{complaint.course_event_id}", complaint.decision_kind,
                           complaint.decision_date, complaint.referral_id, complaint.course_id,
                           complaint.course_event_id)
    return DecisionRef(f"referral:{complaint.referral_id}", complaint.decision_kind,
                       complaint.decision_date, complaint.referral_id)


def new_decision_ref(complaint: Complaint) -> DecisionRef | None:
    """The decision that followed a changed one, or None."""
    if complaint.new_course_event_id is not None:
        return decision_by_key(complaint.citizen, f"course_event:{complaint.new_course_event_id}")
    if complaint.new_referral_id is not None:
        return decision_by_key(complaint.citizen, f"referral:{complaint.new_referral_id}")
    return None


def citizen_complaints(citizen: Citizen) -> list[Complaint]:
    """The citizen's complaints, newest first (for the case team's pages)."""
    return list(Complaint.objects.filter(citizen=citizen)
                .select_related("letter").order_by("-received_on", "-id"))


def open_complaints(user: User, *, mine: bool = False) -> list[Complaint]:
    """Complaints waiting for the re-assessment in the user's teams, deadline first (the
    follow-up page). ``mine``: those the user registered."""
    complaints = (Complaint.objects.filter(status=ComplaintStatus.RECEIVED,
                                           team_id__in=user.team_ids,
                                           citizen__in=visible_citizens(user))
                  .select_related("citizen").order_by("forward_deadline", "pk"))
    if mine:
        complaints = complaints.filter(registered_by=user)
    return list(complaints[:100])


def complaint_events(complaint: Complaint) -> QuerySet[Any]:
    return complaint.events.select_related("actor").order_by("at", "id")


# --- Reports -----------------------------------------------------------------------------------
REPORT_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.CHANGED, ComplaintStatus.FORWARDED,
                   ComplaintStatus.UPHELD, ComplaintStatus.APPEAL_CHANGED,
                   ComplaintStatus.SENT_BACK, ComplaintStatus.WITHDRAWN)


def complaint_counts(*, start: datetime.date, end: datetime.date,
                     team_ids: frozenset[int] | None) -> dict[str, dict[str, int]]:
    """Complaints received in the period, by decision kind and where they stand now, and how
    many were forwarded after their deadline: ``{kind: {status: n, "total": n, "late": n}}``.
    One query."""
    complaints = Complaint.objects.filter(received_on__range=(start, end))
    if team_ids is not None:
        complaints = complaints.filter(team_id__in=team_ids)
    aggregates: dict[str, Any] = {
        status: Count("pk", filter=Q(status=status)) for status in REPORT_STATUSES}
    rows = (complaints.values("decision_kind").order_by("decision_kind")
            .annotate(total=Count("pk"),
                      late=Count("pk", filter=Q(forwarded_on__gt=F("forward_deadline"))),
                      **aggregates))
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        kind = str(values.pop("decision_kind"))
        counts[kind] = {key: int(value) for key, value in values.items()}
    return counts

