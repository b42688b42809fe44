"""The reference catalogues (``mentor/catalogues.py``) and the law data (``law.json``) name the
same target groups and mentor types: a decision stores the law's codes, and the pages, forms
and reports look them up in the catalogue tables by code.

Mentor tasks are not in the law data (no rule reads them), so only the catalogue names them.
"""

from __future__ import annotations

from mentor.catalogues import MENTOR_TYPES, TARGET_GROUPS
from visitation.rules.law import LAW

CATALOGUE_GROUPS = {row["code"]: row for row in TARGET_GROUPS}
CATALOGUE_TYPES = {row["code"] for row in MENTOR_TYPES}


def test_the_catalogue_has_the_laws_target_groups_in_the_laws_order() -> None:
    assert [row["code"] for row in TARGET_GROUPS] == [g.code for g in LAW.target_groups]


def test_each_target_group_has_the_laws_kind_in_the_catalogue() -> None:
    assert {code: row["kind"] for code, row in CATALOGUE_GROUPS.items()} == {
        g.code: g.kind for g in LAW.target_groups}


def test_the_catalogue_has_the_mentor_types_the_law_labels() -> None:
    assert set(LAW.labels["mentor_type"]) == CATALOGUE_TYPES


def test_every_mentor_type_the_law_suggests_is_in_the_catalogue() -> None:
    assert {g.mentor_type for g in LAW.target_groups} <= CATALOGUE_TYPES


def test_the_laws_general_offer_group_is_a_catalogue_target_group() -> None:
    assert CATALOGUE_GROUPS[LAW.general_offer_group]["kind"] == "offer"


def test_codes_are_unique_in_the_catalogue() -> None:
    assert len(CATALOGUE_GROUPS) == len(TARGET_GROUPS)
    assert len(CATALOGUE_TYPES) == len(MENTOR_TYPES)
