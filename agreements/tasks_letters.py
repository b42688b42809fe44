"""Thin, idempotent Celery task for decision letters: it takes an id and calls a service.

Imported by ``agreements/tasks.py`` so that the worker's autodiscovery registers it.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from agreements import services_letters
from agreements.services_letters import DeliveryOutcome


@shared_task(bind=True, acks_late=True, max_retries=settings.LETTERS_DELIVERY_RETRIES)
def deliver_letter(self: Any, letter_id: int) -> str:
    """One try at delivering a queued letter; on a failed try, another after a growing delay
    (1, 2, 4, … times the base delay); when the tries are spent, the letter fails. Running it
    for a letter already sent, printed or failed does nothing."""
    outcome, error = services_letters.letter_deliver(letter_id=letter_id)
    if outcome != DeliveryOutcome.RETRY:
        return str(outcome)
    if self.request.retries >= self.max_retries:
        services_letters.letter_delivery_failed(letter_id=letter_id, error=error)
        return str(DeliveryOutcome.FAILED)
    raise self.retry(countdown=services_letters.retry_countdown(self.request.retries))


@shared_task(acks_late=True)
def requeue_owed_letters() -> int:
    """Every 15 minutes (beat): queue again the letters whose delivery task was lost."""
    from django.utils import timezone

    owed = services_letters.letters_owed(now=timezone.now())
    for letter_id in owed:
        deliver_letter.delay(letter_id)
    return len(owed)
