"""The bridge between Django objects and the plain-Python rules module."""

from __future__ import annotations

import datetime
from typing import Any

from mentor.models import Citizen, Municipality
from mentor.selectors import policy_in_force
from visitation import rules


def policy_for(municipality: Municipality, on: datetime.date) -> rules.Policy:
    """The municipality's policy in force on ``on``; the legal minimum when it has none."""
    version = policy_in_force(municipality, on)
    return rules.LEGAL_MINIMUM if version is None else version.to_rules_policy()


def decide(citizen: Citizen, *, decision_date: datetime.date, service_level: int,
           start_date: datetime.date | None,
           policy: rules.Policy) -> tuple[dict[str, Any], rules.Decision]:
    """Facts snapshot and the rules' decision for ``citizen``. Raises rules.RulesError."""
    facts = citizen.rules_facts(decision_date=decision_date, service_level=service_level,
                                start_date=start_date)
    return facts, rules.evaluate(rules.parse_facts(facts), policy)


def stored_decision(decision: rules.Decision) -> dict[str, Any]:
    """The decision as stored on a referral, course or period: the contract's fields with the
    Danish explanation, the English one beside it, and the rule-set version."""
    data = rules.decision_to_dict(decision, lang="da")
    data["explanation_en"] = list(decision.explanation_en)
    return data


def review_dates(stored: dict[str, Any]) -> list[datetime.date]:
    return [datetime.date.fromisoformat(day) for day in stored.get("review_dates", [])]
