"""Every target group: the facts that qualify, the facts that do not, and their order."""

from __future__ import annotations

from typing import Any

import pytest

from visitation.rules import Decision, evaluate, parse_facts

# A citizen of 37 on 2 March 2017 with no benefit and no qualifying fact.
BASE: dict[str, Any] = {
    "decision_date": "2017-03-02",
    "birth_date": "1979-09-09",
    "benefit": "none",
}
YOUNG = "1995-06-01"  # 21 on 2 March 2017


def decide(**overrides: Any) -> Decision:
    return evaluate(parse_facts({**BASE, **overrides}))


UNABLE = {"activity_ready": True, "can_take_part_in_offers": False}

POSITIVE: list[tuple[str, str, str, dict[str, Any]]] = [
    # (target group, kind, mentor type, facts)
    (
        "activity_ready_cash_benefit_unable",
        "right_and_duty",
        "holistic_mentor",
        {"benefit": "cash_benefit", **UNABLE},
    ),
    (
        "activity_ready_education_benefit_unable",
        "right_and_duty",
        "holistic_mentor",
        {"benefit": "education_benefit", **UNABLE},
    ),
    (
        "activity_ready_integration_benefit_unable",
        "right_and_duty",
        "holistic_mentor",
        {"benefit": "integration_benefit", **UNABLE},
    ),
    (
        "psychiatric_discharge",
        "right",
        "discharge_coordinator",
        {"psychiatric_discharge_date": "2017-05-01"},
    ),
    (
        "study_start_single_parent",
        "right",
        "study_start_coordinator",
        {
            "decision_date": "2016-08-01",
            "benefit": "education_benefit",
            "single_parent_with_education_order": True,
            "education_start_date": "2016-09-01",
        },
    ),
    (
        "under_30_admitted_education",
        "right",
        "professional_mentor",
        {
            "decision_date": "2021-06-01",
            "birth_date": YOUNG,
            "benefit": "cash_benefit",
            "education_start_date": "2021-08-15",
        },
    ),
    ("prison_release", "offer", "release_coordinator", {"prison_release_date": "2017-06-01"}),
    (
        "under_30_education_transition",
        "offer",
        "professional_mentor",
        {
            "birth_date": YOUNG,
            "education_start_date": "2017-08-15",
            "previous_jobcentre_contact": False,
        },
    ),
    ("resource_course", "offer", "social_mentor", {"benefit": "resource_course"}),
    ("flex_job", "offer", "retention_mentor", {"benefit": "flex_job"}),
    ("sickness_benefit", "offer", "professional_mentor", {"benefit": "sickness_benefit"}),
    (
        "disability_pension_return",
        "offer",
        "professional_mentor",
        {"benefit": "disability_pension", "in_employment_activity": True},
    ),
    ("foreigner_integration", "offer", "professional_mentor", {"in_integration_programme": True}),
    ("general_employment_activity", "offer", "retention_mentor", {"in_employment_activity": True}),
]


@pytest.mark.parametrize(
    ("group", "kind", "mentor_type", "facts"), POSITIVE, ids=[case[0] for case in POSITIVE]
)
def test_qualifying_facts_make_the_target_group_apply_first(
    group: str, kind: str, mentor_type: str, facts: dict[str, Any]
) -> None:
    decision = decide(**facts)

    assert decision.target_groups[0] == group
    assert decision.kind == kind
    assert decision.mentor_type == mentor_type


