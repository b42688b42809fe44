"""The law of 2026 and 2027: each new rule set on both sides of its boundary, the authority
that the texts name, the spending limit of LAB § 203 a, and plain-language explanations over
every target group and rule set."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from visitation.rules import (
    LAW,
    RULESET_VERSIONS,
    Decision,
    evaluate,
    parse_facts,
    parse_policy,
    rule_set_authority,
    rule_set_label,
    spending_limit,
)
from visitation.rules.dates import add_months

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def decide(on: str, facts: dict[str, Any]) -> Decision:
    return evaluate(parse_facts({"decision_date": on, **facts}))


YOUNG_ADMITTED = {
    "birth_date": "2004-05-01",
    "benefit": "cash_benefit",
    "education_start_date": "2027-02-01",
}
RESOURCE_COURSE = {"birth_date": "1980-01-01", "benefit": "resource_course"}
TRANSITION = {
    "birth_date": "2004-05-01",
    "benefit": "none",
    "has_vocational_education": True,
    "education_start_date": "2026-08-15",
    "previous_jobcentre_contact": False,
}


@pytest.mark.parametrize(
    ("on", "version"),
    [
        ("2025-12-31", "2025-07-01"),
        ("2026-01-01", "2026-01-01"),
        ("2026-01-31", "2026-01-01"),
        ("2026-02-01", "2026-02-01"),
        ("2026-06-30", "2026-02-01"),
        ("2026-07-01", "2026-07-01"),
        ("2026-12-31", "2026-07-01"),
        ("2027-01-01", "2027-01-01"),
    ],
)
def test_each_new_rule_set_begins_on_its_boundary(on: str, version: str) -> None:
    assert decide(on, RESOURCE_COURSE).rule_set_version == version


@pytest.mark.parametrize(
    ("on", "authority"), [("2026-01-31", "jobcentre"), ("2026-02-01", "municipality")]
)
def test_from_1_february_2026_the_texts_say_the_municipality_not_the_jobcentre(
    on: str, authority: str
) -> None:
    decision = decide(on, TRANSITION)

    assert decision.target_groups == ("under_30_education_transition",)
    assert f"contact with the {authority}" in decision.explanation_en[0]


@pytest.mark.parametrize(
    ("on", "danish"), [("2026-01-31", "jobcentret"), ("2026-02-01", "kommunen")]
)
def test_the_rule_sets_authority_is_there_for_letters(on: str, danish: str) -> None:
    assert rule_set_authority(date.fromisoformat(on)) == danish
    assert danish in decide(on, TRANSITION).explanation_da[0]


@pytest.mark.parametrize(("on", "abolished"), [("2026-01-31", False), ("2026-02-01", True)])
def test_from_1_february_2026_a_resource_course_is_one_begun_before(
    on: str, abolished: bool
) -> None:
    decision = decide(on, RESOURCE_COURSE)

    assert decision.kind == "offer"
    assert decision.legal_basis == ("LAB § 167, stk. 1",)
    assert ("abolished for new citizens" in decision.explanation_en[0]) is abolished
    assert ("afskaffet for nye borgere" in decision.explanation_da[0]) is abolished


def test_1_july_2026_changes_the_rule_set_but_not_the_mentor_decision() -> None:
    before, after = decide("2026-06-30", TRANSITION), decide("2026-07-01", TRANSITION)

    assert before.rule_set_version != after.rule_set_version
    assert (before.kind, before.legal_basis, before.min_contact_days) == (
        after.kind,
        after.legal_basis,
        after.min_contact_days,
    )


@pytest.mark.parametrize(("on", "applies"), [("2026-12-31", True), ("2027-01-01", False)])
def test_the_young_persons_right_to_a_mentor_ends_with_2026(on: str, applies: bool) -> None:
    decision = decide(on, YOUNG_ADMITTED)

    assert ("under_30_admitted_education" in decision.target_groups) is applies
    assert ("under_30_admitted_education_not_in_force" in decision.rules_fired) is not applies


def test_after_2026_the_young_person_is_told_why_and_pointed_at_the_general_offer() -> None:
    decision = decide("2027-01-01", {**YOUNG_ADMITTED, "in_employment_activity": True})

    assert decision.target_groups == ("general_employment_activity",)
    assert decision.kind == "offer"
    assert any("9. april 2025" in line for line in decision.explanation_da)


def test_the_2027_rule_set_and_its_paragraphs_are_marked_for_legal_staff_to_verify() -> None:
    (rule_set,) = [r for r in LAW.rule_sets if r.version == "2027-01-01"]

    assert rule_set.verify and "1 January 2027" in rule_set.verify
    for group in LAW.target_groups:
        current = group.legal_basis_on(date(2027, 1, 1))
        if group.in_force(date(2027, 1, 1)) and any("LAB" in p for p in current.paragraphs):
            assert current.verify, group.code


def test_every_new_rule_set_names_its_sources() -> None:
    for rule_set in LAW.rule_sets:
        if rule_set.version >= "2026":
            assert rule_set.sources and all(s in LAW.sources for s in rule_set.sources)


def test_the_spending_limit_of_2026_is_dated_law_data_with_its_source() -> None:
    limit = spending_limit(2026)

    assert limit is not None
    assert limit.per_person_dkk == 10602
    assert limit.price_level_year == 2026
    assert limit.valid_from == date(2026, 1, 1)
    assert limit.paragraphs == ("LAB § 203 a",)
    assert "§ 6, nr. 1-10" in limit.persons_counted
    assert limit.verify and "enacted" in limit.verify
    assert limit.total_dkk(100) == 1_060_200


def test_there_is_no_spending_limit_before_2026() -> None:
    assert spending_limit(2025) is None


@pytest.mark.parametrize(
    ("version", "en", "da"),
    [
        ("2026-02-01", "1 February 2026", "1. februar 2026"),
        ("2027-01-01", "1 January 2027", "1. januar 2027"),
    ],
)
def test_a_rule_set_label_reads_as_a_date(version: str, en: str, da: str) -> None:
    assert rule_set_label(version, "en") == en
    assert rule_set_label(version, "da") == da


# ---- plain language over every target group and rule set ------------------------------------


def facts_for(group: str, on: date) -> dict[str, Any]:
    """Facts that make `group` apply (where it is in force) on `on`."""
    young = (on - timedelta(days=20 * 365)).isoformat()
    later = add_months(on, 2).isoformat()
    base: dict[str, Any] = {"decision_date": on.isoformat(), "birth_date": "1980-01-01"}
    unable = {"activity_ready": True, "can_take_part_in_offers": False}
    variants: dict[str, dict[str, Any]] = {
        "activity_ready_cash_benefit_unable": {"benefit": "cash_benefit", **unable},
        "activity_ready_education_benefit_unable": {"benefit": "education_benefit", **unable},
        "activity_ready_integration_benefit_unable": {
            "benefit": "integration_benefit",
            **unable,
        },
        "psychiatric_discharge": {
            "benefit": "sickness_benefit",
            "psychiatric_discharge_date": later,
        },
        "study_start_single_parent": {
            "benefit": "education_benefit",
            "single_parent_with_education_order": True,
            "education_start_date": later,
        },
        "under_30_admitted_education": {
            "benefit": "cash_benefit",
            "birth_date": young,
            "education_start_date": later,
        },
        "prison_release": {"benefit": "none", "prison_release_date": later},
        "under_30_education_transition": {
            "benefit": "none",
            "birth_date": young,
            "education_start_date": later,
            "previous_jobcentre_contact": False,
        },
        "resource_course": {"benefit": "resource_course"},
        "flex_job": {"benefit": "flex_job"},
        "sickness_benefit": {"benefit": "sickness_benefit"},
        "disability_pension_return": {
            "benefit": "disability_pension",
            "in_employment_activity": True,
        },
        "foreigner_integration": {"benefit": "none", "in_integration_programme": True},
        "general_employment_activity": {
            "benefit": "unemployment_insurance",
            "in_employment_activity": True,
        },
    }
    return base | variants[group]


GROUPS = [group.code for group in LAW.target_groups]
WEEKLY = parse_policy({"name": "Gribskov", "right_and_duty_contact_days": 7})


@pytest.mark.parametrize("version", RULESET_VERSIONS)
def test_no_explanation_of_any_group_shows_a_code_or_an_iso_date(version: str) -> None:
    on = date.fromisoformat(version)
    decided: set[str] = set()
    for group in [*GROUPS, None]:
        facts = {"decision_date": version, "birth_date": "1980-01-01", "benefit": "none"}
        if group is not None:
            facts = facts_for(group, on)
        for policy in (None, WEEKLY):
            decision = (
                evaluate(parse_facts(facts))
                if policy is None
                else evaluate(parse_facts(facts), policy)
            )
            decided.update(decision.target_groups)
            for line in (*decision.explanation_en, *decision.explanation_da):
                assert "_" not in line, (group, line)
                assert not ISO_DATE.search(line), (group, line)

    in_force = {group.code for group in LAW.target_groups if group.in_force(on)}
    assert in_force <= decided
