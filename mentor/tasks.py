"""Thin, idempotent Celery tasks for the core: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from mentor import services, services_security


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def deliver_notification(notification_id: int) -> bool:
    """Email one notification. Running it twice sends one email."""
    return services.notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def anonymise_expired_citizens() -> int:
    """Daily (beat): anonymise citizens whose retention period has run out. Idempotent."""
    return services_security.retention_anonymise_expired(timezone.localdate())


@shared_task(acks_late=True)
def webhook_fanout(event_id: int) -> int:
    """One delivery per subscription that wants the event, each queued. Idempotent."""
    from mentor.api import webhooks

    delivery_ids = webhooks.webhook_fanout(event_id=event_id)
    for delivery_id in delivery_ids:
        webhook_deliver.delay(delivery_id)
    return len(delivery_ids)


@shared_task(acks_late=True)
def webhook_deliver(delivery_id: int) -> bool:
    """One try; after a failed one the next is queued with back-off (the delivery row counts
    the tries and gives up after WEBHOOK_MAX_ATTEMPTS). A delivered row is not sent again.

    The next try is a new task with a countdown rather than ``self.retry``: the row, not the
    task, holds the state, and an eager run (tests) follows the same path."""
    from mentor.api import webhooks

    attempt = webhooks.delivery_attempt(delivery_id=delivery_id)
    if attempt.retry_in is not None:
        webhook_deliver.apply_async((delivery_id,), countdown=attempt.retry_in)
    return attempt.delivered