NEGATIVE: list[tuple[str, str, dict[str, Any]]] = [
    # (target group, why not, facts)
    ("activity_ready_cash_benefit_unable", "job-ready", {"benefit": "cash_benefit"}),
    (
        "activity_ready_cash_benefit_unable",
        "can take part in offers",
        {"benefit": "cash_benefit", "activity_ready": True, "can_take_part_in_offers": True},
    ),
    (
        "activity_ready_cash_benefit_unable",
        "can take part by default",
        {"benefit": "cash_benefit", "activity_ready": True},
    ),
    ("activity_ready_cash_benefit_unable", "on another benefit", {"benefit": "none", **UNABLE}),
    (
        "activity_ready_education_benefit_unable",
        "on cash benefit",
        {"benefit": "cash_benefit", **UNABLE},
    ),
    (
        "activity_ready_education_benefit_unable",
        "not activity-ready",
        {"benefit": "education_benefit", "can_take_part_in_offers": False},
    ),
    (
        "activity_ready_integration_benefit_unable",
        "on sickness benefit",
        {"benefit": "sickness_benefit", **UNABLE},
    ),
    (
        "activity_ready_integration_benefit_unable",
        "can take part",
        {"benefit": "integration_benefit", "activity_ready": True},
    ),
    ("psychiatric_discharge", "no discharge date", {"benefit": "sickness_benefit"}),
    (
        "study_start_single_parent",
        "not a single parent with an education order",
        {
            "decision_date": "2016-08-01",
            "benefit": "education_benefit",
            "education_start_date": "2016-09-01",
        },
    ),
    (
        "study_start_single_parent",
        "on cash benefit",
        {
            "decision_date": "2016-08-01",
            "benefit": "cash_benefit",
            "single_parent_with_education_order": True,
            "education_start_date": "2016-09-01",
        },
    ),
    (
        "study_start_single_parent",
        "not admitted to an education",
        {
            "decision_date": "2016-08-01",
            "benefit": "education_benefit",
            "single_parent_with_education_order": True,
        },
    ),
    (
        "under_30_admitted_education",
        "has a vocational education",
        {
            "decision_date": "2021-06-01",
            "birth_date": YOUNG,
            "benefit": "cash_benefit",
            "education_start_date": "2021-08-15",
            "has_vocational_education": True,
        },
    ),
    (
        "under_30_admitted_education",
        "30 or older",
        {
            "decision_date": "2021-06-01",
            "benefit": "cash_benefit",
            "education_start_date": "2021-08-15",
        },
    ),
    (
        "under_30_admitted_education",
        "on sickness benefit",
        {
            "decision_date": "2021-06-01",
            "birth_date": YOUNG,
            "benefit": "sickness_benefit",
            "education_start_date": "2021-08-15",
        },
    ),
    (
        "under_30_admitted_education",
        "not admitted to an education",
        {"decision_date": "2021-06-01", "birth_date": YOUNG, "benefit": "cash_benefit"},
    ),
    ("prison_release", "no release date", {"benefit": "none"}),
    (
        "under_30_education_transition",
        "has been in contact with the jobcentre (the default)",
        {"birth_date": YOUNG, "education_start_date": "2017-08-15"},
    ),
    (
        "under_30_education_transition",
        "30 or older",
        {"education_start_date": "2017-08-15", "previous_jobcentre_contact": False},
    ),
    (
        "under_30_education_transition",
        "not starting an education",
        {"birth_date": YOUNG, "previous_jobcentre_contact": False},
    ),
    ("resource_course", "on another benefit", {"benefit": "flex_job"}),
    ("flex_job", "on another benefit", {"benefit": "resource_course"}),
    ("sickness_benefit", "on another benefit", {"benefit": "unemployment_insurance"}),
    (
        "disability_pension_return",
        "not in an activity on the way back to work",
        {"benefit": "disability_pension"},
    ),
    (
        "disability_pension_return",
        "in an activity but not on disability pension",
        {"benefit": "flex_job", "in_employment_activity": True},
    ),
    ("foreigner_integration", "not in an integration programme", {"benefit": "none"}),
    ("general_employment_activity", "not in an activity", {"benefit": "none"}),
]


@pytest.mark.parametrize(
    ("group", "why_not", "facts"),
    NEGATIVE,
    ids=[f"{case[0]}-{case[1]}" for case in NEGATIVE],
)
def test_target_group_does_not_apply_without_its_qualifying_facts(
    group: str, why_not: str, facts: dict[str, Any]
) -> None:
    assert group not in decide(**facts).target_groups


def test_a_citizen_with_no_qualifying_fact_is_not_eligible() -> None:
    decision = decide(benefit="unemployment_insurance")

    assert decision.kind == "not_eligible"
    assert decision.target_groups == ()
    assert decision.mentor_type is None
    assert decision.legal_basis == ()
    assert decision.explanation_en and decision.explanation_da


MULTIPLE = [
    (
        "right and duty before the discharge right and the offers",
        {
            "benefit": "cash_benefit",
            **UNABLE,
            "psychiatric_discharge_date": "2017-05-01",
            "in_employment_activity": True,
        },
        (
            "activity_ready_cash_benefit_unable",
            "psychiatric_discharge",
            "general_employment_activity",
        ),
        "holistic_mentor",
    ),
    (
        "the discharge right before the sickness-benefit offer",
        {"benefit": "sickness_benefit", "psychiatric_discharge_date": "2017-05-01"},
        ("psychiatric_discharge", "sickness_benefit"),
        "discharge_coordinator",
    ),
    (
        "offers in the order of the contract's table",
        {
            "benefit": "disability_pension",
            "prison_release_date": "2017-06-01",
            "in_integration_programme": True,
            "in_employment_activity": True,
            "birth_date": YOUNG,
            "education_start_date": "2017-08-15",
            "previous_jobcentre_contact": False,
        },
        (
            "prison_release",
            "under_30_education_transition",
            "disability_pension_return",
            "foreigner_integration",
            "general_employment_activity",
        ),
        "release_coordinator",
    ),
    (
        "the young person's right before the transition offer",
        {
            "decision_date": "2021-06-01",
            "birth_date": YOUNG,
            "benefit": "education_benefit",
            "education_start_date": "2021-08-15",
            "previous_jobcentre_contact": False,
        },
        ("under_30_admitted_education", "under_30_education_transition"),
        "professional_mentor",
    ),
]


@pytest.mark.parametrize(
    ("title", "facts", "groups", "mentor_type"), MULTIPLE, ids=[case[0] for case in MULTIPLE]
)
def test_several_target_groups_are_listed_strongest_first_and_the_first_decides(
    title: str, facts: dict[str, Any], groups: tuple[str, ...], mentor_type: str
) -> None:
    decision = decide(**facts)

    assert decision.target_groups == groups
    assert decision.mentor_type == mentor_type


