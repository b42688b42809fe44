"""The report cache: the dashboard's computed facts, kept in Django's cache (Redis in
production, local memory in tests) and found again by everything they depend on.

A report is built from *parts* (``reporting.selectors.PARTS``): the course facts, the cost
facts, review compliance, contact compliance and the two overdue lists (ids and dates of
their first rows, and their length). Only parts are cached, never finished tables: the tables
are rendered from the parts on every request, in the request's language. A part's key holds

- the part's name and ``VERSION`` (bumped when a part's shape changes), and the database's
  name (two databases sharing one Redis never meet);
- the filter: period (first and last day), team scope (the user's teams for a team leader),
  provider, mentor type, decision kind; ``today``; the list length for the lists;
- the part's *stamp*: for each source table of the part (``SOURCES``), the largest id, the
  sum of the newest ``WINDOW`` ids and their count. All source tables are read in one
  statement per request (about 1 ms; each is a short backward scan of its primary key).

Why the stamp changes whenever a figure can: every ``save()`` and ``delete()`` of a model the
parts read (through the services and the admin) writes a django-simple-history row, so the
history table gets a new id; rows written without history (``bulk_create``: a course's
reviews, the seed) add ids to the model's own table, which is a source too. The sum over the
newest ids also moves when a transaction that took its id early commits after a later one
(the largest id alone would not). What writes without any new id is listed with each source
in ``SOURCES``; each such write happens in the same transaction as one that does.

``TIMEOUT`` bounds the life of an entry whatever happens (a write outside the application,
e.g. SQL by hand, shows at the latest after it). When 20 clients miss the same key at once
(after a write), one computes under a short lock (``cache.add``) and the others wait for its
result, and compute themselves only if it does not come within ``WAIT_SECONDS``.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model

from reporting.models import CostLine
from visitation.models import Course, JournalEntry, Review

VERSION: Final = 1
WINDOW: Final = 100
TIMEOUT: Final = 15 * 60
LOCK_SECONDS: Final = 60
WAIT_SECONDS: Final = 20.0
POLL_SECONDS: Final = 0.05

T = TypeVar("T")


def _history(model: type[Model]) -> type[Model]:
    historical: type[Model] = model.history.model  # type: ignore[attr-defined]
    return historical


@functools.cache  # reading ``Model.history`` builds a manager class each time
def _sources() -> dict[str, tuple[type[Model], ...]]:
    from mentor.models import MentorType

    course = (Course, _history(Course))
    return {
        # Course facts: a course's team, provider, mentor type, kind, level, hours, dates and
        # outcome change only through save() (history); the scheme is the mentor type's code.
        "courses": (*course, _history(MentorType)),
        # Cost facts: cost lines (the service writes history, also for generated lines) and
        # the fields of their courses.
        "costs": (CostLine, _history(CostLine), *course, _history(MentorType)),
        # Reviews: completion saves the review; a new period's reviews are bulk-created (new
        # ids); ending a course cancels its reviews with update(), in the transaction that
        # saves the course.
        "reviews": (Review, _history(Review), *course),
        # Contacts: a journal entry (history) moves the course's next contact date by
        # update(), in its own transaction; the follow-up sweep's reminder stamps are not read.
        "contacts": (JournalEntry, _history(JournalEntry), *course),
    }


def sources(group: str) -> tuple[type[Model], ...]:
    """The tables whose newest ids stamp a group of parts."""
    return _sources()[group]


def read_stamps(models: Iterable[type[Model]]) -> dict[type[Model], str]:
    """For each model's table: "largest id:sum of the newest WINDOW ids:their count", all in
    one statement."""
    ordered = list(dict.fromkeys(models))
    if not ordered:
        return {}
    quote = connection.ops.quote_name
    columns = []
    for model in ordered:
        assert model._meta.pk is not None and model._meta.pk.column is not None
        pk = quote(model._meta.pk.column)
        columns.append(
            f"(SELECT COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(id), 0) || ':' || COUNT(*) "
            f"FROM (SELECT {pk} AS id FROM {quote(model._meta.db_table)} "
            f"ORDER BY {pk} DESC LIMIT {WINDOW}) AS newest)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        row = cursor.fetchone()
    return {model: str(value) for model, value in zip(ordered, row, strict=True)}


def stamp(group: str, stamps: Mapping[type[Model], str]) -> str:
    return "/".join(stamps[model] for model in sources(group))


def make_key(part: str, *parts: Any) -> str:
    """A cache key for ``part`` from everything it depends on (hashed: keys stay short)."""
    raw = repr((VERSION, settings.DATABASES["default"].get("NAME"), part, *parts))
    return f"reporting:{part}:{hashlib.sha256(raw.encode()).hexdigest()}"


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    return cache.get_many(list(keys))


def get_or_compute(key: str, compute: Callable[[], T]) -> T:
    """The cached value of ``key``; on a miss one caller computes and stores it under a lock
    while the others wait for it (a stampede after a write costs one computation)."""
    missing = object()
    lock = f"{key}:lock"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                value = cache.get(key, missing)  # stored while we were asking for the lock
                if value is missing:
                    value = compute()
                    cache.set(key, value, TIMEOUT)
            finally:
                cache.delete(lock)
            return value  # type: ignore[return-value]
        time.sleep(POLL_SECONDS)
        value = cache.get(key, missing)
        if value is not missing:
            return value  # type: ignore[return-value]
        if time.monotonic() >= deadline:
            value = compute()
            cache.set(key, value, TIMEOUT)
            return value
