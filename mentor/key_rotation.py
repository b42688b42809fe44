"""Rotating the CPR encryption key and the hash key without downtime.

The operator puts the new key first in ``CPR_ENCRYPTION_KEYS`` / ``CPR_HASH_KEYS`` (the old ones
after it) and restarts the processes: new values are then written under the new keys, every
key still decrypts, and a search by CPR number looks for the hash under every key. These
functions then rewrite the existing rows in batches, each in its own short transaction, in
primary key order; a row already under the newest keys is left alone, so a run that is
stopped can simply be started again (``--after`` skips what an earlier run reported done).
When every row is current the old keys can be removed from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mentor import cpr as cpr_lib
from mentor.models import Citizen
from mentor.models_api import WebhookSubscription


@dataclass(frozen=True)
class Batch:
    last_id: int | None
    rewritten: int
    current: int


@transaction.atomic
def citizens_rotate_batch(*, after: int, size: int) -> Batch:
    """Re-encrypt and re-hash up to ``size`` citizens with ids above ``after``.

    The rows are locked for the batch, so a concurrent edit waits instead of writing a value
    under an old key over the new one."""
    rows = list(Citizen.objects.select_for_update().filter(pk__gt=after).order_by("pk")
                .only("pk", "cpr_encrypted", "cpr_hash", "anonymised_at")[:size])
    changed: list[Citizen] = []
    for citizen in rows:
        # An anonymised citizen's value is a random marker, not a number, and its hash is
        # random too: only the encryption moves to the new key.
        number = None if citizen.anonymised_at else cpr_lib.decrypt(citizen.cpr_encrypted)
        if cpr_lib.is_current(citizen.cpr_encrypted, citizen.cpr_hash, number):
            continue
        citizen.cpr_encrypted = cpr_lib.rotate(citizen.cpr_encrypted)
        if number is not None:
            citizen.cpr_hash = cpr_lib.keyed_hash(number)
        changed.append(citizen)
    # bulk_update bypasses save(): the history does not record these fields anyway
    # (excluded from it), and nothing about the citizen has changed.
    Citizen.objects.bulk_update(changed, ["cpr_encrypted", "cpr_hash"])
    return Batch(last_id=rows[-1].pk if rows else None, rewritten=len(changed),
                 current=len(rows) - len(changed))


@transaction.atomic
def webhook_secrets_rotate() -> int:
    """Re-encrypt the webhook subscriptions' secrets (few rows: one batch)."""
    changed = []
    for subscription in WebhookSubscription.objects.select_for_update().only(
            "pk", "secret_encrypted"):
        if not cpr_lib.is_current(subscription.secret_encrypted, None, None):
            subscription.secret_encrypted = cpr_lib.rotate(subscription.secret_encrypted)
            changed.append(subscription)
    WebhookSubscription.objects.bulk_update(changed, ["secret_encrypted"])
    return len(changed)


def citizens_not_current() -> int:
    """How many citizens are still under an old key (0 when the rotation is complete)."""
    stale = 0
    for citizen in Citizen.objects.only("cpr_encrypted", "cpr_hash", "anonymised_at").iterator():
        number = None if citizen.anonymised_at else cpr_lib.decrypt(citizen.cpr_encrypted)
        stale += not cpr_lib.is_current(citizen.cpr_encrypted, citizen.cpr_hash, number)
    return stale
