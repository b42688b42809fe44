"""Which open courses and pending referrals a candidate law or policy would decide differently.

The reads behind `manage.py rules impact` and the administrator's policy preview: each course
is re-decided at its next review (or at the end of its period when no review is left), each
referral waiting for approval on ``on``, once under the law and policy in force and once
under the candidate. Nothing is written.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext_lazy as _

from mentor.models import Citizen, DecisionKind, Municipality
from visitation import rules
from visitation.decisions import policy_for
from visitation.models import Course, CourseStatus, Referral, ReferralStatus, ReviewStatus
from visitation.rules.impact import Change, differences


def _decide(engine: rules.Engine, citizen: Citizen, day: datetime.date, level: int,
            start: datetime.date | None, chosen: rules.Policy | None) -> rules.Decision | str:
    policy = chosen or policy_for(citizen.team.municipality, day)
    try:
        facts = rules.parse_facts(citizen.rules_facts(
            decision_date=day, service_level=level, start_date=start))
        return engine.evaluate(facts, policy)
    except rules.RulesError as error:
        return error.message()


def decision_changes(*, candidate: rules.Engine = rules.DEFAULT_ENGINE,
                     policy: rules.Policy | None = None, on: datetime.date,
                     municipality: Municipality | None = None) -> Iterator[Change]:
    """Every open course and pending referral (of ``municipality``, or all) whose decision
    the candidate law and/or ``policy`` (None: each municipality's own) changes."""
    courses = (Course.objects.exclude(status=CourseStatus.ENDED)
               .select_related("citizen__team__municipality").order_by("id"))
    referrals = (Referral.objects.filter(status=ReferralStatus.SUBMITTED)
                 .select_related("citizen__team__municipality").order_by("id"))
    if municipality is not None:
        courses = courses.filter(team__municipality=municipality)
        referrals = referrals.filter(team__municipality=municipality)
    for course in courses:
        period = course.periods.order_by("-number").first()
        start = period.start_date if period else course.start_date
        review = (course.reviews.filter(status=ReviewStatus.DUE, due_date__gte=on)
                  .order_by("due_date").first())
        day = review.due_date if review else course.end_date
        before = _decide(rules.DEFAULT_ENGINE, course.citizen, day, course.service_level,
                         start, None)
        after = _decide(candidate, course.citizen, day, course.service_level, start, policy)
        changed = differences(before, after)
        if changed:
            yield Change("course", course.pk, day, changed)
    for referral in referrals:
        start = referral.proposed_start
        before = _decide(rules.DEFAULT_ENGINE, referral.citizen, on, referral.service_level,
                         start, None)
        after = _decide(candidate, referral.citizen, on, referral.service_level, start, policy)
        changed = differences(before, after)
        if changed:
            yield Change("referral", referral.pk, on, changed)


FIELD_LABELS: Final = {
    "kind": _("Afgørelse"),
    "legal_basis": _("Lovgrundlag"),
    "min_contact_days": _("Kontakt mindst hver (dage)"),
    "period": _("Periode"),
    "review_dates": _("Opfølgninger"),
}
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of one course or referral, as the preview lists it."""

    kind: str  # "course" or "referral"
    id: int
    decision_date: datetime.date
    field: str
    label: str
    before: str
    after: str


def change_rows(changes: Iterable[Change]) -> list[ChangeRow]:
    """The changes as rows for a page: decision kinds by their names, dates as d.m.Y."""
    return [ChangeRow(kind=change.kind, id=change.id, decision_date=change.decision_date,
                      field=name, label=str(FIELD_LABELS[name]), before=shown(name, old),
                      after=shown(name, new))
            for change in changes for name, (old, new) in change.changes.items()]


def shown(field: str, value: object) -> str:
    """A compared value as people read it; a dash for none."""
    if value is None or value == "":
        return "–"
    if field == "kind" and value in DecisionKind.values:
        return str(DecisionKind(value).label)
    return _ISO_DATE.sub(r"\3.\2.\1", str(value))
