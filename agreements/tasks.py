"""Thin, idempotent Celery tasks for agreements: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from agreements import services


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def issue_agreement_for_course(course_id: int, actor_id: int, key: str, reason: str) -> str:
    """Issue the course's new version for ``key``. Running it twice issues one version."""
    return str(services.agreement_reissue_by_ids(course_id=course_id, actor_id=actor_id,
                                                 key=key, reason=reason))


# The decision letters' task lives in its own module; importing it here lets the worker's
# autodiscovery (which imports ``<app>.tasks``) register it.
from agreements.tasks_letters import deliver_letter, requeue_owed_letters  # noqa: E402, F401
