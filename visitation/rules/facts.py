"""The facts about a citizen on a decision date: strict parsing and validation.

`parse_facts` takes a JSON-decoded mapping and returns a frozen `Facts`, or raises `FactsError`
naming the first field that is wrong. `Facts` checks the cross-field rules itself, so a Facts
built directly (e.g. from a model) is as valid as a parsed one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from .errors import FactsError, show_value

RULES_BEGIN: Final = date(2014, 1, 1)
# Every date the rules read lies in this range: the rules add and subtract months and years,
# and a stored 9999-12-31 or 0001-01-01 would overflow the calendar there. Outside it a date is
# a facts error naming the field, like any other unreadable fact.
EARLIEST_DATE: Final = date(1900, 1, 1)
LATEST_DATE: Final = date(2199, 12, 31)

BENEFITS: Final = (
    "cash_benefit",
    "education_benefit",
    "integration_benefit",
    "sickness_benefit",
    "flex_job",
    "disability_pension",
    "resource_course",
    "unemployment_insurance",
    "none",
)
SERVICE_LEVELS: Final = (1, 2, 3)


@dataclass(frozen=True, slots=True)
class Facts:
    decision_date: date
    birth_date: date
    benefit: str
    activity_ready: bool = False
    can_take_part_in_offers: bool = True
    single_parent_with_education_order: bool = False
    education_start_date: date | None = None
    previous_jobcentre_contact: bool = True
    has_vocational_education: bool = False
    psychiatric_discharge_date: date | None = None
    prison_release_date: date | None = None
    in_integration_programme: bool = False
    in_employment_activity: bool = False
    service_level: int = 1
    start_date: date | None = None

    def __post_init__(self) -> None:
        for name in _DATE_FIELDS:
            value = getattr(self, name)
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                raise _date_range_error(name, value)
        if self.decision_date < RULES_BEGIN:
            raise FactsError(
                "decision_date",
                f"decision_date must be on or after 2014-01-01, when the rules begin; "
                f"got {self.decision_date.isoformat()}",
                f"decision_date skal være 2014-01-01 eller senere, hvor reglerne begynder; "
                f"fik {self.decision_date.isoformat()}",
            )
        if self.birth_date > self.decision_date:
            raise FactsError(
                "birth_date",
                f"birth_date {self.birth_date.isoformat()} is after the decision_date "
                f"{self.decision_date.isoformat()}",
                f"birth_date {self.birth_date.isoformat()} ligger efter decision_date "
                f"{self.decision_date.isoformat()}",
            )
        if self.benefit not in BENEFITS:
            raise _benefit_error(self.benefit)
        if type(self.service_level) is not int or self.service_level not in SERVICE_LEVELS:
            raise _service_level_error(self.service_level)

    @property
    def proposed_start(self) -> date:
        """The proposed start of the support: start_date, or the decision date."""
        return self.start_date if self.start_date is not None else self.decision_date


# Field name -> (type, required). The order is the contract's; errors name the first problem.
_DATE, _BOOL, _BENEFIT, _LEVEL = "date", "bool", "benefit", "level"
FIELDS: Final[dict[str, tuple[str, bool]]] = {
    "decision_date": (_DATE, True),
    "birth_date": (_DATE, True),
    "benefit": (_BENEFIT, True),
    "activity_ready": (_BOOL, False),
    "can_take_part_in_offers": (_BOOL, False),
    "single_parent_with_education_order": (_BOOL, False),
    "education_start_date": (_DATE, False),
    "previous_jobcentre_contact": (_BOOL, False),
    "has_vocational_education": (_BOOL, False),
    "psychiatric_discharge_date": (_DATE, False),
    "prison_release_date": (_DATE, False),
    "in_integration_programme": (_BOOL, False),
    "in_employment_activity": (_BOOL, False),
    "service_level": (_LEVEL, False),
    "start_date": (_DATE, False),
}

_DATE_FIELDS: Final = tuple(name for name, (kind, _) in FIELDS.items() if kind == _DATE)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_facts(data: object) -> Facts:
    """Read a JSON-decoded facts object strictly; raise FactsError naming the field."""
    if not isinstance(data, Mapping):
        raise FactsError(
            None,
            f"facts must be a JSON object, got {_json_type(data)}",
            f"oplysningerne skal være et JSON-objekt, fik {_json_type(data, 'da')}",
        )
    for name in data:
        if name not in FIELDS:
            raise FactsError(
                str(name),
                f"unknown field {show_value(name)}",
                f"ukendt felt {show_value(name)}",
            )
    values: dict[str, object] = {}
    for name, (kind, required) in FIELDS.items():
        value = data.get(name)
        if value is None:  # an optional field given as null is missing
            if required:
                raise FactsError(name, f"{name} is required", f"{name} skal angives")
            continue
        if kind == _DATE:
            values[name] = _parse_date(name, value)
        elif kind == _BOOL:
            if type(value) is not bool:
                raise FactsError(
                    name,
                    f"{name} must be true or false, got {show_value(value)}",
                    f"{name} skal være true eller false, fik {show_value(value)}",
                )
            values[name] = value
        elif kind == _BENEFIT:
            if not isinstance(value, str) or value not in BENEFITS:
                raise _benefit_error(value)
            values[name] = value
        else:
            if type(value) is not int or value not in SERVICE_LEVELS:
                raise _service_level_error(value)
            values[name] = value
    return Facts(**values)  # type: ignore[arg-type]  # types checked field by field above


def _parse_date(name: str, value: object) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        raise FactsError(
            name,
            f"{name} must be a real date, got {show_value(value)}",
            f"{name} skal være en gyldig dato, fik {show_value(value)}",
        )
    raise FactsError(
        name,
        f"{name} must be a date written YYYY-MM-DD, got {show_value(value)}",
        f"{name} skal være en dato skrevet ÅÅÅÅ-MM-DD, fik {show_value(value)}",
    )


def _date_range_error(name: str, value: date) -> FactsError:
    low, high = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
    return FactsError(
        name,
        f"{name} must lie between {low} and {high}; got {value.isoformat()}",
        f"{name} skal ligge mellem {low} og {high}; fik {value.isoformat()}",
    )


def _benefit_error(value: object) -> FactsError:
    allowed = ", ".join(BENEFITS)
    return FactsError(
        "benefit",
        f"benefit must be one of {allowed}; got {show_value(value)}",
        f"benefit skal være en af {allowed}; fik {show_value(value)}",
    )


def _service_level_error(value: object) -> FactsError:
    return FactsError(
        "service_level",
        f"service_level must be 1, 2 or 3, got {show_value(value)}",
        f"service_level skal være 1, 2 eller 3, fik {show_value(value)}",
    )


def _json_type(value: object, lang: str = "en") -> str:
    """What kind of JSON value this is, in words."""
    if isinstance(value, list):
        name = ("a list", "en liste")
    elif isinstance(value, str):
        name = ("a string", "en tekst")
    elif isinstance(value, bool):
        name = ("a boolean", "en sandhedsværdi")
    elif isinstance(value, int | float):
        name = ("a number", "et tal")
    elif value is None:
        name = ("null", "null")
    else:
        name = (type(value).__name__, type(value).__name__)
    return name[1] if lang == "da" else name[0]
