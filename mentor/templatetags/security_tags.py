"""Template helpers for the security features."""

from __future__ import annotations

from typing import Any

from django import template

from mentor.two_factor import may_enrol

register = template.Library()


@register.filter
def may_use_two_factor(user: Any) -> bool:
    """Whether the user's menu offers two-factor set-up (administrators and managers)."""
    return bool(getattr(user, "is_authenticated", False)) and may_enrol(user)
