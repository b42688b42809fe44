"""The case systems' event feed: one row per state change, written by the service that makes
the change (inside its transaction), and webhooks queued once it commits."""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction

from mentor.models import ApiEvent, Team, WebhookSubscription

if TYPE_CHECKING:
    from visitation.models import Course, Referral

logger = logging.getLogger(__name__)


def event_record(kind: str, *, course: Course | None = None, referral: Referral | None = None,
                 data: dict[str, Any] | None = None) -> ApiEvent:
    """Record ``kind`` (an ``EventType``) about a course or a referral. Caller is the service
    that made the change, inside its transaction: if it rolls back, so does the event."""
    source: Any = course if course is not None else referral
    if source is None:
        raise TypeError("event_record() needs a course or a referral")
    municipality_id = Team.objects.values_list("municipality_id", flat=True).get(
        pk=source.team_id)
    event = ApiEvent.objects.create(
        kind=kind, municipality_id=municipality_id, citizen_id=source.citizen_id,
        referral_id=course.referral_id if course is not None else source.pk,
        course_id=course.pk if course is not None else None, data=data or {})
    if WebhookSubscription.objects.filter(
            active=True, client__municipality_id=municipality_id,
            client__revoked_at__isnull=True).exists():
        from mentor.api.webhooks import deliveries_create

        for delivery_id in deliveries_create(event=event):
            enqueue_on_commit("mentor.tasks.webhook_deliver", delivery_id)
    return event


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Queue a task by name once the transaction commits (services never import the tasks).
    If the broker is down, log and go on: the rows are in the database, and the webhook sweep
    queues what is due."""

    def send() -> None:
        module, _name = task_name.rsplit(".", 1)
        try:
            task = getattr(importlib.import_module(module), _name)
            task.delay(*args)
        except Exception:  # noqa: BLE001 - any broker failure; the row stays pending
            logger.warning("Could not queue %s.", task_name)

    transaction.on_commit(send)
