"""The report cache: the dashboard's computed facts, kept in Django's cache (Redis in
production, local memory in tests) and found again by everything they depend on.

A report is built from *parts* (``reporting.selectors.PARTS``). Only parts are cached, never
finished tables: the tables are rendered from the parts on every request, in the request's
language. What each part is cached on (``sources()``): a write to any of these tables makes
the part's next read compute it again.

| part | what | sources (each table and its history) |
| --- | --- | --- |
| courses | course facts: one grouping-sets statement over the period's courses | Course, MentorType history |
| costs | cost facts: the same over the period's cost lines | CostLine, Course, MentorType history |
| reviews | review compliance | Review, Course |
| overdue_reviews | due reviews past their date: the first rows (course, team, mentor type, kind, date) and how many | Review, Course, Team and MentorType history |
| contacts | contact compliance today | JournalEntry, Course |
| overdue_contacts | courses past their next contact: the first rows (course, team, mentor type, dates) and how many | JournalEntry, Course, Team and MentorType history |

Not cached: the contact-interval figure (one indexed aggregate, about 1 ms), and which of the
overdue rows' cases *this* user may open (``mentor.permissions.visible_courses``), with the
citizen's name: one query per request. So a list cached for one scope never shows a name or
a link to a user who may not open the case.
Exports cache nothing of their full case lists (``list_limit=None``).

A part's key: the part, ``VERSION`` (bumped when a part's shape changes), ``CODE`` (a hash of
the modules that compute the parts: a deployment that changes a counting rule starts afresh),
the database's name, the filter (period, team scope: a team leader's own teams, provider,
mentor type, decision kind), ``today``, the list length, and the part's *stamp*: for each
source table, its largest id, the sum of its newest ``WINDOW`` ids and their count, all read
in one statement per request (about 1 ms: a short backward scan of each primary key).

Why the stamp moves whenever a figure can: every ``save()`` and ``delete()`` of these models
(the services and the admin) writes a django-simple-history row, so the history table gets a
new id; rows written without history (``bulk_create``: a new period's reviews, the seed) add
ids to the model's own table. The sum over the newest ids also moves when a transaction that
took its id before a later one commits after it (the largest id alone would not), as long
as fewer than ``WINDOW`` rows were added to that table in between. The writes that add no id
(queryset ``update()``): the journal's contact tracking (``Course.last_contact_date`` and
``next_contact_due``, in the transaction that saves the journal entry), the cancelling of a
course's reviews when it ends (with the course's save), the follow-up sweep's reminder stamps
(not read) and its contact intervals (read live). ``TIMEOUT`` bounds anything else (SQL by
hand). When 20 clients miss one key at once (after a write), one computes under a short lock
(``cache.add``), the others wait for its result and compute themselves only if it does not
come within ``WAIT_SECONDS``.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model

from reporting.models import CostLine
from visitation.models import Course, JournalEntry, Review

VERSION: Final = 1
WINDOW: Final = 100
TIMEOUT: Final = 30 * 60
# The code that computes the parts: a deployment that changes how a figure is counted (or
# which mentor types make up a scheme) never reads the figures the old code cached.
CODE: Final = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("selectors.py", "grouping.py", "schemes.py", "periods.py"))).hexdigest()[:16]
LOCK_SECONDS: Final = 60
WAIT_SECONDS: Final = 20.0
POLL_SECONDS: Final = 0.05

T = TypeVar("T")


def _history(model: type[Model]) -> type[Model]:
    historical: type[Model] = model.history.model  # type: ignore[attr-defined]
    return historical


@functools.cache  # reading ``Model.history`` builds a manager class each time
def _sources() -> dict[str, tuple[type[Model], ...]]:
    from mentor.models import MentorType, Team

    course = (Course, _history(Course))
    labels = (_history(Team), _history(MentorType))
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
        # The overdue lists also show the team's and the mentor type's names.
        "overdue_reviews": (Review, _history(Review), *course, *labels),
        "overdue_contacts": (JournalEntry, _history(JournalEntry), *course, *labels),
    }


def sources(part: str) -> tuple[type[Model], ...]:
    """The tables whose newest ids stamp a part."""
    return _sources()[part]


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


def stamp(part: str, stamps: Mapping[type[Model], str]) -> str:
    return "/".join(stamps[model] for model in sources(part))


def make_key(part: str, *parts: Any) -> str:
    """A cache key for ``part`` from everything it depends on (hashed: keys stay short)."""
    raw = repr((VERSION, CODE, settings.DATABASES["default"].get("NAME"), part, *parts))
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
