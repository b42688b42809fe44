"""`python manage.py rules evaluate`, run for real as a user would, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.visitation.test_rules_public_cases import PUBLIC_CASES

REPO = Path(__file__).resolve().parents[2]


def rules_evaluate(stdin: str, *options: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "rules", "evaluate", *options],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def decisions(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def public_run() -> subprocess.CompletedProcess[str]:
    lines = "".join(json.dumps(case["facts"]) + "\n" for case in PUBLIC_CASES)
    return rules_evaluate(lines)


def test_the_command_decides_every_public_case_and_exits_0(
    public_run: subprocess.CompletedProcess[str],
) -> None:
    assert public_run.returncode == 0, public_run.stderr
    assert len(decisions(public_run)) == len(PUBLIC_CASES)


@pytest.mark.parametrize("index", range(len(PUBLIC_CASES)), ids=[c["id"] for c in PUBLIC_CASES])
def test_the_command_reproduces_every_field_of_a_public_case(
    public_run: subprocess.CompletedProcess[str], index: int
) -> None:
    decided = decisions(public_run)[index]

    for field, value in PUBLIC_CASES[index]["expect"].items():
        assert decided[field] == value, field


def test_an_error_line_is_written_in_place_and_the_command_exits_1() -> None:
    facts = PUBLIC_CASES[0]["facts"]
    stdin = "\n".join([json.dumps(facts), '{"decision_date": "2017-02-30"}', "", json.dumps(facts)])

    result = rules_evaluate(stdin)

    first, error, last = decisions(result)
    assert result.returncode == 1
    assert first == last
    assert "decision_date" in error["error"]


def test_a_stricter_policy_file_is_applied(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"name": "Gribskov", "right_and_duty_contact_days": 7}))

    result = rules_evaluate(json.dumps(PUBLIC_CASES[0]["facts"]), "--policy", str(policy))

    assert result.returncode == 0, result.stderr
    assert decisions(result)[0]["min_contact_days"] == 7


def test_a_malformed_policy_file_exits_2_naming_the_field_on_stderr(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"service_levels": {"2": {"review_interval_months": 0}}}))

    result = rules_evaluate(json.dumps(PUBLIC_CASES[0]["facts"]), "--policy", str(policy))

    assert result.returncode == 2
    assert result.stdout == ""
    assert "service_levels.2.review_interval_months" in result.stderr


def test_a_missing_policy_file_exits_2(tmp_path: Path) -> None:
    result = rules_evaluate("", "--policy", str(tmp_path / "nowhere.json"))

    assert result.returncode == 2
    assert "nowhere.json" in result.stderr


def test_the_command_explains_in_danish_with_lang_da() -> None:
    result = rules_evaluate(json.dumps(PUBLIC_CASES[0]["facts"]), "--lang", "da")

    assert result.returncode == 0, result.stderr
    assert decisions(result)[0]["explanation"][0].startswith("Ret og pligt til mentor")
