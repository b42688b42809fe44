"""Properties that hold for every valid facts and lawful policy (hypothesis)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from visitation.rules import (
    BENEFITS,
    Decision,
    Facts,
    Policy,
    ServiceLevel,
    decision_to_dict,
    evaluate,
    parse_facts,
    ruleset_version_for,
)
from visitation.rules.dates import add_months, days_in_month

KIND_ORDER = ("right_and_duty", "right", "offer")
FAST = settings(max_examples=150, deadline=None)

decision_dates = st.dates(min_value=date(2014, 1, 1), max_value=date(2032, 12, 31))


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    on = draw(decision_dates)

    def near() -> date | None:
        offset = draw(st.none() | st.integers(min_value=-800, max_value=800))
        return None if offset is None else on + timedelta(days=offset)

    return Facts(
        decision_date=on,
        birth_date=draw(st.dates(min_value=date(1940, 1, 1), max_value=on)),
        benefit=draw(st.sampled_from(BENEFITS)),
        activity_ready=draw(st.booleans()),
        can_take_part_in_offers=draw(st.booleans()),
        single_parent_with_education_order=draw(st.booleans()),
        education_start_date=near(),
        previous_jobcentre_contact=draw(st.booleans()),
        has_vocational_education=draw(st.booleans()),
        psychiatric_discharge_date=near(),
        prison_release_date=near(),
        in_integration_programme=draw(st.booleans()),
        in_employment_activity=draw(st.booleans()),
        service_level=draw(st.sampled_from((1, 2, 3))),
        start_date=near(),
    )


levels = st.builds(
    ServiceLevel,
    min_hours_per_week=st.just(0),
    max_hours_per_week=st.none(),
    review_interval_months=st.integers(min_value=1, max_value=12),
)
# Lawful on every date: contact at least weekly, or as the law says.
policies = st.builds(
    Policy,
    name=st.just("generated"),
    right_and_duty_contact_days=st.none() | st.integers(min_value=1, max_value=7),
    review_lead_days=st.integers(min_value=0, max_value=90),
    service_levels=st.tuples(levels, levels, levels),
)


@FAST
@given(facts(), policies)
def test_evaluate_never_raises_on_valid_facts_and_a_lawful_policy(
    citizen: Facts, policy: Policy
) -> None:
    assert isinstance(evaluate(citizen, policy), Decision)


@FAST
@given(facts(), policies)
def test_review_dates_are_ascending_unique_within_the_period_and_end_with_the_pre_end_review(
    citizen: Facts, policy: Policy
) -> None:
    decision = evaluate(citizen, policy)
    reviews = decision.review_dates
    if decision.kind == "not_eligible":
        assert reviews == ()
        return
    assert decision.end_date is not None
    assert list(reviews) == sorted(set(reviews))
    assert all(decision.start_date < review <= decision.end_date for review in reviews)
    assert reviews[-1] == decision.end_date - timedelta(days=policy.review_lead_days)


@FAST
@given(facts(), policies)
def test_the_same_input_gives_the_same_output(citizen: Facts, policy: Policy) -> None:
    first = evaluate(citizen, policy)
    again = evaluate(Facts(**{f: getattr(citizen, f) for f in Facts.__slots__}), policy)

    assert first == again
    assert json.dumps(decision_to_dict(first)) == json.dumps(decision_to_dict(again))


@FAST
@given(facts())
def test_the_kind_is_the_strongest_of_the_target_groups_and_the_first_decides(
    citizen: Facts,
) -> None:
    decision = evaluate(citizen)
    if not decision.target_groups:
        assert decision.kind == "not_eligible"
        assert decision.mentor_type is None
        assert decision.legal_basis == ()
        assert decision.start_date == citizen.proposed_start
        return
    assert decision.kind in KIND_ORDER
    assert decision.mentor_type is not None
    assert len(set(decision.target_groups)) == len(decision.target_groups)
    assert len(set(decision.legal_basis)) == len(decision.legal_basis)
    assert decision.end_date is not None
    assert decision.end_date > decision.start_date
    assert (decision.min_contact_days is not None) == (decision.kind == "right_and_duty")


@FAST
@given(facts())
def test_the_decision_is_json_ready_and_records_its_rule_set(citizen: Facts) -> None:
    decision = evaluate(citizen)

    for lang, explanation in (("en", decision.explanation_en), ("da", decision.explanation_da)):
        written = json.loads(json.dumps(decision_to_dict(decision, lang), ensure_ascii=False))
        assert written["explanation"] == list(explanation)
        assert written["rule_set_version"] == ruleset_version_for(citizen.decision_date)
    assert len(decision.explanation_en) == len(decision.explanation_da) >= 1


def as_json(citizen: Facts) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Facts.__slots__:
        value = getattr(citizen, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


@FAST
@given(facts())
def test_parsing_the_json_form_of_facts_gives_the_same_facts(citizen: Facts) -> None:
    assert parse_facts(json.loads(json.dumps(as_json(citizen)))) == citizen


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(-240, 240))
def test_adding_months_lands_in_the_right_month_on_the_same_or_the_last_day(
    start: date, months: int
) -> None:
    moved = add_months(start, months)

    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == min(start.day, days_in_month(moved.year, moved.month))
