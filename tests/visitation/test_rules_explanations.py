"""The explanation: one line per rule that fired, naming the rule and its legal basis, in words
a caseworker understands, in English and Danish."""

from __future__ import annotations

from typing import Any

import pytest

from visitation.rules import Decision, decision_to_dict, evaluate, parse_facts

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


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_every_line_names_its_rule_in_parentheses(title: str, facts: dict[str, Any]) -> None:
    decision = decide(facts)

    for line in (*decision.explanation_en, *decision.explanation_da):
        assert "(" in line and "_" in line.split("(", 1)[1].split(")", 1)[0], line


@pytest.mark.parametrize(("title", "facts"), CASES, ids=IDS)
def test_every_target_group_has_a_line_naming_it_and_its_legal_basis(
    title: str, facts: dict[str, Any]
) -> None:
    decision = decide(facts)

    for group in decision.target_groups:
        lines = [line for line in decision.explanation_en if f"({group})" in line]
        assert lines, group
        assert any(basis in lines[0] for basis in decision.legal_basis)


@pytest.mark.parametrize(("title", "facts"), CASES[:5], ids=IDS[:5])
def test_a_decided_course_explains_its_period_and_review_schedule(
    title: str, facts: dict[str, Any]
) -> None:
    decision = decide(facts)
    text = " ".join(decision.explanation_en)

    assert "_period)" in text
    assert "(review_schedule)" in text
    assert all(day.isoformat() in text for day in decision.review_dates)
    assert decision.end_date is not None and decision.end_date.isoformat() in text


def test_the_right_and_duty_explanation_reads_as_the_brief_says() -> None:
    decision = decide(CASES[0][1])

    assert decision.explanation_en[0] == (
        "Right and duty to a mentor (activity_ready_cash_benefit_unable): activity-ready "
        "cash-benefit recipient who cannot take part in offers under chapters 10–12 (guidance "
        "and upskilling, work placement and utility work, wage subsidy) — LAB § 93; LAB § 31 b."
    )
    assert decision.explanation_da[0].startswith(
        "Ret og pligt til mentor (activity_ready_cash_benefit_unable): aktivitetsparat "
        "kontanthjælpsmodtager"
    )


def test_the_contact_line_names_the_law_of_2016() -> None:
    decision = decide(CASES[0][1])

    (line,) = [line for line in decision.explanation_en if "(right_and_duty_contact)" in line]
    assert "every 14 days" in line
    assert "1 January 2016" in line
    assert "in person" in line


def test_the_discharge_period_line_shows_how_the_start_was_found() -> None:
    decision = decide(CASES[1][1])

    (line,) = [line for line in decision.explanation_en if "(discharge_period)" in line]
    assert "2016-06-15" in line and "2016-02-01" in line and "2016-09-15" in line


def test_the_not_eligible_explanation_says_why_and_points_at_the_general_offer() -> None:
    decision = decide(CASES[5][1])

    assert decision.explanation_en[0].startswith("Not eligible (not_eligible)")
    assert "LAB § 31 b, stk. 1" in decision.explanation_en[0]
    assert decision.explanation_da[0].startswith("Ikke omfattet (not_eligible)")


def test_the_merge_of_benefits_is_explained_first_from_july_2025() -> None:
    decision = decide(CASES[4][1])

    assert "(benefit_merge_2025)" in decision.explanation_en[0]
    assert "education benefit" in decision.explanation_en[0]
    assert "uddannelseshjælp" in decision.explanation_da[0]


def test_decision_to_dict_writes_the_chosen_language() -> None:
    decision = decide(CASES[0][1])

    assert decision_to_dict(decision, "da")["explanation"] == list(decision.explanation_da)
    assert decision_to_dict(decision)["explanation"] == list(decision.explanation_en)


def test_decision_to_dict_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError):
        decision_to_dict(decide(CASES[0][1]), "fr")
