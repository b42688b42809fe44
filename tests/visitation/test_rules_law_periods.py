"""The law is effective-dated: every boundary, one day before and on the day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from visitation.rules import (
    RULESET_VERSIONS,
    Decision,
    FactsError,
    decision_to_dict,
    evaluate,
    format_date,
    parse_facts,
    ruleset_version_for,
)

UNABLE_ON_CASH: dict[str, Any] = {
    "birth_date": "1990-05-17",
    "benefit": "cash_benefit",
    "activity_ready": True,
    "can_take_part_in_offers": False,
}
STUDY_START: dict[str, Any] = {
    "birth_date": "1994-03-03",
    "benefit": "education_benefit",
    "single_parent_with_education_order": True,
    "education_start_date": "2016-08-15",
}
ADMITTED_YOUNG: dict[str, Any] = {
    "birth_date": "1998-01-01",
    "benefit": "cash_benefit",
    "education_start_date": "2020-02-01",
}


def decide(on: str, facts: dict[str, Any]) -> Decision:
    return evaluate(parse_facts({"decision_date": on, **facts}))


def test_the_rule_sets_are_the_law_periods() -> None:
    assert RULESET_VERSIONS == (
        "2014-01-01",
        "2014-01-15",
        "2016-01-01",
        "2017-01-01",
        "2020-01-01",
        "2025-07-01",
        "2026-01-01",
        "2026-02-01",
        "2026-07-01",
        "2027-01-01",
    )


VERSIONS = [
    ("2014-01-01", "2014-01-01"),
    ("2014-01-14", "2014-01-01"),
    ("2014-01-15", "2014-01-15"),
    ("2015-12-31", "2014-01-15"),
    ("2016-01-01", "2016-01-01"),
    ("2016-12-31", "2016-01-01"),
    ("2017-01-01", "2017-01-01"),
    ("2019-12-31", "2017-01-01"),
    ("2020-01-01", "2020-01-01"),
    ("2025-06-30", "2020-01-01"),
    ("2025-07-01", "2025-07-01"),
    ("2025-12-31", "2025-07-01"),
    ("2026-01-01", "2026-01-01"),
    ("2026-01-31", "2026-01-01"),
    ("2026-02-01", "2026-02-01"),
    ("2026-06-30", "2026-02-01"),
    ("2026-07-01", "2026-07-01"),
    ("2026-12-31", "2026-07-01"),
    ("2027-01-01", "2027-01-01"),
    ("2040-01-01", "2027-01-01"),
]


@pytest.mark.parametrize(("on", "version"), VERSIONS)
def test_a_decision_records_the_rule_set_in_force_on_its_date(on: str, version: str) -> None:
    assert ruleset_version_for(date.fromisoformat(on)) == version
    assert decide(on, UNABLE_ON_CASH).rule_set_version == version
    assert decision_to_dict(decide(on, UNABLE_ON_CASH))["rule_set_version"] == version


def test_there_is_no_rule_set_before_2014() -> None:
    with pytest.raises(ValueError):
        ruleset_version_for(date(2013, 12, 31))


def test_a_decision_dated_before_2014_is_an_error_naming_decision_date() -> None:
    with pytest.raises(FactsError) as caught:
        decide("2013-12-31", UNABLE_ON_CASH)

    assert caught.value.field == "decision_date"
    assert "decision_date" in str(caught.value)


def test_a_decision_dated_1_january_2014_is_decided() -> None:
    decision = decide("2014-01-01", UNABLE_ON_CASH)

    assert decision.kind == "right_and_duty"
    assert decision.min_contact_days == 7


CONTACT = [("2014-01-01", 7), ("2015-12-31", 7), ("2016-01-01", 14), ("2019-12-31", 14)]


@pytest.mark.parametrize(("on", "days"), CONTACT)
def test_right_and_duty_contact_is_weekly_until_2015_and_fortnightly_from_2016(
    on: str, days: int
) -> None:
    assert decide(on, UNABLE_ON_CASH).min_contact_days == days


STUDY_START_WINDOW = [
    ("2014-01-14", False),
    ("2014-01-15", True),
    ("2016-12-31", True),
    ("2017-01-01", False),
]


@pytest.mark.parametrize(("on", "applies"), STUDY_START_WINDOW)
def test_the_study_start_trial_runs_from_15_january_2014_to_31_december_2016(
    on: str, applies: bool
) -> None:
    decision = decide(on, STUDY_START)

    assert ("study_start_single_parent" in decision.target_groups) is applies


@pytest.mark.parametrize("on", ["2014-01-14", "2017-01-01"])
def test_outside_the_trial_the_explanation_says_why_there_is_no_study_start_coordinator(
    on: str,
) -> None:
    decision = decide(on, STUDY_START)

    assert decision.kind == "not_eligible"
    assert "study_start_single_parent_not_in_force" in decision.rules_fired
    written = format_date(date.fromisoformat(on), "en")
    assert any(
        "study-start coordinator" in line and written in line for line in decision.explanation_en
    )


RIGHT_AND_DUTY_END = [("2019-12-31", "right_and_duty"), ("2020-01-01", "not_eligible")]


@pytest.mark.parametrize(("on", "kind"), RIGHT_AND_DUTY_END)
def test_the_right_and_duty_mentor_ends_with_2019(on: str, kind: str) -> None:
    assert decide(on, UNABLE_ON_CASH).kind == kind


@pytest.mark.parametrize("benefit", ["cash_benefit", "education_benefit", "integration_benefit"])
def test_from_2020_the_explanation_says_the_right_and_duty_mentor_was_not_carried_over(
    benefit: str,
) -> None:
    decision = decide("2020-01-01", {**UNABLE_ON_CASH, "benefit": benefit})

    text = " ".join(decision.explanation_en)
    assert "not carried into the 2019 act" in text
    assert "LAB § 167, stk. 1" in text
    assert "obtain or keep an activity" in text
    assert "ikke videreført" in " ".join(decision.explanation_da)
    assert f"activity_ready_{benefit}_unable_not_in_force" in decision.rules_fired


def test_from_2020_a_former_right_and_duty_citizen_in_an_activity_gets_the_general_offer() -> None:
    decision = decide("2020-01-01", {**UNABLE_ON_CASH, "in_employment_activity": True})

    assert decision.kind == "offer"
    assert decision.target_groups == ("general_employment_activity",)
    assert decision.min_contact_days is None
    assert decision.legal_basis == ("LAB § 167, stk. 1", "LAB § 169")


LEGAL_BASIS_SWITCH = [
    ("2019-12-31", {"psychiatric_discharge_date": "2020-03-01"}, ("LAB § 31 b, stk. 2",)),
    ("2020-01-01", {"psychiatric_discharge_date": "2020-03-01"}, ("LAB § 167, stk. 2",)),
    ("2019-12-31", {"prison_release_date": "2020-03-01"}, ("LAB § 31 b, stk. 1",)),
    ("2020-01-01", {"prison_release_date": "2020-03-01"}, ("LAB § 167, stk. 1",)),
    ("2019-12-31", {"in_employment_activity": True}, ("LAB § 31 b, stk. 1", "LAB § 31 d")),
    ("2020-01-01", {"in_employment_activity": True}, ("LAB § 167, stk. 1", "LAB § 169")),
    ("2019-12-31", {"in_integration_programme": True}, ("Integrationsloven § 23 d",)),
    ("2020-01-01", {"in_integration_programme": True}, ("Integrationsloven § 23 d",)),
]


@pytest.mark.parametrize(("on", "facts", "basis"), LEGAL_BASIS_SWITCH)
def test_the_legal_basis_switches_to_the_2019_act_on_1_january_2020(
    on: str, facts: dict[str, Any], basis: tuple[str, ...]
) -> None:
    decision = decide(on, {"birth_date": "1979-09-09", "benefit": "none", **facts})

    assert decision.legal_basis == basis


ADMITTED_WINDOW = [("2019-12-31", False), ("2020-01-01", True)]


@pytest.mark.parametrize(("on", "applies"), ADMITTED_WINDOW)
def test_the_young_persons_right_to_a_mentor_begins_on_1_january_2020(
    on: str, applies: bool
) -> None:
    decision = decide(on, ADMITTED_YOUNG)

    assert ("under_30_admitted_education" in decision.target_groups) is applies


MERGE = [("2025-06-30", False), ("2025-07-01", True)]


@pytest.mark.parametrize("benefit", ["education_benefit", "integration_benefit"])
@pytest.mark.parametrize(("on", "merged"), MERGE)
def test_from_july_2025_education_and_integration_benefit_are_read_as_cash_benefit(
    benefit: str, on: str, merged: bool
) -> None:
    decision = decide(on, {"birth_date": "1979-09-09", "benefit": benefit})

    assert ("benefit_merge_2025" in decision.rules_fired) is merged
    assert decision.kind == "not_eligible"


def test_from_july_2025_the_not_eligible_line_names_cash_benefit() -> None:
    decision = decide("2025-07-01", {"birth_date": "1979-09-09", "benefit": "education_benefit"})

    assert "benefit: cash benefit (kontanthjælp)" in " ".join(decision.explanation_en)


def test_from_july_2025_an_education_benefit_recipient_under_30_still_has_the_right() -> None:
    decision = decide("2025-07-01", {**ADMITTED_YOUNG, "benefit": "education_benefit"})

    assert decision.target_groups == ("under_30_admitted_education",)
    assert "benefit_merge_2025" in decision.rules_fired


def test_cash_benefit_gets_no_merge_line_in_2025() -> None:
    decision = decide("2025-07-01", {"birth_date": "1979-09-09", "benefit": "cash_benefit"})

    assert "benefit_merge_2025" not in decision.rules_fired
