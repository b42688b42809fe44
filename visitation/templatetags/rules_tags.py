"""Rule sets as people read them: ``{% load rules_tags %}{{ version|rule_set_label }}`` gives
"1. februar 2026" (or "1 February 2026" in English) for the version "2026-02-01"."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import get_language

from visitation import rules

register = template.Library()
# Without a date the text speaks of the present: the municipality acts from this day on.
MUNICIPALITY_FROM = datetime.date(2026, 2, 1)


def _lang() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


@register.filter
def rule_set_label(version: str) -> str:
    """The rule set's first day, written out; an empty or unreadable version as it is."""
    try:
        return rules.rule_set_label(version, _lang()) if version else ""
    except ValueError:
        return version


@register.filter
def rule_set_authority(on: datetime.date | None) -> str:
    """Who acts for the citizen under the law in force on ``on``: "jobcentret" before
    1 February 2026, "kommunen" from then (lov nr. 1750 af 29. december 2025)."""
    return rules.rule_set_authority(on or MUNICIPALITY_FROM, _lang())
