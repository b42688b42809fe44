"""The course page's agreements panel reads its data through this tag (a selector call)."""

from __future__ import annotations

from typing import Any

from django import template

from agreements.forms import AcceptanceForm, NewVersionForm
from agreements.selectors import course_agreements

register = template.Library()


@register.simple_tag(takes_context=True)
def course_agreements_panel(context: template.Context, course: Any) -> dict[str, Any]:
    request = context.get("request")
    user = request.user if request is not None else context["user"]
    data = course_agreements(course, user)
    suggested = ""
    if data.period_not_covered:
        suggested = f"Mentorforløbet er forlænget (periode {data.latest_period})."
    elif data.mentor_changed:
        suggested = f"Ny mentor: {data.course_mentor}."
    return {"data": data, "new_version_form": NewVersionForm(initial={"reason": suggested}),
            "acceptance_form": AcceptanceForm(), "suggested_reason": suggested}
