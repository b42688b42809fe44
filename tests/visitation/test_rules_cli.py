"""run_evaluate: the command-line behaviour of `rules evaluate` over plain streams."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from visitation.rules.cli import run_evaluate

DUTY = {
    "decision_date": "2017-03-02",
    "birth_date": "1990-05-17",
    "benefit": "cash_benefit",
    "activity_ready": True,
    "can_take_part_in_offers": False,
    "service_level": 2,
}
OFFER = {"decision_date": "2018-11-05", "birth_date": "1979-09-09", "benefit": "flex_job"}
NOTHING = {"decision_date": "2018-11-05", "birth_date": "1979-09-09", "benefit": "none"}
CONTRACT_FIELDS = [
    "kind",
    "target_groups",
    "mentor_type",
    "legal_basis",
    "min_contact_days",
    "start_date",
    "end_date",
    "min_total_months",
    "extension_months",
    "min_hours_first_year",
    "review_dates",
    "explanation",
    "rules_fired",
    "rule_set_version",
    "law_revision",
]


def run(
    lines: list[str], policy: str | None = None, lang: str = "en"
) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_evaluate(lines, out, policy, lang, err=err)
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_every_line_decided_gives_status_0_and_one_line_each_in_order() -> None:
    status, decided, err = run([json.dumps(DUTY), json.dumps(OFFER), json.dumps(NOTHING)])

    assert status == 0
    assert [d["kind"] for d in decided] == ["right_and_duty", "offer", "not_eligible"]
    assert err == ""


def test_a_decision_line_holds_the_contracts_fields_in_order() -> None:
    _, (decided,), _ = run([json.dumps(DUTY)])

    assert list(decided) == CONTRACT_FIELDS
    assert decided["rule_set_version"] == "2017-01-01"
    assert len(decided["law_revision"]) == 64


def test_a_decision_line_names_the_rule_behind_each_explanation_line() -> None:
    _, (decided,), _ = run([json.dumps(DUTY)])

    assert decided["rules_fired"] == [
        "activity_ready_cash_benefit_unable",
        "mentor_type",
        "right_and_duty_contact",
        "right_and_duty_period",
        "review_schedule",
    ]
    assert len(decided["rules_fired"]) == len(decided["explanation"])


def test_one_error_line_makes_status_1_and_keeps_the_order() -> None:
    status, decided, _ = run([json.dumps(OFFER), "{oops", json.dumps(DUTY)])

    assert status == 1
    assert decided[0]["kind"] == "offer"
    assert list(decided[1]) == ["error"]
    assert decided[2]["kind"] == "right_and_duty"


@pytest.mark.parametrize("blank", ["", "\n", "   \n", "\t\r\n"])
def test_blank_lines_are_skipped(blank: str) -> None:
    status, decided, _ = run([blank, json.dumps(OFFER) + "\n", blank])

    assert status == 0
    assert len(decided) == 1


def test_lines_may_end_with_windows_line_breaks() -> None:
    status, decided, _ = run([json.dumps(OFFER) + "\r\n"])

    assert status == 0
    assert decided[0]["kind"] == "offer"


def test_a_byte_order_mark_on_the_first_line_is_ignored() -> None:
    status, _, _ = run(["\ufeff" + json.dumps(OFFER)])

    assert status == 0


def test_no_input_gives_no_output_and_status_0() -> None:
    assert run([]) == (0, [], "")


def test_output_is_utf8_json_with_danish_letters_as_they_are() -> None:
    out = io.StringIO()

    run_evaluate([json.dumps(DUTY)], out, None, "da")

    assert "kontanthjælpsmodtager" in out.getvalue()
    assert "\\u00e6" not in out.getvalue()


def test_explanations_are_in_danish_with_lang_da_and_english_by_default() -> None:
    _, (english,), _ = run([json.dumps(DUTY)])
    _, (danish,), _ = run([json.dumps(DUTY)], lang="da")

    assert english["explanation"][0].startswith("Right and duty to a mentor")
    assert danish["explanation"][0].startswith("Ret og pligt til mentor")
    assert {k: v for k, v in english.items() if k != "explanation"} == {
        k: v for k, v in danish.items() if k != "explanation"
    }


def test_an_unknown_language_stops_with_status_2() -> None:
    status, decided, err = run([json.dumps(DUTY)], lang="fr")

    assert status == 2
    assert decided == []
    assert "lang" in err


def test_the_policy_is_applied_to_every_line() -> None:
    policy = json.dumps({"name": "Weekly", "right_and_duty_contact_days": 7})

    status, decided, _ = run([json.dumps(DUTY), json.dumps(DUTY)], policy=policy)

    assert status == 0
    assert [d["min_contact_days"] for d in decided] == [7, 7]


def test_without_a_policy_the_legal_minimum_is_the_policy() -> None:
    _, (decided,), _ = run([json.dumps(DUTY)])

    assert decided["min_contact_days"] == 14
    assert "legal minimum" in decided["explanation"][-1]


def test_a_malformed_policy_gives_status_2_with_the_field_on_stderr_and_no_output() -> None:
    policy = json.dumps({"review_lead_days": "fourteen"})

    status, decided, err = run([json.dumps(DUTY)], policy=policy)

    assert status == 2
    assert decided == []
    assert "review_lead_days" in err


def test_lines_can_be_read_straight_from_a_text_stream() -> None:
    stream = io.StringIO(json.dumps(OFFER) + "\n\n" + json.dumps(DUTY) + "\n")
    out = io.StringIO()

    assert run_evaluate(stream, out, None, "en") == 0
    assert len(out.getvalue().splitlines()) == 2
