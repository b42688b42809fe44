"""Indexes the speed of the busiest pages depends on, as the migrations leave the database."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name: info["columns"] for name, info in constraints.items()
            if info["index"] and not info["primary_key"]}


def test_the_access_log_has_one_index_by_citizen() -> None:
    """Every page that shows a citizen writes an access-log row: one index by citizen (with
    the time, for the citizen's log), not a second one on the citizen alone."""
    by_citizen = [cols for cols in _indexes("mentor_accesslog").values()
                  if cols and cols[0] == "citizen_id"]
    assert by_citizen == [["citizen_id", "at"]]


def test_anonymised_citizens_have_a_small_index_of_their_own() -> None:
    indexes = _indexes("mentor_citizen")
    assert indexes.get("citizen_anonymised") == ["id"]
    assert indexes.get("citizen_not_anonymised") == ["id"]
