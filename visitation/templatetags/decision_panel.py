"""``{% decision_panel %}``: the rules' decision panel (``visitation/_decision_panel.jinja``)
on a Django template, from the context's ``decision``, ``decision_date`` and
``decision_warnings``; a keyword argument replaces one of them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from mentor.jinja import render_partial

register = template.Library()

PANEL = "visitation/_decision_panel.jinja"


@register.simple_tag(takes_context=True)
def decision_panel(context: Any, **replace: Any) -> SafeString:
    values = {name: context.get(name) for name in ("decision", "decision_date",
                                                   "decision_warnings")}
    values.update(replace)
    return mark_safe(render_partial(context.get("request"), PANEL, values))  # noqa: S308
