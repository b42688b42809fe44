"""The decision the rules give, and its JSON-ready form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Decision:
    """What the rules decided. The contract's output fields, the explanation in Danish and
    English with the rule behind each line, and the rule-set version and law revision it was
    made under (store them to replay the decision)."""

    kind: str
    target_groups: tuple[str, ...]
    mentor_type: str | None
    legal_basis: tuple[str, ...]
    min_contact_days: int | None
    start_date: date
    end_date: date | None
    min_total_months: int | None
    extension_months: int | None
    min_hours_first_year: int | None
    review_dates: tuple[date, ...]
    explanation_en: tuple[str, ...]
    explanation_da: tuple[str, ...]
    # The code of the rule behind each explanation line, in the same order.
    rules_fired: tuple[str, ...]
    rule_set_version: str
    # SHA-256 of the law data the decision was made with.
    law_revision: str

    def explanation(self, lang: str = "en") -> tuple[str, ...]:
        return self.explanation_da if lang == "da" else self.explanation_en


def decision_to_dict(decision: Decision, lang: str = "en") -> dict[str, object]:
    """The contract's fields in the contract's order, `explanation` in `lang` ("en" or "da");
    dates as ISO strings."""
    if lang not in ("en", "da"):
        raise ValueError(f"lang must be en or da, got {lang!r}")
    end = decision.end_date
    return {
        "kind": decision.kind,
        "target_groups": list(decision.target_groups),
        "mentor_type": decision.mentor_type,
        "legal_basis": list(decision.legal_basis),
        "min_contact_days": decision.min_contact_days,
        "start_date": decision.start_date.isoformat(),
        "end_date": None if end is None else end.isoformat(),
        "min_total_months": decision.min_total_months,
        "extension_months": decision.extension_months,
        "min_hours_first_year": decision.min_hours_first_year,
        "review_dates": [day.isoformat() for day in decision.review_dates],
        "explanation": list(decision.explanation(lang)),
        "rules_fired": list(decision.rules_fired),
        "rule_set_version": decision.rule_set_version,
        "law_revision": decision.law_revision,
    }
