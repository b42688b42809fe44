"""Thin, idempotent Celery tasks for follow-up: they take ids and call a service.

``run_followup_sweep`` runs daily from beat (registered by migration
``0003_followup_beat_schedule``, 06:30 Europe/Copenhagen) and on demand; it queues one task
per owed item after commit. Every item task claims its row, so running it twice, or two sweeps
queueing it twice, sends one reminder.
"""

from __future__ import annotations

import datetime

from celery import shared_task

from mentor import ops
from visitation.services import followup


@shared_task(acks_late=True)
def run_followup_sweep() -> dict[str, int]:
    result = followup.sweep().as_dict()
    ops.heartbeat_record("sweep:followup", result)
    return result


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def send_contact_reminder(course_id: int, due: str, today: str) -> bool:
    return followup.contact_remind(course_id=course_id, due=datetime.date.fromisoformat(due),
                                   today=datetime.date.fromisoformat(today))


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def send_contact_escalation(course_id: int, due: str, today: str) -> bool:
    return followup.contact_escalate(course_id=course_id, due=datetime.date.fromisoformat(due),
                                     today=datetime.date.fromisoformat(today))


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def send_review_reminder(review_id: int, stage: str, today: str) -> bool:
    return followup.review_remind(review_id=review_id, stage=stage,
                                  today=datetime.date.fromisoformat(today))


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def send_team_digest(user_id: int, week: str, today: str) -> bool:
    return followup.team_digest_send(user_id=user_id, week=week,
                                     today=datetime.date.fromisoformat(today))
