"""Thin, idempotent Celery tasks for agreements: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from agreements import services
from mentor.models import User
from visitation.models import Course


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def issue_agreement_for_course(course_id: int, actor_id: int, key: str, reason: str) -> str:
    """Issue the course's new version for ``key``. Running it twice issues one version."""
    course = Course.objects.filter(pk=course_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if course is None or actor is None:
        return "missing"
    return str(services.agreement_reissue(actor=actor, course=course, key=key, reason=reason))
