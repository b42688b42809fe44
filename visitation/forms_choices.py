"""The referral form's choice lists (mentor types, tasks, providers, mentors), kept between
requests while the catalogue they are read from is unchanged.

Only administrators change these rows, and every change through the ORM (the admin, the
services, the demo and catalogue loaders: ``save()`` and ``delete()``) writes a history row
(simple_history) in the same transaction. The *stamp* is the newest history row (its id and
time) of each of the four models, read in one small query; the lists are kept per process
and municipality under the stamp they were read with, and read again when it differs. Being
read from the database, the stamp changes exactly when a change is visible to the reader: no
invalidation message can be lost or come early. Not seen: ``QuerySet.update()``,
``bulk_create()`` and raw SQL on these tables (they write no history); none of the
application's paths changes them that way.

Stale options could only show a choice that is gone or miss a new one: the form's fields
validate the chosen value against the database in any case.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from django.db import connection

from mentor.models import Mentor, MentorTask, MentorType, Municipality, Provider


@dataclasses.dataclass(frozen=True)
class ReferralChoices:
    """The referral form's options: mentor types and mentor tasks (by name), the
    municipality's active providers (by name; with their kind, for LAB § 31 d) and its
    active mentors grouped by provider (providers by name, mentors by name within each).
    The fields' querysets still decide what may be chosen."""

    mentor_types: tuple[tuple[int, str], ...] = ()
    tasks: tuple[tuple[int, str], ...] = ()
    providers: tuple[tuple[int, str, str], ...] = ()
    mentors: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()


def read_referral_choices(municipality: Municipality) -> ReferralChoices:
    """The options from the database, ordered there (names sort by its collation, as the
    model choice fields' options did). Four plain queries: one UNION ALL of them measured
    slower, in Django and in PostgreSQL."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    current: int | None = None
    for provider_id, provider_name, pk, name in (
            Mentor.objects.filter(active=True, provider__municipality=municipality)
            .order_by("provider__name", "provider_id", "name", "pk")
            .values_list("provider_id", "provider__name", "pk", "name")):
        if provider_id != current:
            current = provider_id
            groups.append((provider_name, []))
        groups[-1][1].append((pk, name))
    return ReferralChoices(
        mentor_types=tuple(MentorType.objects.order_by("name", "pk").values_list("pk", "name")),
        tasks=tuple(MentorTask.objects.order_by("name", "pk").values_list("pk", "name")),
        providers=tuple(Provider.objects.filter(municipality=municipality, active=True)
                        .order_by("name", "pk").values_list("pk", "name", "kind")),
        mentors=tuple((name, tuple(mentors)) for name, mentors in groups))


_MODELS = (Mentor, Provider, MentorType, MentorTask)
_stamp_sql: str | None = None
_kept: dict[int, tuple[tuple[Any, ...], ReferralChoices]] = {}
_lock = threading.Lock()


def _stamp_query() -> str:
    global _stamp_sql
    if _stamp_sql is None:
        quote = connection.ops.quote_name
        parts: list[str] = []
        for model in _MODELS:
            # ``Model.history`` builds a manager on every read: take its model once.
            table = quote(model.history.model._meta.db_table)  # type: ignore[attr-defined]
            # Two plain columns (no casts): the same SQL on PostgreSQL and SQLite.
            parts.extend(f"(SELECT {column} FROM {table} ORDER BY history_id DESC LIMIT 1)"
                         for column in ("history_id", "history_date"))
        _stamp_sql = "SELECT " + ", ".join(parts)
    return _stamp_sql


def choices_stamp() -> tuple[Any, ...]:
    """The newest history row of each model the options are read from (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_query())
        row = cursor.fetchone()
    return tuple(row)


def referral_choices(municipality: Municipality) -> ReferralChoices:
    """The options for ``municipality``: kept while the stamp is unchanged, read otherwise."""
    stamp = choices_stamp()
    kept = _kept.get(municipality.pk)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    choices = read_referral_choices(municipality)
    with _lock:
        _kept[municipality.pk] = (stamp, choices)
    return choices


def forget() -> None:
    """Drop the kept options (tests)."""
    with _lock:
        _kept.clear()
