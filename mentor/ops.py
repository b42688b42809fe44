"""Operations: heartbeats, readiness, and the metrics that are read when Prometheus scrapes.

The worker writes a heartbeat every 30 seconds (a beat task, so it also proves that beat,
the broker and a worker are connected) and each sweep records when it ran and what it did.
``/readyz`` answers 503 when the database, the cache or the broker does not answer, or when
either record is older than its limit.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.utils import timezone
from kombu import Connection
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from mentor.models_ops import Heartbeat

WORKER = "worker"
# The sweep that runs every minute: its record shows that beat is running.
BEAT_SWEEP = "sweep:webhooks"
# Header added to every task message when it is published (mentor/celery.py), so that the age
# of the oldest waiting task can be read from the queue.
PUBLISHED_AT_HEADER = "mentor_published_at"


def heartbeat_record(name: str, result: dict[str, Any] | None = None) -> None:
    Heartbeat.objects.update_or_create(name=name,
                                       defaults={"at": timezone.now(), "result": result or {}})


# --- Readiness ----------------------------------------------------------------------------------

class NotReady(Exception):
    pass


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    cache = caches["default"]
    cache.set("readyz", "ok", 10)
    if cache.get("readyz") != "ok":
        raise NotReady("the cache did not return what was written")


def check_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2,
                    transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


def _recent(name: str, max_age: int) -> None:
    beat = Heartbeat.objects.filter(name=name).first()
    if beat is None:
        raise NotReady(f"no {name} heartbeat yet")
    age = (timezone.now() - beat.at).total_seconds()
    if age > max_age:
        raise NotReady(f"last {name} heartbeat {age:.0f} s ago (limit {max_age} s)")


def check_worker() -> None:
    _recent(WORKER, settings.READY_WORKER_MAX_AGE)


def check_beat() -> None:
    _recent(BEAT_SWEEP, settings.READY_SWEEP_MAX_AGE)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database, "cache": check_cache, "broker": check_broker,
    "worker": check_worker, "beat": check_beat,
}


def readiness() -> dict[str, str]:
    """Each configured check's outcome: ``ok`` or the reason it failed (no secrets: the
    exception's class and message, which for these clients name no password)."""
    outcome: dict[str, str] = {}
    for name in settings.READY_CHECKS:
        try:
            CHECKS[name]()
        except Exception as exc:  # any failure means "not ready"
            outcome[name] = f"{type(exc).__name__}: {exc}"[:200]
        else:
            outcome[name] = "ok"
    return outcome


# --- Metrics read at scrape time --------------------------------------------------------------

def queue_state(queue: str) -> tuple[int, float | None]:
    """The number of waiting task messages and the age in seconds of the oldest one."""
    url = settings.CELERY_BROKER_URL
    now = time.time()
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        mtimes = [p.stat().st_mtime for p in folder.glob(f"*.{queue}.msg")]
        return len(mtimes), (now - min(mtimes)) if mtimes else None
    with Connection(url, connect_timeout=2) as connection:
        client = connection.default_channel.client  # type: ignore[attr-defined]
        length = int(client.llen(queue))
        # kombu pushes on the left and takes from the right: the oldest is the last element.
        oldest = client.lindex(queue, -1) if length else None
    if oldest is None:
        return length, None
    published = json.loads(oldest).get("headers", {}).get(PUBLISHED_AT_HEADER)
    return length, (now - float(published)) if published else None


def _families() -> dict[str, GaugeMetricFamily]:
    return {
        "length": GaugeMetricFamily("mentor_task_queue_length",
                                    "Task messages waiting in the broker", labels=["queue"]),
        "age": GaugeMetricFamily("mentor_task_queue_oldest_age_seconds",
                                 "Age of the oldest waiting task message", labels=["queue"]),
        "up": GaugeMetricFamily("mentor_broker_up", "1 if the broker answered the scrape"),
        "last_run": GaugeMetricFamily("mentor_heartbeat_timestamp_seconds",
                                      "When the worker or a sweep last ran (Unix time)",
                                      labels=["name"]),
        "results": GaugeMetricFamily("mentor_sweep_result",
                                     "What each sweep's last run did, by count",
                                     labels=["sweep", "result"]),
    }


class OperationsCollector(Collector):
    """Task queue length and age, worker heartbeat, and each sweep's last run and results."""

    def describe(self) -> Iterator[Metric]:
        # Without this the registry would call collect() (queries) when it is registered.
        yield from _families().values()

    def collect(self) -> Iterator[Metric]:
        family = _families()
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        try:
            count, oldest = queue_state(queue)
        except Exception:  # a broker that is down is what this shows
            family["up"].add_metric([], 0)
        else:
            family["up"].add_metric([], 1)
            family["length"].add_metric([queue], count)
            family["age"].add_metric([queue], oldest or 0.0)
        try:
            beats = list(Heartbeat.objects.order_by("name"))
        except DatabaseError:
            beats = []  # the database is down: the queue metrics are still worth a scrape
        for beat in beats:
            family["last_run"].add_metric([beat.name], beat.at.timestamp())
            for key, value in sorted(beat.result.items()):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    family["results"].add_metric([beat.name, key], value)
        yield from family.values()
