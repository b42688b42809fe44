"""review_complete: progression per goal, effect, readiness, outcome; the pre-end review
prompts the caseworker to extend or end."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks
from time_machine import TimeMachineFixture

from mentor.models import Notification, User
from mentor.services import DomainError
from tests.conftest import People
from tests.visitation.journal_helpers import (
    first_review,
    other_mentor_user,
    right_and_duty_course,
)
from visitation.models import CourseEvent, Review, ReviewKind, ReviewOutcome, ReviewStatus
from visitation.services.reviews import GoalProgression, review_complete

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _april_2017(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 4, 2, 10, tzinfo=CPH), tick=False)


def progression_for(review: Review, scale: int = 3) -> list[GoalProgression]:
    return [GoalProgression(goal_id=goal.pk, scale=scale, text="Møder op hver gang")
            for goal in review.course.referral.goals.all()]


def complete(review: Review, actor: User, outcome: str = ReviewOutcome.CONTINUE,
             **kwargs: Any) -> Review:
    arguments: dict[str, Any] = {
        "progression": progression_for(review), "effect": "Mere stabilt fremmøde.",
        "ready_for_active_offer": False, "outcome": outcome, **kwargs}
    return review_complete(actor=actor, review=review, **arguments)


def test_the_mentor_completes_a_review_with_progression_per_goal(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    done = complete(review, people.mentor_user)
    assert done.status == ReviewStatus.DONE
    assert [item["scale"] for item in done.progression] == [3, 3]
    assert done.progression[0]["goal"].startswith("Mål 1")
    assert done.completed_by == people.mentor_user
    assert CourseEvent.objects.filter(action="review_completed", course=done.course).exists()


def test_progression_is_required_for_every_goal(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    with pytest.raises(DomainError, match="hvert mål"):
        complete(review, people.mentor_user, progression=progression_for(review)[:1])


def test_a_course_without_goals_gets_one_overall_progression(people: People) -> None:
    review = first_review(right_and_duty_course(people, goals=0))
    done = complete(review, people.mentor_user,
                    progression=[GoalProgression(goal_id=None, scale=4, text="")])
    assert done.progression[0]["scale"] == 4


def test_a_review_cannot_be_completed_twice(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    complete(review, people.mentor_user)
    with pytest.raises(DomainError, match="allerede gennemført"):
        complete(review, people.mentor_user)


def test_another_mentor_cannot_complete_the_review(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    with pytest.raises(DomainError, match="kan ikke gennemføre"):
        complete(review, other_mentor_user(people))


def test_the_caseworker_of_the_team_can_complete_the_review(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    assert complete(review, people.caseworker).status == ReviewStatus.DONE


def test_completing_the_pre_end_review_prompts_the_caseworker_to_extend_or_end(
        people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    course = right_and_duty_course(people)
    review = course.reviews.get(kind=ReviewKind.PRE_END)
    with django_capture_on_commit_callbacks(execute=True):
        complete(review, people.mentor_user, outcome=ReviewOutcome.EXTEND)
    notification = Notification.objects.get(user=people.caseworker)
    assert "forlængelse eller afslutning" in notification.message
    assert f"/{course.pk}/" in notification.url
    assert notification.emailed_at is not None


def test_a_periodic_review_to_continue_does_not_disturb_the_caseworker(people: People) -> None:
    review = first_review(right_and_duty_course(people))
    complete(review, people.mentor_user, outcome=ReviewOutcome.CONTINUE)
    assert not Notification.objects.filter(user=people.caseworker).exists()
