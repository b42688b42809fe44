"""The course page's journal panel: ``{% course_journal_panel course as panel %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from visitation.models import Course
from visitation.selectors_journal import course_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def course_journal_panel(context: template.Context, course: Course) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"visible": False}
    return course_panel(user, course, today=timezone.localdate())
