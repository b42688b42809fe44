"""The public cases of the contract, reproduced field for field through the Python API and
through the command-line function. (The management command runs them too: test_rules_command.)

The cases are copied here so that the suite runs where ../shared is not present; the last test
checks the copy against ../shared/cases/rules_public.jsonl wherever that file exists.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from visitation.rules import decision_to_dict, evaluate, parse_facts
from visitation.rules.cli import run_evaluate

PUBLIC_CASES_JSONL = """\
{"id": "duty_cash_2017_level2", "facts": {"decision_date": "2017-03-02", "birth_date": "1990-05-17", "benefit": "cash_benefit", "activity_ready": true, "can_take_part_in_offers": false, "service_level": 2}, "expect": {"kind": "right_and_duty", "target_groups": ["activity_ready_cash_benefit_unable"], "mentor_type": "holistic_mentor", "min_contact_days": 14, "start_date": "2017-03-02", "end_date": "2017-09-02", "min_total_months": 6, "extension_months": 6, "min_hours_first_year": null, "review_dates": ["2017-04-02", "2017-05-02", "2017-06-02", "2017-07-02", "2017-08-02", "2017-08-19"]}}
{"id": "duty_cash_2015_weekly", "facts": {"decision_date": "2015-03-02", "birth_date": "1990-05-17", "benefit": "cash_benefit", "activity_ready": true, "can_take_part_in_offers": false, "service_level": 2}, "expect": {"kind": "right_and_duty", "target_groups": ["activity_ready_cash_benefit_unable"], "mentor_type": "holistic_mentor", "min_contact_days": 7, "start_date": "2015-03-02", "end_date": "2015-09-02", "min_total_months": 6, "extension_months": 6, "min_hours_first_year": null, "review_dates": ["2015-04-02", "2015-05-02", "2015-06-02", "2015-07-02", "2015-08-02", "2015-08-19"]}}
{"id": "discharge_starts_three_months_before", "facts": {"decision_date": "2016-02-01", "birth_date": "1979-09-09", "benefit": "sickness_benefit", "psychiatric_discharge_date": "2016-09-15"}, "expect": {"kind": "right", "target_groups": ["psychiatric_discharge", "sickness_benefit"], "mentor_type": "discharge_coordinator", "min_contact_days": null, "start_date": "2016-06-15", "end_date": "2016-12-15", "min_total_months": 6, "extension_months": null, "min_hours_first_year": null, "review_dates": ["2016-09-15", "2016-12-01"]}}
{"id": "study_start_single_parent_2016", "facts": {"decision_date": "2016-01-25", "birth_date": "1994-03-03", "benefit": "education_benefit", "single_parent_with_education_order": true, "education_start_date": "2016-01-25", "service_level": 1}, "expect": {"kind": "right", "target_groups": ["study_start_single_parent"], "mentor_type": "study_start_coordinator", "min_contact_days": null, "start_date": "2016-01-25", "end_date": "2017-01-25", "min_total_months": null, "extension_months": null, "min_hours_first_year": 10, "review_dates": ["2016-04-25", "2016-07-25", "2016-10-25", "2017-01-11"]}}
{"id": "prison_release_offer", "facts": {"decision_date": "2018-11-05", "birth_date": "1979-09-09", "benefit": "none", "prison_release_date": "2019-01-10"}, "expect": {"kind": "offer", "target_groups": ["prison_release"], "mentor_type": "release_coordinator", "min_contact_days": null, "start_date": "2018-11-05", "end_date": "2019-05-05", "min_total_months": null, "extension_months": null, "min_hours_first_year": null, "review_dates": ["2019-02-05", "2019-04-21"]}}
{"id": "job_ready_no_aim_not_eligible", "facts": {"decision_date": "2018-11-05", "birth_date": "1979-09-09", "benefit": "unemployment_insurance"}, "expect": {"kind": "not_eligible", "target_groups": []}}
"""
PUBLIC_CASES: list[dict[str, Any]] = [json.loads(line) for line in PUBLIC_CASES_JSONL.splitlines()]
SHARED_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "cases" / "rules_public.jsonl"
IDS = [case["id"] for case in PUBLIC_CASES]


def assert_matches(decided: dict[str, Any], expected: dict[str, Any]) -> None:
    for field, value in expected.items():
        assert decided[field] == value, field


@pytest.mark.parametrize("case", PUBLIC_CASES, ids=IDS)
def test_a_public_case_is_decided_as_expected_through_the_python_api(case: dict[str, Any]) -> None:
    decided = decision_to_dict(evaluate(parse_facts(case["facts"])))

    assert_matches(decided, case["expect"])
    assert decided["explanation"]


def test_the_public_cases_are_decided_as_expected_through_the_command_line_function() -> None:
    lines = [json.dumps(case["facts"]) for case in PUBLIC_CASES]
    out = io.StringIO()

    status = run_evaluate(lines, out, None, "en")

    decided = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 0
    assert len(decided) == len(PUBLIC_CASES)
    for case, decision in zip(PUBLIC_CASES, decided, strict=True):
        assert_matches(decision, case["expect"])


def test_the_public_cases_are_all_the_contracts_fields() -> None:
    fields = {field for case in PUBLIC_CASES for field in case["expect"]}

    assert fields == {
        "kind",
        "target_groups",
        "mentor_type",
        "min_contact_days",
        "start_date",
        "end_date",
        "min_total_months",
        "extension_months",
        "min_hours_first_year",
        "review_dates",
    }


def test_the_copy_of_the_public_cases_matches_the_shared_file() -> None:
    if not SHARED_FILE.exists():
        pytest.skip(f"{SHARED_FILE} is not on this machine")
    shared = [json.loads(line) for line in SHARED_FILE.read_text(encoding="utf-8").splitlines()]

    assert shared == PUBLIC_CASES
