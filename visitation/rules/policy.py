"""The municipality's policy: service levels, review lead time, right-and-duty contact.

Every field is optional; what is left out is the legal-minimum default. `parse_policy` reads
the policy file / admin form shape strictly and raises `PolicyError` naming the field (dotted
for nested fields, e.g. ``service_levels.2.review_interval_months``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

from .errors import PolicyError, show_value

MAX_REVIEW_LEAD_DAYS: Final = 90
UNNAMED: Final = "unnamed policy"


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    min_hours_per_week: float
    max_hours_per_week: float | None
    review_interval_months: int


@dataclass(frozen=True, slots=True)
class Policy:
    name: str = "legal minimum"
    # None: contact as often as the law in force on the decision date says.
    right_and_duty_contact_days: int | None = None
    review_lead_days: int = 14
    service_levels: tuple[ServiceLevel, ServiceLevel, ServiceLevel] = (
        ServiceLevel(0, 1, 3),
        ServiceLevel(1, 2, 1),
        ServiceLevel(2, None, 1),
    )

    @classmethod
    def legal_minimum(cls) -> Policy:
        """The policy used when the municipality has none: the law's minimum and Gribskov's
        service levels (0–1 h / 3 months, 1–2 h / 1 month, more than 2 h / 1 month)."""
        return LEGAL_MINIMUM

    def level(self, number: int) -> ServiceLevel:
        return self.service_levels[number - 1]

    def to_dict(self) -> dict[str, object]:
        """The policy in the file / admin shape (every field written out)."""
        return {
            "name": self.name,
            "right_and_duty_contact_days": self.right_and_duty_contact_days,
            "review_lead_days": self.review_lead_days,
            "service_levels": {
                str(number): {
                    "min_hours_per_week": level.min_hours_per_week,
                    "max_hours_per_week": level.max_hours_per_week,
                    "review_interval_months": level.review_interval_months,
                }
                for number, level in enumerate(self.service_levels, start=1)
            },
        }


LEGAL_MINIMUM: Final = Policy()

_TOP_FIELDS: Final = ("name", "right_and_duty_contact_days", "review_lead_days", "service_levels")
_LEVEL_KEYS: Final = ("1", "2", "3")
_LEVEL_FIELDS: Final = ("min_hours_per_week", "max_hours_per_week", "review_interval_months")


def parse_policy(data: str | Mapping[str, object]) -> Policy:
    """Read a policy (JSON text or a decoded object), merged over the legal minimum."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise PolicyError(
                "policy",
                f"policy is not valid JSON: {error}",
                f"policy er ikke gyldig JSON: {error}",
            ) from None
    if not isinstance(data, Mapping):
        raise PolicyError(
            "policy",
            "policy must be a JSON object",
            "policy skal være et JSON-objekt",
        )
    _reject_unknown(data, _TOP_FIELDS, "")
    policy = LEGAL_MINIMUM
    name = data.get("name")
    if name is not None:
        if not isinstance(name, str):
            raise _error(
                "name",
                f"must be text, got {show_value(name)}",
                f"skal være tekst, fik {show_value(name)}",
            )
        policy = replace(policy, name=name)
    contact = data.get("right_and_duty_contact_days")
    if contact is not None:
        policy = replace(
            policy,
            right_and_duty_contact_days=_int_in("right_and_duty_contact_days", contact, 1, None),
        )
    lead = data.get("review_lead_days")
    if lead is not None:
        policy = replace(
            policy, review_lead_days=_int_in("review_lead_days", lead, 0, MAX_REVIEW_LEAD_DAYS)
        )
    levels = data.get("service_levels")
    if levels is not None:
        policy = replace(policy, service_levels=_parse_levels(levels, policy.service_levels))
    if name is None and policy != LEGAL_MINIMUM:
        policy = replace(policy, name=UNNAMED)
    return policy


def _parse_levels(
    data: object, defaults: tuple[ServiceLevel, ServiceLevel, ServiceLevel]
) -> tuple[ServiceLevel, ServiceLevel, ServiceLevel]:
    if not isinstance(data, Mapping):
        raise _error(
            "service_levels",
            'must be an object with the levels "1", "2" and "3"',
            'skal være et objekt med niveauerne "1", "2" og "3"',
        )
    _reject_unknown(data, _LEVEL_KEYS, "service_levels.")
    merged = list(defaults)
    for index, key in enumerate(_LEVEL_KEYS):
        level = data.get(key)
        if level is None:
            continue
        path = f"service_levels.{key}"
        if not isinstance(level, Mapping):
            raise _error(path, "must be an object", "skal være et objekt")
        _reject_unknown(level, _LEVEL_FIELDS, path + ".")
        current = merged[index]
        low = current.min_hours_per_week
        if level.get("min_hours_per_week") is not None:
            low = _hours(path + ".min_hours_per_week", level["min_hours_per_week"])
        high = current.max_hours_per_week
        if "max_hours_per_week" in level:  # null here means: no upper limit
            raw = level["max_hours_per_week"]
            high = None if raw is None else _hours(path + ".max_hours_per_week", raw)
        if high is not None and high < low:
            raise _error(
                path + ".max_hours_per_week",
                f"must be at least min_hours_per_week ({show_value(low)}), got {show_value(high)}",
                f"skal være mindst min_hours_per_week ({show_value(low)}), fik {show_value(high)}",
            )
        interval = current.review_interval_months
        if level.get("review_interval_months") is not None:
            interval = _int_in(
                path + ".review_interval_months", level["review_interval_months"], 1, 12
            )
        merged[index] = ServiceLevel(low, high, interval)
    return merged[0], merged[1], merged[2]


def _reject_unknown(data: Mapping[str, object], allowed: tuple[str, ...], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            field = f"{prefix}{key}"
            raise PolicyError(
                field,
                f"unknown policy field {show_value(field)}",
                f"ukendt felt i policy: {show_value(field)}",
            )


def _int_in(field: str, value: object, low: int, high: int | None) -> int:
    if type(value) is int and value >= low and (high is None or value <= high):
        return value
    if high is None:
        en, da = f"an integer of at least {low}", f"et heltal på mindst {low}"
    else:
        en, da = f"an integer from {low} to {high}", f"et heltal fra {low} til {high}"
    raise _error(
        field, f"must be {en}, got {show_value(value)}", f"skal være {da}, fik {show_value(value)}"
    )


def _hours(field: str, value: object) -> float:
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    ):
        return value
    raise _error(
        field,
        f"must be a number of hours of at least 0, got {show_value(value)}",
        f"skal være et antal timer på mindst 0, fik {show_value(value)}",
    )


def _error(field: str, en: str, da: str) -> PolicyError:
    return PolicyError(field, f"{field} {en}", f"{field} {da}")
