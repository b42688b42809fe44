"""The sweep on a real Celery worker: beat's task runs on the worker, fans out one task per
item through the broker, and the reminders and their emails arrive once. On Redis when
REDIS_URL is set (CI), and always on the embedded filesystem broker."""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from mentor.models import Notification
from tests.conftest import People
from tests.mentor.test_celery_integration import real_worker
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import Review
from visitation.tasks import run_followup_sweep

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def review_due_in_three_days(people: People) -> Review:
    # Decided today (the worker runs on the real clock): under today's law an offer.
    course = right_and_duty_course(people, decision_date=timezone.localdate()
                                   - datetime.timedelta(days=20), in_employment_activity=True)
    review = course.reviews.order_by("due_date").first()
    assert review is not None
    Review.objects.filter(pk=review.pk).update(
        due_date=timezone.localdate() + datetime.timedelta(days=3))
    return review


def wait_for_emailed_reminder(review: Review, seconds: float = 45) -> Notification | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = Notification.objects.filter(dedupe_key=f"review-before:{review.pk}",
                                            emailed_at__isnull=False).first()
        if found is not None:
            return found
        time.sleep(0.25)
    return None


def sweep_twice_on_the_worker(people: People) -> None:
    review = review_due_in_three_days(people)
    run_followup_sweep.delay()
    run_followup_sweep.delay()  # e.g. beat and a team leader's button at once
    reminder = wait_for_emailed_reminder(review)
    assert reminder is not None and reminder.user == people.mentor_user
    time.sleep(1)
    assert Notification.objects.filter(dedupe_key__startswith="review-before").count() == 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_sweep_runs_on_a_real_worker_on_redis(people: People) -> None:
    with real_worker(os.environ["REDIS_URL"], {}):
        sweep_twice_on_the_worker(people)


def test_the_sweep_runs_on_a_real_worker_on_the_embedded_broker(
        people: People, tmp_path: Path) -> None:
    folder = tmp_path / "broker"
    (folder / "out").mkdir(parents=True)
    (folder / "processed").mkdir()
    options = {"data_folder_in": str(folder / "out"), "data_folder_out": str(folder / "out"),
               "processed_folder": str(folder / "processed"), "store_processed": False}
    with real_worker("filesystem://", options, {"CELERY_BROKER_DIR": str(folder)}):
        sweep_twice_on_the_worker(people)
