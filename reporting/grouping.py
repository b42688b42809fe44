"""Several groupings of one query in one statement: SQL ``GROUPING SETS``.

A report table needs unique citizens per scheme, per decision kind and in total. Unique counts
do not add up, so each grouping needs its own ``COUNT(DISTINCT ...)``; running one query per
grouping would read the same rows again and again. ``grouping_sets`` reads them once:

- PostgreSQL: ``GROUP BY GROUPING SETS ((scheme), (kind), ())`` over the base query;
- other databases (SQLite in development and tests): the base as a common table expression
  and one ``GROUP BY`` per set, joined with ``UNION ALL`` — the same rows, one statement.

The base is an ORM queryset reduced with ``values(**expressions)``, so that every column has a
plain alias; the aggregates are small SQL snippets over those aliases.

Why SQL: the ORM has no ``GROUPING SETS``, and it cannot aggregate over a queryset that is
itself aggregated (the cost facts' base is grouped per citizen first), so neither form can be
said as a queryset. ``tests/reporting/test_grouping.py`` checks each grouping set against
grouping the base's rows in Python, on PostgreSQL and SQLite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet


@dataclass(frozen=True)
class Group:
    """One result row: the grouping set it belongs to, its keys and its aggregates."""

    keys: tuple[str, ...]  # the dimensions this row is grouped by
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _number(value: Any) -> Any:
    # SQLite sums decimals as floats; give every backend the same Decimal back.
    if isinstance(value, float):
        return Decimal(str(round(value, 6)))
    return value


def grouping_sets(base: QuerySet[Any], *, dimensions: Sequence[str],
                  sets: Sequence[tuple[str, ...]],
                  aggregates: Mapping[str, str]) -> list[Group]:
    """Run ``aggregates`` over ``base`` for every grouping set in ``sets``, in one statement.

    ``base`` must select (``values(**...)``) every dimension and every column the aggregate
    snippets name; names are trusted code, never user input.
    """
    sql, params = base.query.sql_with_params()
    dims = list(dimensions)
    aggs = ", ".join(f"{expression} AS {name}" for name, expression in aggregates.items())
    if connection.vendor == "postgresql":
        grouping = ", ".join("(" + ", ".join(s) + ")" for s in sets)
        selected = f"{', '.join(dims)}, GROUPING({', '.join(dims)}) AS grouping_id, {aggs}"
        query = (f"SELECT {selected} FROM ({sql}) AS base "  # noqa: S608 - names from code
                 f"GROUP BY GROUPING SETS ({grouping})")
    else:
        parts = []
        for grouping_set in sets:
            columns = [d if d in grouping_set else f"NULL AS {d}" for d in dims]
            grouping_id = sum(1 << (len(dims) - 1 - i) for i, d in enumerate(dims)
                              if d not in grouping_set)
            group_by = f" GROUP BY {', '.join(grouping_set)}" if grouping_set else ""
            selected = f"{', '.join(columns)}, {grouping_id} AS grouping_id, {aggs}"
            parts.append(f"SELECT {selected} FROM base{group_by}")  # noqa: S608 - names from code
        query = f"WITH base AS ({sql}) " + " UNION ALL ".join(parts)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Compiling a short report query with JIT costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(query, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    groups = []
    for row in rows:
        record = dict(zip(names, row, strict=True))
        grouping_id = record.pop("grouping_id")
        keys = tuple(d for i, d in enumerate(dims)
                     if not grouping_id & (1 << (len(dims) - 1 - i)))
        groups.append(Group(keys, {k: _number(v) for k, v in record.items()}))
    return groups


def pick(groups: Sequence[Group], *keys: str) -> list[Group]:
    """The rows of the grouping set by exactly ``keys`` (in any order)."""
    wanted = set(keys)
    return [g for g in groups if set(g.keys) == wanted]
