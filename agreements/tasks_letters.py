"""Thin, idempotent Celery tasks for decision letters: they take ids and call a service.

Imported by ``agreements/tasks.py`` so that the worker's autodiscovery registers them.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from agreements import services_letters
from agreements.services_letters import DeliveryOutcome

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def deliver_letter(letter_id: int, try_number: int = 1) -> str:
    """One try at delivering a queued letter. After a failed try the next is queued after a
    growing delay (1, 2, 4, … times the base delay); when ``LETTERS_DELIVERY_RETRIES`` more
    tries have failed too, the letter fails. A letter already sent, printed or failed is left
    alone, so running the task twice does no harm."""
    outcome, _error = services_letters.letter_deliver(letter_id=letter_id)
    if outcome != DeliveryOutcome.RETRY:
        return str(outcome)
    if try_number > settings.LETTERS_DELIVERY_RETRIES:
        services_letters.letter_delivery_failed(letter_id=letter_id)
        return str(DeliveryOutcome.FAILED)
    try:
        deliver_letter.apply_async(args=(letter_id,), kwargs={"try_number": try_number + 1},
                                   countdown=services_letters.retry_countdown(try_number - 1))
    except Exception:  # the broker is down: the letter stays queued, the sweep queues it
        logger.warning("Could not queue the next try of letter %s.", letter_id)
    return str(outcome)


@shared_task(acks_late=True)
def requeue_owed_letters() -> int:
    """Every 15 minutes (beat): queue again the letters whose delivery task was lost."""
    from django.utils import timezone

    owed = services_letters.letters_owed(now=timezone.now())
    for letter_id in owed:
        deliver_letter.delay(letter_id)
    return len(owed)
