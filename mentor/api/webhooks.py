"""Webhooks for the case systems: subscriptions, signed payloads, recorded deliveries.

Each POST carries ``Mentor-Signature: t=<unix time>,v1=<hex>``, where the hex is
HMAC-SHA256 over ``"<t>.<body>"`` with the subscription's secret. A receiver recomputes it
(``signature_verify``) and refuses a timestamp older than ``SIGNATURE_TOLERANCE`` (replay).
The deliveries are made with the event (``deliveries_create``, in the service's transaction)
and tried once it commits (``mentor.tasks.webhook_deliver``); a failed try is due again after a
back-off, and the sweep (``mentor.tasks.webhook_sweep``, every minute) queues the due ones until
``WEBHOOK_MAX_ATTEMPTS``. The rows hold the state, so a lost task or a broker outage delays a
delivery but never drops it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentor import cpr
from mentor.models_api import (
    ApiClient,
    ApiEvent,
    DeliveryStatus,
    WebhookDelivery,
    WebhookSubscription,
)

SIGNATURE_HEADER = "Mentor-Signature"
SIGNATURE_TOLERANCE = datetime.timedelta(minutes=5)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, now: datetime.datetime) -> str:
    timestamp = int(now.timestamp())
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def signature_verify(secret: str, header: str, body: bytes, now: datetime.datetime) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now.timestamp() - timestamp) > SIGNATURE_TOLERANCE.total_seconds():
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))


def subscription_create(*, client: ApiClient, url: str,
                        event_types: list[str]) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret, which is shown to the client this once."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription.objects.create(
        client=client, url=url, event_types=sorted(set(event_types)),
        secret_encrypted=cpr._fernet().encrypt(secret.encode()).decode())
    return subscription, secret


def subscription_secret(subscription: WebhookSubscription) -> str:
    return cpr._fernet().decrypt(subscription.secret_encrypted.encode()).decode()


def subscription_deactivate(*, subscription: WebhookSubscription) -> None:
    subscription.active = False
    subscription.save(update_fields=["active"])


def event_payload(event: ApiEvent) -> dict[str, Any]:
    """What the feed and the webhooks say about an event: references, no personal data."""
    return {"id": event.pk, "type": event.kind, "at": event.at.isoformat(),
            "citizen_id": event.citizen_id, "referral_id": event.referral_id,
            "course_id": event.course_id, "data": event.data}


def deliveries_create(*, event: ApiEvent) -> list[int]:
    """One delivery, due now, per active subscription of the event's municipality that wants
    it; returns their ids. Caller: ``event_record``, in the transaction that made the event."""
    subscriptions = WebhookSubscription.objects.filter(
        active=True, client__municipality_id=event.municipality_id,
        client__revoked_at__isnull=True)
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=subscription, event=event, next_attempt_at=now)
         for subscription in subscriptions if subscription.wants(event.kind)])
    return [delivery.pk for delivery in deliveries]


# A delivery the sweep has queued is not queued again for this long (its task runs first).
SWEEP_LEASE = datetime.timedelta(minutes=5)


def deliveries_claim_due(*, now: datetime.datetime, limit: int = 500) -> list[int]:
    """The pending deliveries due by ``now``, claimed for ``SWEEP_LEASE`` (a conditional
    update, so that two sweeps do not queue one delivery twice)."""
    due = list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING,
                                              next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    # One conditional update per row: a delivery another sweep claimed meanwhile is skipped.
    return [delivery_id for delivery_id in due
            if WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING,
                                              next_attempt_at__lte=now).update(
                next_attempt_at=now + SWEEP_LEASE)]


def backoff_seconds(attempts: int) -> int:
    return int(settings.WEBHOOK_BACKOFF_SECONDS * 4 ** (attempts - 1))


@transaction.atomic
def delivery_attempt(*, delivery_id: int) -> str | None:
    """One try at a pending delivery, recorded; returns the delivery's status after it (None:
    no such delivery). A delivered or abandoned one is not tried again, so a duplicate task
    does no harm; the row lock keeps two tries of one delivery from overlapping."""
    delivery = (WebhookDelivery.objects.select_for_update(of=("self",))
                .select_related("subscription", "event").filter(pk=delivery_id).first())
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None if delivery is None else delivery.status
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    status_code, error = _post(delivery.subscription, delivery.event, now)
    delivery.last_status_code = status_code
    delivery.last_error = error[:300]
    delivery.next_attempt_at = None
    if status_code is not None and 200 <= status_code < 300:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = now + datetime.timedelta(
            seconds=backoff_seconds(delivery.attempts))
    delivery.save()
    return delivery.status


def _post(subscription: WebhookSubscription, event: ApiEvent,
          now: datetime.datetime) -> tuple[int | None, str]:
    body = json.dumps(event_payload(event), separators=(",", ":")).encode()
    request = urllib.request.Request(subscription.url, data=body, method="POST", headers={  # noqa: S310 (http(s) only: validate_url)
        "Content-Type": "application/json",
        "User-Agent": "Mentorstotte-Webhooks/1",
        "Mentor-Event-Id": str(event.pk),
        "Mentor-Event-Type": event.kind,
        SIGNATURE_HEADER: signature_header(subscription_secret(subscription), body, now),
    })
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as reply:  # noqa: S310 (see above)
            return reply.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, type(exc).__name__
