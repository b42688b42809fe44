"""Errors of the rules module: each names the field that is wrong, in English and Danish."""

from __future__ import annotations

import json


class RulesError(ValueError):
    """Bad input to the rules. `field` names what is wrong (None when no field can be named,
    e.g. a line that is not JSON); `str(error)` is the English message."""

    def __init__(self, field: str | None, message_en: str, message_da: str) -> None:
        super().__init__(message_en)
        self.field = field
        self.message_en = message_en
        self.message_da = message_da

    def message(self, lang: str = "en") -> str:
        return self.message_da if lang == "da" else self.message_en


class FactsError(RulesError):
    """The facts about a citizen cannot be read."""


class PolicyError(RulesError):
    """The municipality's policy is malformed, or looser than the law on a decision's date."""


def show_value(value: object) -> str:
    """The value as JSON, shortened, for an error message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
