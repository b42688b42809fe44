"""Every way facts can be wrong gives an error that names the field, and nothing else breaks."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from visitation.rules import Facts, FactsError, parse_facts
from visitation.rules.cli import run_evaluate

VALID: dict[str, Any] = {
    "decision_date": "2017-03-02",
    "birth_date": "1990-05-17",
    "benefit": "cash_benefit",
}


def without(field: str) -> dict[str, Any]:
    return {key: value for key, value in VALID.items() if key != field}


BAD_FACTS = [
    # (title, facts, the field the message must name)
    ("unknown field", {**VALID, "favourite_colour": "blue"}, "favourite_colour"),
    ("misspelt field", {**VALID, "activity_redy": True}, "activity_redy"),
    ("benefit not in the list", {**VALID, "benefit": "kontanthjælp"}, "benefit"),
    ("benefit as a number", {**VALID, "benefit": 3}, "benefit"),
    ("impossible date", {**VALID, "decision_date": "2017-02-30"}, "decision_date"),
    ("impossible month", {**VALID, "birth_date": "1990-13-01"}, "birth_date"),
    ("29 February in a common year", {**VALID, "start_date": "2017-02-29"}, "start_date"),
    ("date without leading zeros", {**VALID, "decision_date": "2017-3-2"}, "decision_date"),
    ("date in Danish order", {**VALID, "decision_date": "02-03-2017"}, "decision_date"),
    ("date and time", {**VALID, "decision_date": "2017-03-02T10:00"}, "decision_date"),
    ("compact date", {**VALID, "decision_date": "20170302"}, "decision_date"),
    ("date as a number", {**VALID, "education_start_date": 20170302}, "education_start_date"),
    ("date with spaces", {**VALID, "decision_date": " 2017-03-02"}, "decision_date"),
    ("date before 2014", {**VALID, "decision_date": "2013-12-31"}, "decision_date"),
    ("year zero", {**VALID, "prison_release_date": "0000-01-01"}, "prison_release_date"),
    ("missing decision_date", without("decision_date"), "decision_date"),
    ("missing birth_date", without("birth_date"), "birth_date"),
    ("missing benefit", without("benefit"), "benefit"),
    ("required field null", {**VALID, "benefit": None}, "benefit"),
    ("service level 4", {**VALID, "service_level": 4}, "service_level"),
    ("service level 0", {**VALID, "service_level": 0}, "service_level"),
    ("service level as text", {**VALID, "service_level": "2"}, "service_level"),
    ("service level true", {**VALID, "service_level": True}, "service_level"),
    ("service level 2.0", {**VALID, "service_level": 2.0}, "service_level"),
    ("boolean as text", {**VALID, "activity_ready": "true"}, "activity_ready"),
    ("boolean as a number", {**VALID, "can_take_part_in_offers": 0}, "can_take_part_in_offers"),
    ("boolean as yes", {**VALID, "in_employment_activity": "yes"}, "in_employment_activity"),
    ("boolean as a list", {**VALID, "has_vocational_education": []}, "has_vocational_education"),
    ("born after the decision", {**VALID, "birth_date": "2017-03-03"}, "birth_date"),
]


@pytest.mark.parametrize(("title", "facts", "field"), BAD_FACTS, ids=[c[0] for c in BAD_FACTS])
def test_bad_facts_raise_an_error_naming_the_field(
    title: str, facts: dict[str, Any], field: str
) -> None:
    with pytest.raises(FactsError) as caught:
        parse_facts(facts)

    assert caught.value.field == field
    assert field in caught.value.message_en
    assert field in caught.value.message_da


@pytest.mark.parametrize(("title", "facts", "field"), BAD_FACTS, ids=[c[0] for c in BAD_FACTS])
def test_bad_facts_give_an_error_line_and_the_command_goes_on(
    title: str, facts: dict[str, Any], field: str
) -> None:
    out = io.StringIO()

    status = run_evaluate([json.dumps(facts), json.dumps(VALID)], out, None, "en")

    error, decided = (json.loads(line) for line in out.getvalue().splitlines())
    assert status == 1
    assert list(error) == ["error"]
    assert field in error["error"]
    assert decided["kind"] == "not_eligible"


def test_the_service_level_message_says_which_levels_exist() -> None:
    with pytest.raises(FactsError, match="service_level must be 1, 2 or 3"):
        parse_facts({**VALID, "service_level": 4})


BAD_LINES = [
    ("truncated JSON", '{"decision_date": "2017-03-02"'),
    ("single quotes", "{'decision_date': '2017-03-02'}"),
    ("not JSON at all", "decision_date=2017-03-02"),
    ("a list", '["2017-03-02", "1990-05-17", "cash_benefit"]'),
    ("a string", '"cash_benefit"'),
    ("a number", "42"),
    ("null", "null"),
    ("deeply nested", "[" * 100_000 + "]" * 100_000),
]


@pytest.mark.parametrize(("title", "line"), BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_a_line_that_is_not_a_json_object_is_an_error_line(title: str, line: str) -> None:
    out = io.StringIO()

    status = run_evaluate([line], out, None, "en")

    (result,) = (json.loads(text) for text in out.getvalue().splitlines())
    assert status == 1
    assert list(result) == ["error"]
    assert result["error"]


def test_a_duplicate_field_is_an_error_naming_it() -> None:
    line = '{"decision_date": "2017-03-02", "birth_date": "1990-05-17", ' + (
        '"benefit": "none", "benefit": "cash_benefit"}'
    )
    out = io.StringIO()

    run_evaluate([line], out, None, "en")

    assert "benefit" in json.loads(out.getvalue())["error"]


def test_an_optional_field_given_as_null_is_missing() -> None:
    facts = parse_facts({**VALID, "activity_ready": None, "start_date": None})

    assert facts.activity_ready is False
    assert facts.start_date is None


def test_missing_optional_fields_take_the_contracts_defaults() -> None:
    facts = parse_facts(VALID)

    assert facts.can_take_part_in_offers is True
    assert facts.previous_jobcentre_contact is True
    assert facts.has_vocational_education is False
    assert facts.service_level == 1


def test_facts_built_directly_are_checked_too() -> None:
    with pytest.raises(FactsError) as caught:
        Facts(
            decision_date=parse_facts(VALID).decision_date,
            birth_date=parse_facts(VALID).birth_date,
            benefit="pension",
        )

    assert caught.value.field == "benefit"


def test_an_error_message_speaks_danish_when_asked() -> None:
    out = io.StringIO()

    run_evaluate([json.dumps({**VALID, "decision_date": "2017-02-30"})], out, None, "da")

    message = json.loads(out.getvalue())["error"]
    assert "decision_date" in message
    assert "gyldig dato" in message