def test_legal_basis_is_the_union_of_the_groups_in_order_without_duplicates() -> None:
    decision = decide(
        benefit="sickness_benefit",
        psychiatric_discharge_date="2017-05-01",
        prison_release_date="2017-06-01",
        in_employment_activity=True,
    )

    assert decision.legal_basis == ("LAB § 31 b, stk. 2", "LAB § 31 b, stk. 1", "LAB § 31 d")


LEGAL_BASIS = [
    ("activity_ready_cash_benefit_unable", ("LAB § 93", "LAB § 31 b")),
    ("activity_ready_education_benefit_unable", ("LAB § 96 c", "LAB § 31 b")),
    ("activity_ready_integration_benefit_unable", ("LAB § 96 c", "LAB § 31 b")),
    ("psychiatric_discharge", ("LAB § 31 b, stk. 2",)),
    ("prison_release", ("LAB § 31 b, stk. 1",)),
    ("under_30_education_transition", ("LAB § 31 b, stk. 1",)),
    ("resource_course", ("LAB § 31 b, stk. 1",)),
    ("flex_job", ("LAB § 31 b, stk. 1",)),
    ("sickness_benefit", ("LAB § 31 b, stk. 1",)),
    ("disability_pension_return", ("LAB § 31 b, stk. 1",)),
    ("foreigner_integration", ("Integrationsloven § 23 d",)),
    ("general_employment_activity", ("LAB § 31 b, stk. 1", "LAB § 31 d")),
]


@pytest.mark.parametrize(("group", "basis"), LEGAL_BASIS, ids=[case[0] for case in LEGAL_BASIS])
def test_the_first_group_in_2017_cites_its_paragraphs_first(
    group: str, basis: tuple[str, ...]
) -> None:
    facts = next(case[3] for case in POSITIVE if case[0] == group)

    assert decide(**facts).legal_basis[: len(basis)] == basis


def test_the_study_start_coordinator_cites_the_trial() -> None:
    facts = next(case[3] for case in POSITIVE if case[0] == "study_start_single_parent")

    (basis,) = decide(**facts).legal_basis
    assert "studiestartskoordinator" in basis
    assert "2016" in basis


def test_the_young_persons_right_cites_paragraph_167_section_3() -> None:
    facts = next(case[3] for case in POSITIVE if case[0] == "under_30_admitted_education")

    assert decide(**facts).legal_basis == ("LAB § 167, stk. 3",)


def test_the_cash_benefit_right_and_duty_cites_paragraph_93_first() -> None:
    decision = decide(benefit="cash_benefit", **UNABLE)

    assert decision.legal_basis[0] == "LAB § 93"


PERIODS = [
    # (group, facts, start, end, min_contact_days, min_total, extension, min_hours)
    (
        "right and duty",
        {"benefit": "cash_benefit", **UNABLE},
        "2017-03-02",
        "2017-09-02",
        14,
        6,
        6,
        None,
    ),
    (
        "discharge coordinator",
        {"psychiatric_discharge_date": "2017-09-15"},
        "2017-06-15",
        "2017-12-15",
        None,
        6,
        None,
        None,
    ),
    (
        "study-start coordinator",
        {
            "decision_date": "2016-08-01",
            "benefit": "education_benefit",
            "single_parent_with_education_order": True,
            "education_start_date": "2016-09-01",
        },
        "2016-09-01",
        "2017-09-01",
        None,
        None,
        None,
        10,
    ),
    (
        "young person admitted to education",
        {
            "decision_date": "2021-06-01",
            "birth_date": YOUNG,
            "benefit": "cash_benefit",
            "education_start_date": "2021-08-15",
        },
        "2021-08-15",
        "2022-02-15",
        None,
        6,
        None,
        None,
    ),
    (
        "offer",
        {"benefit": "flex_job", "start_date": "2017-04-01"},
        "2017-04-01",
        "2017-10-01",
        None,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("title", "facts", "start", "end", "contact", "total", "extension", "hours"),
    PERIODS,
    ids=[case[0] for case in PERIODS],
)
def test_the_strongest_group_sets_the_period(
    title: str,
    facts: dict[str, Any],
    start: str,
    end: str,
    contact: int | None,
    total: int | None,
    extension: int | None,
    hours: int | None,
) -> None:
    decision = decide(**facts)

    assert decision.start_date.isoformat() == start
    assert decision.end_date is not None and decision.end_date.isoformat() == end
    assert decision.min_contact_days == contact
    assert decision.min_total_months == total
    assert decision.extension_months == extension
    assert decision.min_hours_first_year == hours


def test_not_eligible_starts_at_the_proposed_start_and_has_no_period() -> None:
    decision = decide(start_date="2017-04-01")

    assert decision.start_date.isoformat() == "2017-04-01"
    assert decision.end_date is None
    assert decision.review_dates == ()
    assert decision.min_contact_days is None
    assert decision.min_total_months is None
    assert decision.extension_months is None
    assert decision.min_hours_first_year is None
