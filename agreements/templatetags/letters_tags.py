"""The letters panels on the course and citizen pages, and the failed deliveries on the
follow-up page, read their data through these tags (selector calls)."""

from __future__ import annotations

from typing import Any

from django import template

from agreements import selectors_letters
from mentor.models import Citizen
from visitation.models import Course

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return request.user if request is not None else context["user"]


@register.simple_tag(takes_context=True)
def letters_panel(context: template.Context, subject: Course | Citizen
                  ) -> selectors_letters.LettersPanel:
    """The letters of a course (on its page) or of a citizen (on theirs)."""
    user = _user(context)
    if isinstance(subject, Course):
        return selectors_letters.course_letters(subject, user)
    return selectors_letters.citizen_letters(subject, user)


@register.simple_tag(takes_context=True)
def followup_letters(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = _user(context)
    mine = bool(context.get("mine"))
    page = request.GET.get("letters") if request is not None else None
    return {"failed": selectors_letters.failed_letters(user, mine=mine, page=page),
            "awaiting_print": selectors_letters.awaiting_print_count(user)}
