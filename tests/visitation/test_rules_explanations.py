"""The explanation: one line per rule that fired, naming the rule and its legal basis, in words
a caseworker understands, in English and Danish."""

from __future__ import annotations

import re
from typing import Any

import pytest

from visitation.rules import Decision, decision_to_dict, evaluate, format_date, parse_facts

CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "right and duty 2017",
        {
            "decision_date": "2017-03-02",
            "birth_date": "1990-05-17",
            "benefit": "cash_benefit",
            "activity_ready": True,
            "can_take_part_in_offers": False,
            "service_level": 2,
        },
    ),
    (
        "discharge and sickness benefit",
        {
            "decision_date": "2016-02-01",
            "birth_date": "1979-09-09",
            "benefit": "sickness_benefit",
            "psychiatric_discharge_date": "2016-09-15",
        },
    ),
    (
        "study start",
        {
            "decision_date": "2016-01-25",
            "birth_date": "1994-03-03",
            "benefit": "education_benefit",
            "single_parent_with_education_order": True,
            "education_start_date": "2016-01-25",
        },
    ),
    (
        "young person 2021",
        {
            "decision_date": "2021-06-01",
            "birth_date": "1998-01-01",
            "benefit": "cash_benefit",
            "education_start_date": "2021-08-15",
        },
    ),
    (
        "offer 2026 on education benefit",
        {
            "decision_date": "2026-01-05",
            "birth_date": "1979-09-09",
            "benefit": "education_benefit",
            "in_employment_activity": True,
        },
    ),
    (
        "not eligible",
        {"decision_date": "2018-11-05", "birth_date": "1979-09-09", "benefit": "none"},
    ),
    (
        "former right and duty in 2021",
        {
            "decision_date": "2021-06-01",
            "birth_date": "1980-01-01",
            "benefit": "cash_benefit",
            "activity_ready": True,
            "can_take_part_in_offers": False,
        },
    ),
]
IDS = [case[0] for case in CASES]


def decide(facts: dict[str, Any]) -> Decision:
    return evaluate(parse_facts(facts))


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_the_explanation_has_as_many_lines_in_danish_as_in_english(
    title: str, facts: dict[str, Any]
) -> None:
    decision = decide(facts)

    assert decision.explanation_en
    assert len(decision.explanation_en) == len(decision.explanation_da)
    assert decision.explanation_en != decision.explanation_da


def line_of(decision: Decision, rule: str, lang: str = "en") -> str:
    """The explanation line the rule `rule` gave (exactly one)."""
    (line,) = [
        line
        for code, line in zip(decision.rules_fired, decision.explanation(lang), strict=True)
        if code == rule
    ]
    return line


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_every_line_has_the_code_of_its_rule_beside_it(title: str, facts: dict[str, Any]) -> None:
    decision = decide(facts)

    assert len(decision.rules_fired) == len(decision.explanation_en)
    assert all((code and "_" in code) or code == "mentor_type" for code in decision.rules_fired)


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_no_line_shows_an_internal_code_or_an_iso_date(title: str, facts: dict[str, Any]) -> None:
    decision = decide(facts)

    for line in (*decision.explanation_en, *decision.explanation_da):
        assert "_" not in line, line
        assert not re.search(r"\d{4}-\d{2}-\d{2}", line), line


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_every_target_group_has_a_line_naming_its_legal_basis(
    title: str, facts: dict[str, Any]
) -> None:
    decision = decide(facts)

    for group in decision.target_groups:
        line = line_of(decision, group)
        assert any(basis in line for basis in decision.legal_basis)


@pytest.mark.parametrize(("title", "facts"), CASES[:5], ids=IDS[:5])
def test_a_decided_course_explains_its_period_and_review_schedule_with_written_dates(
    title: str, facts: dict[str, Any]
) -> None:
    decision = decide(facts)
    assert decision.end_date is not None
    (period,) = [code for code in decision.rules_fired if code.endswith("_period")]

    reviews = line_of(decision, "review_schedule")
    assert all(format_date(day, "en") in reviews for day in decision.review_dates)
    assert format_date(decision.end_date, "en") in line_of(decision, period)
    assert format_date(decision.end_date, "da") in line_of(decision, period, "da")


def test_the_right_and_duty_explanation_reads_as_the_brief_says() -> None:
    decision = decide(CASES[0][1])

    assert decision.explanation_en[0] == (
        "Right and duty to a mentor: activity-ready "
        "cash-benefit recipient who cannot take part in offers under chapters 10–12 (guidance "
        "and upskilling, work placement and utility work, wage subsidy) — LAB § 93; LAB § 31 b."
    )
    assert decision.explanation_da[0].startswith(
        "Ret og pligt til mentor: aktivitetsparat kontanthjælpsmodtager"
    )
    assert decision.rules_fired[0] == "activity_ready_cash_benefit_unable"


def test_the_contact_line_names_the_law_of_2016() -> None:
    line = line_of(decide(CASES[0][1]), "right_and_duty_contact")

    assert "every 14 days" in line
    assert "1 January 2016" in line
    assert "in person" in line


def test_the_discharge_period_line_shows_how_the_start_was_found() -> None:
    decision = decide(CASES[1][1])

    line = line_of(decision, "discharge_period")
    assert "15 June 2016" in line and "1 February 2016" in line and "15 September 2016" in line
    danish = line_of(decision, "discharge_period", "da")
    assert "15. juni 2016" in danish and "1. februar 2016" in danish


def test_the_not_eligible_explanation_says_why_and_points_at_the_general_offer() -> None:
    decision = decide(CASES[5][1])

    assert decision.rules_fired[0] == "not_eligible"
    assert decision.explanation_en[0].startswith("Not eligible:")
    assert "5 November 2018" in decision.explanation_en[0]
    assert "LAB § 31 b, stk. 1" in decision.explanation_en[0]
    assert decision.explanation_da[0].startswith("Ikke omfattet:")
    assert "5. november 2018" in decision.explanation_da[0]


def test_the_merge_of_benefits_is_explained_first_from_july_2025() -> None:
    decision = decide(CASES[4][1])

    assert decision.rules_fired[0] == "benefit_merge_2025"
    assert "education benefit" in decision.explanation_en[0]
    assert "uddannelseshjælp" in decision.explanation_da[0]


def test_decision_to_dict_writes_the_chosen_language() -> None:
    decision = decide(CASES[0][1])

    assert decision_to_dict(decision, "da")["explanation"] == list(decision.explanation_da)
    assert decision_to_dict(decision)["explanation"] == list(decision.explanation_en)
    assert decision_to_dict(decision)["rules_fired"] == list(decision.rules_fired)


def test_decision_to_dict_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError):
        decision_to_dict(decide(CASES[0][1]), "fr")
