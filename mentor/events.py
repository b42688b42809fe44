"""The case systems' event feed: one row per state change, written by the service that makes
the change (inside its transaction), and webhooks queued once it commits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentor.models import Team
from mentor.models_api import ApiEvent, WebhookSubscription
from mentor.queue import enqueue_on_commit

if TYPE_CHECKING:
    from visitation.models import Course, Referral

# The task that tries one delivery (mentor/tasks.py), queued by name.
WEBHOOK_DELIVER = "mentor.tasks.webhook_deliver"


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
            enqueue_on_commit(WEBHOOK_DELIVER, delivery_id)
    return event
