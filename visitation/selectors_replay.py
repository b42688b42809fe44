"""Replay: a stored decision beside what the law and policy in force today would decide on
the same facts.

The decision as it was made is read as stored (its facts snapshot, rule set and law
revision); the decision of today is made again from that snapshot with today's date, so a
difference comes from the law or the policy, not from facts registered since.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mentor.models import Municipality
from visitation import rules
from visitation.decisions import policy_for, stored_decision
from visitation.models import Course, Referral
from visitation.rules.impact import COMPARED, compared_values, stored_compared_values
from visitation.selectors_impact import FIELD_LABELS, shown
from visitation.selectors_referrals import snapshot_rows

# Enough of the SHA-256 to tell revisions apart on a page; the full value is in the title.
REVISION_SHOWN = 12


@dataclass(frozen=True)
class ReplayRow:
    label: str
    then: str
    now: str
    changed: bool


@dataclass(frozen=True)
class Side:
    """One decision: when, under which rule set and law revision, and why."""

    decision_date: datetime.date | None
    rule_set_label: str
    law_revision: str
    explanation: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def law_revision_short(self) -> str:
        return self.law_revision[:REVISION_SHOWN]


@dataclass(frozen=True)
class Replay:
    then: Side
    now: Side
    facts: list[tuple[str, str]]
    rows: list[ReplayRow]

    @property
    def changed(self) -> int:
        return sum(1 for row in self.rows if row.changed)


def _label(version: str, lang: str) -> str:
    try:
        return rules.rule_set_label(version, lang) if version else "–"
    except ValueError:
        return version


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def replay(*, facts_snapshot: dict[str, Any], stored: dict[str, Any], rule_set_version: str,
           law_revision: str, municipality: Municipality, today: datetime.date,
           lang: str) -> Replay:
    """The stored decision beside the decision the rules make today on the same facts."""
    english = lang.startswith("en")
    then = Side(decision_date=_date(facts_snapshot.get("decision_date")),
                rule_set_label=_label(rule_set_version, lang), law_revision=law_revision,
                explanation=list(stored.get("explanation_en" if english else "explanation",
                                            [])),
                error=str(stored.get("error_en" if english else "error", "") or ""))
    old = stored_compared_values(stored)
    facts = {**facts_snapshot, "decision_date": today.isoformat()}
    if "start_date" not in facts and stored.get("start_date"):
        # Without a proposed start the rules start on the decision date; the replay keeps the
        # start the decision had, so that only the law and the policy differ.
        facts["start_date"] = stored["start_date"]
    try:
        decision = rules.evaluate(rules.parse_facts(facts), policy_for(municipality, today))
    except rules.RulesError as error:
        message = error.message("en" if english else "da")
        now = Side(decision_date=today, rule_set_label="–", law_revision="", error=message)
        new: dict[str, object] = dict.fromkeys(COMPARED, f"error: {message}")
    else:
        now_stored = stored_decision(decision)
        now = Side(decision_date=today,
                   rule_set_label=_label(decision.rule_set_version, lang),
                   law_revision=decision.law_revision,
                   explanation=list(now_stored.get("explanation_en" if english
                                                   else "explanation", [])))
        new = compared_values(decision)
    rows = [ReplayRow(label=str(FIELD_LABELS[name]), then=_shown(name, old[name]),
                      now=_shown(name, new[name]), changed=old[name] != new[name])
            for name in COMPARED]
    return Replay(then=then, now=now, facts=snapshot_rows(facts_snapshot), rows=rows)


def _shown(name: str, value: object) -> str:
    if isinstance(value, str) and value.startswith("error: "):
        return _("Ingen afgørelse")
    return shown(name, value)


def referral_replay(referral: Referral, *, today: datetime.date, lang: str) -> Replay:
    return replay(facts_snapshot=referral.facts_snapshot, stored=referral.decision,
                  rule_set_version=referral.rule_set_version,
                  law_revision=referral.law_revision, municipality=referral.team.municipality,
                  today=today, lang=lang)


def course_replay(course: Course, *, today: datetime.date, lang: str) -> Replay:
    """The decision of the course's latest period (an extension is decided anew) on the facts
    it was made on: those stored with the period, else the referral's snapshot."""
    period = course.periods.order_by("-number").first()
    stored = period.decision if period else course.referral.decision
    facts = (stored.get("facts_snapshot") if period else None) or course.referral.facts_snapshot
    if period is not None and period.number > 1 and not stored.get("facts_snapshot"):
        facts = {**facts, "decision_date": course.decision_date.isoformat(),
                 "start_date": period.start_date.isoformat()}
    return replay(facts_snapshot=facts, stored=stored,
                  rule_set_version=period.rule_set_version if period else course.rule_set_version,
                  law_revision=period.law_revision if period else course.law_revision,
                  municipality=course.team.municipality, today=today, lang=lang)
