"""Reads written as SQL for the busiest pages.

Django compiles every queryset to SQL on every request; for a short read by a key that costs
about twice the round trip to the database (0.9 ms against 0.4 ms for the citizen page's
referrals, measured on the benchmark's data), and under load it was the largest part of
the citizen page's CPU. The reads here are the plain ones: by a key the caller has already
checked (the citizen the user may see, the courses the user may see), no permission logic of
their own; those stay in ``mentor/permissions.py``'s querysets. They return model instances
through ``Model.objects.raw`` (Django's converters, so the same values on PostgreSQL and
SQLite), with only the columns read; tests compare each with its queryset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values: Sequence[Any]) -> str:
    """``%s, %s, …`` for an ``IN (…)`` of ``values`` (not empty)."""
    return ", ".join(["%s"] * len(values))


def raw(model: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    return list(model._default_manager.raw(sql, list(params)))


def attach(instance: Model, name: str, related: type[Model], values: dict[str, Any]) -> None:
    """Set the foreign key ``name`` of ``instance`` to a ``related`` instance with only
    ``values`` (attribute names) loaded, as ``select_related`` with ``only`` would."""
    fields = [f.attname for f in related._meta.concrete_fields if f.attname in values]
    setattr(instance, name, related.from_db(DEFAULT_DB_ALIAS, fields,
                                            [values[name] for name in fields]))
