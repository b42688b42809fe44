"""What a candidate law or policy would change: decide the same facts twice and compare.

`rules impact` (the management command) finds the open courses and pending referrals; this
module compares a decision under the law and policy in force with one under the candidate and
writes the differences as text, CSV or JSON. Plain Python like the rest of the rules.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from .cli import TextSink
from .decision import Decision

# What a caseworker or the municipality would have to act on: the kind of support, what it
# rests on, how often to meet, the period and the reviews.
COMPARED: Final = ("kind", "legal_basis", "min_contact_days", "period", "review_dates")
FORMATS: Final = ("text", "csv", "json")


@dataclass(frozen=True, slots=True)
class Change:
    """One decided object whose decision would change: ``changes`` maps a compared field to
    its (before, after) values, written as in the decision output (ISO dates)."""

    kind: str  # "course" or "referral"
    id: int
    decision_date: date
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)


def compared_values(decision: Decision | str) -> dict[str, object]:
    """The compared fields of a decision; a decision that could not be made (an error message)
    compares as that message in every field, so that it always shows."""
    if isinstance(decision, str):
        return dict.fromkeys(COMPARED, f"error: {decision}")
    end = decision.end_date
    return {
        "kind": decision.kind,
        "legal_basis": "; ".join(decision.legal_basis),
        "min_contact_days": decision.min_contact_days,
        "period": ("" if end is None else f"{decision.start_date.isoformat()} – {end.isoformat()}"),
        "review_dates": ", ".join(day.isoformat() for day in decision.review_dates),
    }


def stored_compared_values(stored: Mapping[str, Any]) -> dict[str, object]:
    """The compared fields of a decision as stored (``decision_to_dict``: ISO date strings),
    written as ``compared_values`` writes them, so that a stored decision and one made now
    compare field by field."""
    if stored.get("error"):
        return dict.fromkeys(COMPARED, f"error: {stored['error']}")
    start, end = stored.get("start_date") or "", stored.get("end_date") or ""
    return {
        "kind": stored.get("kind", ""),
        "legal_basis": "; ".join(stored.get("legal_basis", [])),
        "min_contact_days": stored.get("min_contact_days"),
        "period": "" if not end else f"{start} – {end}",
        "review_dates": ", ".join(stored.get("review_dates", [])),
    }


def differences(before: Decision | str, after: Decision | str) -> dict[str, tuple[object, object]]:
    """The compared fields whose values differ, with (before, after)."""
    old, new = compared_values(before), compared_values(after)
    return {name: (old[name], new[name]) for name in COMPARED if old[name] != new[name]}


def write_report(changes: Sequence[Change], out: TextSink, fmt: str) -> None:
    """Write the changes in `fmt` (text, csv or json). Text and JSON carry the count; CSV is
    rows only (the caller says the count elsewhere)."""
    if fmt == "json":
        out.write(json.dumps(_as_json(changes), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["object", "id", "decision_date", "field", "before", "after"])
        writer.writerows(_rows(changes))
    else:
        for change in changes:
            out.write(
                f"{change.kind} {change.id}, decided on {change.decision_date.isoformat()}:\n"
            )
            for name, (old, new) in change.changes.items():
                out.write(f"  {name}: {_shown(old)} -> {_shown(new)}\n")
        out.write(count_line(changes) + "\n")


def count_line(changes: Sequence[Change]) -> str:
    courses = sum(1 for change in changes if change.kind == "course")
    referrals = len(changes) - courses
    return f"{len(changes)} affected ({courses} courses, {referrals} referrals)"


def _rows(changes: Iterable[Change]) -> Iterable[list[object]]:
    for change in changes:
        for name, (old, new) in change.changes.items():
            yield [change.kind, change.id, change.decision_date.isoformat(), name, old, new]


def _as_json(changes: Sequence[Change]) -> dict[str, object]:
    return {
        "count": len(changes),
        "affected": [
            {
                "object": change.kind,
                "id": change.id,
                "decision_date": change.decision_date.isoformat(),
                "changes": {
                    name: {"before": old, "after": new}
                    for name, (old, new) in change.changes.items()
                },
            }
            for change in changes
        ],
    }


def _shown(value: object) -> str:
    return "none" if value is None or value == "" else str(value)
