"""``grouping_sets`` is SQL the ORM cannot build (GROUPING SETS on PostgreSQL, a CTE with
UNION ALL elsewhere): each grouping set's rows must be what grouping the base's rows gives,
on PostgreSQL and SQLite alike."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from mentor.models import SocialServiceSupport, SocialSupportKind
from reporting.grouping import Group, grouping_sets, pick
from tests.conftest import People
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

Rows = Sequence[Mapping[str, Any]]
Aggregates = dict[str, tuple[str, Callable[[Rows], Any]]]
AGGREGATES: Aggregates = {
    "rows": ("COUNT(*)", len),
    "citizens": ("COUNT(DISTINCT x_citizen)", lambda rows: len({r["x_citizen"] for r in rows})),
    "open": ("SUM(x_open)", lambda rows: sum(r["x_open"] for r in rows)),
    "open_citizens": ("COUNT(DISTINCT CASE WHEN x_open = 1 THEN x_citizen END)",
                      lambda rows: len({r["x_citizen"] for r in rows if r["x_open"]})),
}
SETS = [("g_kind", "g_provider"), ("g_kind",), ("g_provider",), ()]


@pytest.fixture
def supports(people: People) -> None:
    citizens = CitizenFactory.create_batch(4, team=people.team)
    plan = [(0, SocialSupportKind.SEL_85, "Syd", None), (0, SocialSupportKind.SEL_85, "Nord", 1),
            (0, SocialSupportKind.SEL_99, "Syd", None), (1, SocialSupportKind.SEL_85, "Syd", 2),
            (2, SocialSupportKind.SEL_52, "Nord", None), (2, SocialSupportKind.SEL_52, "Nord", 3),
            (3, SocialSupportKind.SEL_85, "", None)]
    for n, kind, provider, ended in plan:
        SocialServiceSupport.objects.create(
            citizen=citizens[n], kind=kind, provider=provider,
            start_date=datetime.date(2025, 1, 1),
            end_date=None if ended is None else datetime.date(2025, 2, ended),
            created_by=people.caseworker)


def _base() -> QuerySet[Any]:
    return SocialServiceSupport.objects.values(
        g_kind=F("kind"), g_provider=F("provider"), x_citizen=F("citizen_id"),
        x_open=Case(When(end_date__isnull=True, then=Value(1)), default=Value(0),
                    output_field=IntegerField()))


def _by_python(rows: Rows, keys: Sequence[str], aggregates: Aggregates,
               ) -> dict[tuple[Any, ...], dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row[k] for k in keys), []).append(row)
    return {key: {name: figure(members) for name, (_sql, figure) in aggregates.items()}
            for key, members in groups.items()}


def _by_sql(groups: list[Group], keys: Sequence[str], aggregates: Aggregates,
            ) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(g[k] for k in keys): {name: g[name] for name in aggregates}
            for g in pick(groups, *keys)}


def _run(base: QuerySet[Any], dimensions: tuple[str, ...], sets: list[tuple[str, ...]],
         aggregates: Aggregates) -> list[Group]:
    return grouping_sets(base, dimensions=dimensions, sets=sets,
                         aggregates={name: sql for name, (sql, _figure) in aggregates.items()})


def test_each_grouping_set_equals_grouping_the_base_rows(supports: None) -> None:
    groups = _run(_base(), ("g_kind", "g_provider"), SETS, AGGREGATES)
    rows = list(_base())
    for keys in SETS:
        assert _by_sql(groups, keys, AGGREGATES) == _by_python(rows, keys, AGGREGATES), keys
    assert len(groups) == sum(len(_by_python(rows, keys, AGGREGATES)) for keys in SETS)
    assert pick(groups)[0]["citizens"] == 4


def test_an_aggregated_base_is_grouped_again(supports: None) -> None:
    """The cost facts' shape: a base already grouped per citizen, grouped once more (which
    the ORM refuses: an aggregate over an aggregate)."""
    base = (SocialServiceSupport.objects.order_by()
            .values(g_kind=F("kind"), x_citizen=F("citizen_id"))
            .annotate(x_supports=Count("id"), x_open=Count("id", filter=Q(end_date=None))))
    aggregates: Aggregates = {
        "supports": ("SUM(x_supports)", lambda rows: sum(r["x_supports"] for r in rows)),
        "open": ("SUM(x_open)", lambda rows: sum(r["x_open"] for r in rows)),
        "citizens": ("COUNT(DISTINCT x_citizen)",
                     lambda rows: len({r["x_citizen"] for r in rows}))}
    sets: list[tuple[str, ...]] = [("g_kind",), ()]
    groups = _run(base, ("g_kind",), sets, aggregates)
    rows = list(base)
    for keys in sets:
        assert _by_sql(groups, keys, aggregates) == _by_python(rows, keys, aggregates), keys


def test_an_empty_base_gives_only_the_total_row() -> None:
    groups = _run(_base(), ("g_kind", "g_provider"), SETS, {"rows": ("COUNT(*)", len)})
    assert [(g.keys, g["rows"]) for g in groups] == [((), 0)]
