"""Webhooks for the case systems: subscriptions, signed payloads, recorded deliveries.

Each POST carries ``Mentor-Signature: t=<unix time>,v1=<hex>``, where the hex is
HMAC-SHA256 over ``"<t>.<body>"`` with the subscription's secret. A receiver recomputes it
(``signature_verify``) and refuses a timestamp older than ``SIGNATURE_TOLERANCE`` (replay).
The tasks (``mentor/tasks.py``) call ``webhook_fanout`` once per event and ``delivery_attempt``
per try; a failed try is retried with back-off until ``WEBHOOK_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentor import cpr
from mentor.models import (
    ApiClient,
    ApiEvent,
    WebhookDelivery,
    WebhookSubscription,
)
from mentor.models_api import DeliveryStatus

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
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)


def event_payload(event: ApiEvent) -> dict[str, Any]:
    """What the feed and the webhooks say about an event: references, no personal data."""
    return {"id": event.pk, "type": event.kind, "at": event.at.isoformat(),
            "citizen_id": event.citizen_id, "referral_id": event.referral_id,
            "course_id": event.course_id, "data": event.data}


@transaction.atomic
def webhook_fanout(*, event_id: int) -> list[int]:
    """One delivery per active subscription that wants the event; returns the pending ids.
    Running it twice creates no second delivery."""
    event = ApiEvent.objects.get(pk=event_id)
    subscriptions = WebhookSubscription.objects.filter(
        active=True, client__municipality_id=event.municipality_id,
        client__revoked_at__isnull=True)
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=subscription, event=event)
         for subscription in subscriptions if subscription.wants(event.kind)],
        ignore_conflicts=True)
    return list(WebhookDelivery.objects.filter(event=event, status=DeliveryStatus.PENDING)
                .values_list("pk", flat=True))


@dataclass(frozen=True)
class Attempt:
    delivered: bool
    retry_in: int | None  # seconds until the next try; None: no further try


def backoff_seconds(attempts: int) -> int:
    return settings.WEBHOOK_BACKOFF_SECONDS * 4 ** (attempts - 1)


def delivery_attempt(*, delivery_id: int) -> Attempt:
    """One try at a pending delivery, recorded. Nothing happens to a delivered or abandoned
    one, so a duplicate task does no harm."""
    with transaction.atomic():
        delivery = (WebhookDelivery.objects.select_for_update(of=("self",))
                    .select_related("subscription", "event").filter(pk=delivery_id).first())
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return Attempt(delivered=delivery is not None, retry_in=None)
        now = timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        status_code, error = _post(delivery.subscription, delivery.event, now)
        delivery.last_status_code = status_code
        delivery.last_error = error[:300]
        retry_in = None
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
        else:
            retry_in = backoff_seconds(delivery.attempts)
        delivery.save()
    return Attempt(delivered=delivery.status == DeliveryStatus.DELIVERED, retry_in=retry_in)


def _post(subscription: WebhookSubscription, event: ApiEvent,
          now: datetime.datetime) -> tuple[int | None, str]:
    body = json.dumps(event_payload(event), separators=(",", ":")).encode()
    request = urllib.request.Request(subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "User-Agent": "Mentorstotte-Webhooks/1",
        "Mentor-Event-Id": str(event.pk),
        "Mentor-Event-Type": event.kind,
        SIGNATURE_HEADER: signature_header(subscription_secret(subscription), body, now),
    })
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as reply:
            return reply.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, type(exc).__name__
