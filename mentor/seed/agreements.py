"""Demo agreements: issued versions for most open demo courses, some accepted, some re-issued.

Idempotent: a course that has any agreement is left alone, so running it again adds nothing.
Every third course is left without an agreement, so that the demo also shows the empty panel.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from agreements import services
from agreements.models import AcceptanceMethod, Agreement
from mentor.models import MentorTask, Municipality
from mentor.services import DomainError
from visitation.models import Course, CourseStatus

MAX_COURSES = 18
DEFAULT_GOAL = "Borgeren kommer stabilt i gang med og fastholdes i sit tilbud"
DEFAULT_PROGRESSION = [
    {"description": "Borgeren møder op til aftaler med mentor og jobcenter",
     "measure": "Fremmøde noteres i journalen ved hver kontakt"},
    {"description": "Borgeren håndterer selv breve fra myndigheder",
     "measure": "Gennemgås ved hver opfølgning"},
]


def _fill_missing(actor: Any, draft: Agreement) -> Agreement:
    """Demo referrals may lack goals or tasks; give the draft plausible ones."""
    content = draft.content
    changes: dict[str, Any] = {}
    if not content.get("goal"):
        changes["goal"] = DEFAULT_GOAL
    if not content.get("progression_goals"):
        changes["progression_goals"] = DEFAULT_PROGRESSION
    if not content.get("tasks"):
        changes["tasks"] = list(MentorTask.objects.order_by("name")
                                .values_list("name", flat=True)[:3])
    mentor = content.get("mentor") or {}
    if not (mentor.get("phone") or mentor.get("email")):
        changes["mentor_phone"] = "70 10 20 40"
    if not changes:
        return draft
    return services.agreement_draft_update(actor=actor, agreement=draft, **changes)


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    courses = list(Course.objects.filter(team__municipality=municipality)
                   .exclude(status=CourseStatus.ENDED).select_related("caseworker")
                   .order_by("id")[:MAX_COURSES])
    issued = accepted = reissued = 0
    today = timezone.localdate()
    for index, course in enumerate(courses):
        if index % 3 == 2 or Agreement.objects.filter(course=course).exists():
            continue
        actor = course.caseworker
        try:
            draft = _fill_missing(actor, services.agreement_draft_open(actor=actor,
                                                                       course=course))
            agreement = services.agreement_issue(actor=actor, agreement=draft)
            issued += 1
            if index % 4 == 1:
                draft = services.agreement_new_version(
                    actor=actor, course=course,
                    reason="Timetallet er justeret efter første opfølgning.")
                hours = Decimal(draft.content["hours_per_week"]) + Decimal("0.5")
                draft = services.agreement_draft_update(actor=actor, agreement=draft,
                                                        hours_per_week=hours)
                agreement = services.agreement_issue(actor=actor, agreement=draft)
                reissued += 1
            if index % 2 == 0:
                services.agreement_record_acceptance(
                    actor=actor, agreement=agreement, accepted_on=today,
                    method=(AcceptanceMethod.PAPER, AcceptanceMethod.DIGITAL,
                            AcceptanceMethod.MEETING)[index % 3])
                accepted += 1
        except DomainError as exc:  # a demo course the rules left incomplete: skip it
            stdout.write(f"  agreement for course {course.pk} skipped: {exc}")
    stdout.write(f"Agreements: {issued} issued, {reissued} re-issued as version 2, "
                 f"{accepted} accepted.")
