"""Reviews (opfølgninger): the rows come from the decision; completing one records progression
per goal, the effect, readiness for an active offer and the outcome.

Completing the pre-end review (or any review recommending a change) prompts the caseworker to
extend or end the course, following the course's life cycle (``course_extend`` /
``course_end`` on the course page).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor import caching
from mentor.events import event_record
from mentor.models import User
from mentor.models_api import EventType
from mentor.permissions import may_complete_review
from mentor.services import DomainError, NotPermitted, notify
from visitation.models import (
    CourseEvent,
    CourseStatus,
    Review,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
)
from visitation.selectors_journal import course_label

REVIEW_TRANSITIONS: dict[str, frozenset[str]] = {
    ReviewStatus.DUE: frozenset({ReviewStatus.DONE, ReviewStatus.CANCELLED}),
    ReviewStatus.DONE: frozenset(),
    ReviewStatus.CANCELLED: frozenset(),
}

# Progression against a goal, from set-back to goal reached.
PROGRESSION_SCALE = (
    (1, _("Tilbagegang")),
    (2, _("Ingen progression")),
    (3, _("Nogen progression")),
    (4, _("Tydelig progression")),
    (5, _("Målet er nået")),
)
PROGRESSION_VALUES = frozenset(value for value, _label in PROGRESSION_SCALE)
# Outcomes that ask the caseworker to act on the course's life cycle.
CASEWORKER_OUTCOMES = frozenset({ReviewOutcome.EXTEND, ReviewOutcome.END,
                                 ReviewOutcome.CHANGE_LEVEL})


@dataclass(frozen=True)
class GoalProgression:
    goal_id: int | None
    scale: int
    text: str


def course_url(course_id: int) -> str:
    """The course page (built by the course work); the journal list until it exists."""
    try:
        return reverse("course_detail", kwargs={"pk": course_id})
    except NoReverseMatch:
        return reverse("journal_list", kwargs={"pk": course_id})


@transaction.atomic
def review_complete(*, actor: User, review: Review, progression: list[GoalProgression],
                    effect: str, ready_for_active_offer: bool | None,
                    outcome: str) -> Review:
    """Complete a due review. Refused when it is done or cancelled, or the course has ended."""
    locked = (Review.objects.select_for_update(of=("self",))
              .select_related("course__mentor", "course__referral", "course__citizen",
                              "course__caseworker").get(pk=review.pk))
    course = locked.course
    if not may_complete_review(actor, course):
        raise NotPermitted(_("Du kan ikke gennemføre opfølgninger på dette mentorforløb."))
    if ReviewStatus.DONE not in REVIEW_TRANSITIONS[locked.status]:
        raise DomainError(_("Opfølgningen er allerede %(status)s.")
                          % {"status": locked.get_status_display().lower()})
    if course.status == CourseStatus.ENDED:
        raise DomainError(_("Mentorforløbet er afsluttet."))
    goals = {goal.pk: goal for goal in course.referral.goals.all()}
    given = {item.goal_id for item in progression}
    expected = set(goals) if goals else {None}
    if given != expected or len(progression) != len(expected):
        raise DomainError(_("Angiv progression for hvert mål."))
    for item in progression:
        if item.scale not in PROGRESSION_VALUES:
            raise DomainError(_("Vælg et trin på progressionsskalaen for hvert mål."))
    if not effect.strip():
        raise DomainError(_("Beskriv effekten af mentorstøtten."))
    if outcome not in ReviewOutcome.values:
        raise DomainError(_("Vælg et resultat af opfølgningen."))
    locked.status = ReviewStatus.DONE
    locked.completed_at = timezone.now()
    locked.completed_by = actor
    locked.progression = [
        {"goal_id": item.goal_id,
         "goal": goals[item.goal_id].description if item.goal_id in goals else "",
         "scale": item.scale, "text": item.text.strip()}
        for item in progression]
    locked.effect = effect.strip()
    locked.ready_for_active_offer = ready_for_active_offer
    locked.outcome = outcome
    locked._history_user = actor  # type: ignore[attr-defined]
    locked.save()
    caching.bump(caching.REVIEWS)
    CourseEvent.objects.create(
        course=course, actor=actor, action="review_completed",
        data={"review_id": locked.pk, "kind": locked.kind, "outcome": outcome,
              "ready_for_active_offer": ready_for_active_offer})
    event_record(EventType.REVIEW_COMPLETED, course=course,
                 data={"review_id": locked.pk, "outcome": outcome})
    if locked.kind == ReviewKind.PRE_END or outcome in CASEWORKER_OUTCOMES:
        _prompt_caseworker(locked)
    return locked


def _prompt_caseworker(review: Review) -> None:
    course = review.course
    label = course_label(course)
    params = {"label": label, "outcome": review.outcome}
    if review.kind == ReviewKind.PRE_END:
        code = "review_completed_pre_end"
        params["end_date"] = course.end_date.isoformat()
    else:
        code = "review_completed"
    notify(user=course.caseworker, code=code, params=params, url=course_url(course.pk),
           dedupe_key=f"review-completed:{review.pk}")
