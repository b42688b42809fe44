"""Thin, idempotent Celery tasks for the core: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from mentor import ops, services, services_security


@shared_task(acks_late=True, max_retries=5, default_retry_delay=60)
def deliver_notification(notification_id: int) -> bool:
    """Email one notification. Running it twice sends one email."""
    return services.notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def anonymise_expired_citizens() -> int:
    """Daily (beat): anonymise citizens whose retention period has run out. Idempotent."""
    anonymised = services_security.retention_anonymise_expired(timezone.localdate())
    ops.heartbeat_record("sweep:retention", {"anonymised": anonymised})
    return anonymised


@shared_task(acks_late=True)
def webhook_deliver(delivery_id: int) -> str | None:
    """One try at a delivery (queued when its event commits, and by the sweep when a retry is
    due). Idempotent: a delivered or abandoned delivery is not sent again."""
    from mentor.api import webhooks

    return webhooks.delivery_attempt(delivery_id=delivery_id)


@shared_task(acks_late=True)
def webhook_sweep() -> int:
    """Every minute (beat): queue the deliveries whose next try is due (retries with back-off,
    and any whose task was lost)."""
    from django.utils import timezone

    from mentor.api import webhooks

    claimed = webhooks.deliveries_claim_due(now=timezone.now())
    for delivery_id in claimed:
        webhook_deliver.delay(delivery_id)
    ops.heartbeat_record(ops.BEAT_SWEEP, {"queued": len(claimed)})
    return len(claimed)


@shared_task(acks_late=True, ignore_result=True)
def worker_heartbeat() -> None:
    """Every 30 seconds (beat): the worker's sign of life for ``/readyz`` and the metrics."""
    ops.heartbeat_record(ops.WORKER)
