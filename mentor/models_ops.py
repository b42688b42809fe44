"""Operations: the last sign of life of the worker and of each beat sweep (mentor/ops.py)."""

from __future__ import annotations

from typing import Any

from django.db import models


class Heartbeat(models.Model):
    """One row per name (``worker``, ``sweep:webhooks``, ``sweep:followup``, …), overwritten by
    each run. In the database, not the cache, so that the embedded set-up (no shared cache)
    and a Redis outage still show it."""

    name = models.CharField(max_length=64, primary_key=True)
    at = models.DateTimeField()
    result: models.JSONField[dict[str, Any]] = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
