"""The municipality's policy: parsing, defaults, merging, and checking it against the law."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest

from visitation.rules import (
    LEGAL_MINIMUM,
    Policy,
    PolicyError,
    ServiceLevel,
    evaluate,
    parse_facts,
    parse_policy,
    validate_policy_against_law,
)
from visitation.rules.cli import run_evaluate

GRIBSKOV = {
    "name": "Gribskov",
    "right_and_duty_contact_days": 7,
    "review_lead_days": 14,
    "service_levels": {
        "1": {"min_hours_per_week": 0, "max_hours_per_week": 1, "review_interval_months": 3},
        "2": {"min_hours_per_week": 1, "max_hours_per_week": 2, "review_interval_months": 1},
        "3": {"min_hours_per_week": 2, "max_hours_per_week": None, "review_interval_months": 1},
    },
}


def unable_on_cash(on: str) -> dict[str, Any]:
    return {
        "decision_date": on,
        "birth_date": "1990-05-17",
        "benefit": "cash_benefit",
        "activity_ready": True,
        "can_take_part_in_offers": False,
    }


def test_the_contracts_example_policy_file_is_read() -> None:
    policy = parse_policy(json.dumps(GRIBSKOV))

    assert policy.name == "Gribskov"
    assert policy.right_and_duty_contact_days == 7
    assert policy.review_lead_days == 14
    assert policy.level(1) == ServiceLevel(0, 1, 3)
    assert policy.level(3) == ServiceLevel(2, None, 1)


def test_the_legal_minimum_is_the_default_for_every_field() -> None:
    policy = Policy.legal_minimum()

    assert policy is LEGAL_MINIMUM
    assert parse_policy("{}") == policy
    assert policy.right_and_duty_contact_days is None
    assert policy.review_lead_days == 14
    assert [level.review_interval_months for level in policy.service_levels] == [3, 1, 1]
    assert [level.max_hours_per_week for level in policy.service_levels] == [1, 2, None]


def test_a_partial_service_level_merges_over_the_defaults() -> None:
    policy = parse_policy({"service_levels": {"2": {"review_interval_months": 2}}})

    assert policy.level(1) == LEGAL_MINIMUM.level(1)
    assert policy.level(2) == ServiceLevel(1, 2, 2)
    assert policy.level(3) == LEGAL_MINIMUM.level(3)


def test_a_null_maximum_means_no_upper_limit() -> None:
    policy = parse_policy({"service_levels": {"1": {"max_hours_per_week": None}}})

    assert policy.level(1).max_hours_per_week is None


def test_a_policy_survives_a_round_trip_through_its_dict() -> None:
    policy = parse_policy(GRIBSKOV)

    assert parse_policy(policy.to_dict()) == policy


def test_an_unnamed_policy_unlike_the_legal_minimum_is_not_called_legal_minimum() -> None:
    policy = parse_policy({"review_lead_days": 20})

    assert policy.name != LEGAL_MINIMUM.name


MALFORMED = [
    ("not JSON", "{", "policy"),
    ("a list", "[]", "policy"),
    ("unknown field", {"colour": "red"}, "colour"),
    ("name not text", {"name": 3}, "name"),
    ("contact zero", {"right_and_duty_contact_days": 0}, "right_and_duty_contact_days"),
    ("contact text", {"right_and_duty_contact_days": "7"}, "right_and_duty_contact_days"),
    ("contact bool", {"right_and_duty_contact_days": True}, "right_and_duty_contact_days"),
    ("contact fraction", {"right_and_duty_contact_days": 7.5}, "right_and_duty_contact_days"),
    ("lead negative", {"review_lead_days": -1}, "review_lead_days"),
    ("lead too long", {"review_lead_days": 91}, "review_lead_days"),
    ("levels not an object", {"service_levels": [1, 2, 3]}, "service_levels"),
    ("unknown level", {"service_levels": {"4": {}}}, "service_levels.4"),
    ("level not an object", {"service_levels": {"1": 3}}, "service_levels.1"),
    (
        "unknown level field",
        {"service_levels": {"2": {"hours": 1}}},
        "service_levels.2.hours",
    ),
    (
        "negative hours",
        {"service_levels": {"1": {"min_hours_per_week": -1}}},
        "service_levels.1.min_hours_per_week",
    ),
    (
        "hours as text",
        {"service_levels": {"1": {"max_hours_per_week": "2"}}},
        "service_levels.1.max_hours_per_week",
    ),
    (
        "maximum below minimum",
        {"service_levels": {"2": {"min_hours_per_week": 3}}},
        "service_levels.2.max_hours_per_week",
    ),
    (
        "interval zero",
        {"service_levels": {"3": {"review_interval_months": 0}}},
        "service_levels.3.review_interval_months",
    ),
    (
        "interval above a year",
        {"service_levels": {"3": {"review_interval_months": 13}}},
        "service_levels.3.review_interval_months",
    ),
]


@pytest.mark.parametrize(("title", "data", "field"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_a_malformed_policy_is_refused_naming_the_field(title: str, data: Any, field: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(data)

    assert caught.value.field == field
    assert field in caught.value.message_en
    assert field in caught.value.message_da


@pytest.mark.parametrize(("title", "data", "field"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_the_command_stops_with_status_2_on_a_malformed_policy_before_reading_facts(
    title: str, data: Any, field: str
) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    out, err = io.StringIO(), io.StringIO()

    status = run_evaluate([json.dumps(unable_on_cash("2017-03-02"))], out, text, "en", err=err)

    assert status == 2
    assert out.getvalue() == ""
    assert field in err.getvalue()


CONTACT = [
    # (policy days, decision date, decided min_contact_days or None for an error line)
    (7, "2017-03-02", 7),  # stricter than the law of 2016: accepted and used
    (14, "2017-03-02", 14),  # equal: accepted
    (15, "2017-03-02", None),  # looser: refused
    (7, "2015-03-02", 7),  # equal to the law of 2014
    (5, "2015-03-02", 5),  # stricter
    (8, "2015-12-31", None),  # looser than weekly on the last day of 2015
    (8, "2016-01-01", 8),  # the same policy is lawful a day later
    (14, "2015-03-02", None),
    (14, "2019-12-31", 14),
    (15, "2019-12-31", None),
]


@pytest.mark.parametrize(("days", "on", "expected"), CONTACT)
def test_a_policy_may_ask_for_contact_more_often_than_the_law_but_not_less(
    days: int, on: str, expected: int | None
) -> None:
    policy = parse_policy({"right_and_duty_contact_days": days})
    facts = parse_facts(unable_on_cash(on))

    if expected is None:
        with pytest.raises(PolicyError) as caught:
            evaluate(facts, policy)
        assert caught.value.field == "right_and_duty_contact_days"
        assert "right_and_duty_contact_days" in str(caught.value)
    else:
        assert evaluate(facts, policy).min_contact_days == expected


def test_a_looser_policy_makes_every_decision_of_a_right_and_duty_period_an_error() -> None:
    policy = parse_policy({"right_and_duty_contact_days": 30})
    offer = parse_facts(
        {"decision_date": "2017-03-02", "birth_date": "1979-09-09", "benefit": "flex_job"}
    )

    with pytest.raises(PolicyError):
        evaluate(offer, policy)


def test_a_long_contact_interval_is_no_error_from_2020_when_the_law_sets_none() -> None:
    policy = parse_policy({"right_and_duty_contact_days": 30})
    facts = parse_facts(unable_on_cash("2020-01-01"))

    assert evaluate(facts, policy).kind == "not_eligible"


def test_a_stricter_policy_says_so_in_the_explanation() -> None:
    decision = evaluate(parse_facts(unable_on_cash("2017-03-02")), parse_policy(GRIBSKOV))

    lines = zip(decision.rules_fired, decision.explanation_en, strict=True)
    contact = [line for code, line in lines if code == "right_and_duty_contact"]
    assert contact and "Gribskov" in contact[0] and "7 days" in contact[0]


def test_a_looser_policy_gives_an_error_line_and_status_1_through_the_command() -> None:
    lines = [json.dumps(unable_on_cash("2015-03-02")), json.dumps(unable_on_cash("2017-03-02"))]
    out = io.StringIO()

    status = run_evaluate(lines, out, json.dumps({"right_and_duty_contact_days": 14}), "en")

    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert status == 1
    assert "right_and_duty_contact_days" in first["error"]
    assert second["min_contact_days"] == 14


VALIDATE = [
    (7, date(2015, 6, 1), True),
    (8, date(2015, 6, 1), False),
    (14, date(2016, 6, 1), True),
    (15, date(2016, 6, 1), False),
    (60, date(2020, 6, 1), True),
    (None, date(2015, 6, 1), True),
]


@pytest.mark.parametrize(("days", "on", "lawful"), VALIDATE)
def test_validate_policy_against_law_lists_what_is_looser_than_the_law(
    days: int | None, on: date, lawful: bool
) -> None:
    policy = Policy(right_and_duty_contact_days=days)

    messages = validate_policy_against_law(policy, on)

    assert (messages == []) is lawful
    assert all("right_and_duty_contact_days" in message for message in messages)


def test_validate_policy_against_law_speaks_danish_for_the_admin() -> None:
    policy = Policy(right_and_duty_contact_days=10)

    (message,) = validate_policy_against_law(policy, date(2015, 6, 1), lang="da")

    assert "right_and_duty_contact_days" in message
    assert "lovens" in message
