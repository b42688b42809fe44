"""`manage.py rules impact`: a candidate law that moves one boundary lists exactly the open
courses and pending referrals whose decision it changes, before and after."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import People
from tests.factories import CitizenFactory, open_course, submitted_referral
from visitation.models import Course, Referral
from visitation.rules import Engine, evaluate, load_law, parse_facts
from visitation.rules.impact import differences
from visitation.rules.law import LAW_FILE

D = datetime.date


def moved_law(tmp_path: Path) -> Path:
    """law.json with the end of the young person's right moved from 31 December 2026 to
    30 November 2026 (the 2027 rule set begins on 1 December 2026)."""
    text = LAW_FILE.read_text(encoding="utf-8")
    assert text.count('"valid_to": "2026-12-31"') == 1
    text = text.replace('"valid_to": "2026-12-31"', '"valid_to": "2026-11-30"')
    text = text.replace('"2027-01-01"', '"2026-12-01"')
    path = tmp_path / "candidate.json"
    path.write_text(text, encoding="utf-8")
    return path


def young_course(people: People, education_start: datetime.date) -> Course:
    citizen = CitizenFactory(team=people.team, birth_date=D(1998, 5, 1), activity_ready=False,
                             education_start_date=education_start)
    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=D(2026, 8, 1))
    assert course.target_group == "under_30_admitted_education"
    return course


def impact(*args: str) -> str:
    out = io.StringIO()
    call_command("rules", "impact", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def world(people: People) -> dict[str, Course | Referral]:
    flex = CitizenFactory(team=people.team, benefit="flex_job")
    return {
        # next review 1 December 2026: between the old and the moved boundary
        "affected": young_course(people, D(2026, 9, 1)),
        # next review 20 November 2026: before both boundaries
        "before": young_course(people, D(2026, 8, 20)),
        "flex": open_course(citizen=flex, caseworker=people.caseworker, mentor=people.mentor,
                            approver=people.team_leader, decision_date=D(2026, 8, 1)),
        "referral": submitted_referral(
            citizen=CitizenFactory(team=people.team, benefit="flex_job"),
            caseworker=people.caseworker, proposed_start=D(2026, 11, 15)),
    }


def test_a_moved_boundary_lists_exactly_the_courses_it_changes(
        world: dict[str, Course | Referral], tmp_path: Path) -> None:
    report = json.loads(impact("--law", str(moved_law(tmp_path)), "--on", "2026-11-15",
                               "--format", "json"))

    assert report["count"] == 1
    (affected,) = report["affected"]
    assert (affected["object"], affected["id"]) == ("course", world["affected"].pk)
    assert affected["decision_date"] == "2026-12-01"
    assert affected["changes"]["kind"] == {"before": "right", "after": "not_eligible"}
    assert affected["changes"]["legal_basis"]["before"] == "LAB § 167, stk. 3"


def test_the_text_report_shows_before_and_after_and_the_count(
        world: dict[str, Course | Referral], tmp_path: Path) -> None:
    text = impact("--law", str(moved_law(tmp_path)), "--on", "2026-11-15")

    assert f"course {world['affected'].pk}, decided on 2026-12-01:" in text
    assert "kind: right -> not_eligible" in text
    assert text.rstrip().endswith("1 affected (1 courses, 0 referrals)")


def test_the_csv_report_has_one_row_per_changed_field(world: dict[str, Course | Referral],
                                                      tmp_path: Path) -> None:
    rows = impact("--law", str(moved_law(tmp_path)), "--on", "2026-11-15",
                  "--format", "csv").splitlines()

    assert rows[0] == "object,id,decision_date,field,before,after"
    assert {row.split(",")[1] for row in rows[1:]} == {str(world["affected"].pk)}


def test_the_law_in_force_as_candidate_changes_nothing(world: dict[str, Course | Referral]) -> None:
    assert impact("--law", str(LAW_FILE), "--on", "2026-11-15").strip() == (
        "0 affected (0 courses, 0 referrals)")


def test_a_candidate_policy_lists_the_courses_whose_reviews_it_moves(
        world: dict[str, Course | Referral], tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"service_levels": {"1": {"review_interval_months": 1}}}))

    report = json.loads(impact("--policy", str(policy), "--on", "2026-11-15", "--format", "json"))

    assert {(a["object"], a["id"]) for a in report["affected"]} == {
        ("course", world["affected"].pk), ("course", world["before"].pk),
        ("course", world["flex"].pk)}
    assert all(set(a["changes"]) == {"review_dates"} for a in report["affected"])


def test_a_broken_candidate_law_is_refused(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")

    with pytest.raises(CommandError, match="law"):
        impact("--law", str(broken))


def test_without_a_candidate_the_command_says_what_it_needs(db: None) -> None:
    with pytest.raises(CommandError, match="--law"):
        impact()


def test_differences_compares_kind_legal_basis_contact_period_and_reviews(tmp_path: Path) -> None:
    facts = parse_facts({"decision_date": "2026-12-01", "birth_date": "2004-05-01",
                         "benefit": "cash_benefit", "education_start_date": "2026-09-01"})
    candidate = Engine(load_law(moved_law(tmp_path)))

    changed = differences(evaluate(facts), candidate.evaluate(facts))

    assert set(changed) == {"kind", "legal_basis", "period", "review_dates"}
    assert differences(evaluate(facts), evaluate(facts)) == {}
