"""law_revision: which text of the law a decision was made with. The same file gives the same
revision, any change another; referrals, courses and periods store it, and correcting the law
later never changes a stored decision."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import People
from tests.factories import CitizenFactory, open_course, submitted_referral
from visitation.rules import LAW_REVISION, Engine, evaluate, load_law, parse_facts
from visitation.rules.law import LAW_FILE

FACTS = parse_facts(
    {"decision_date": "2026-11-22", "birth_date": "1980-01-01", "benefit": "flex_job"}
)


def copy_law(tmp_path: Path, change: str = "") -> Path:
    text = LAW_FILE.read_text(encoding="utf-8")
    path = tmp_path / "candidate.json"
    path.write_text(text + change, encoding="utf-8")
    return path


def test_the_revision_is_the_sha256_of_the_law_file() -> None:
    assert hashlib.sha256(LAW_FILE.read_bytes()).hexdigest() == LAW_REVISION
    assert evaluate(FACTS).law_revision == LAW_REVISION


def test_the_same_file_gives_the_same_revision(tmp_path: Path) -> None:
    assert load_law(copy_law(tmp_path)).revision == LAW_REVISION
    assert load_law(copy_law(tmp_path)).revision == load_law(copy_law(tmp_path)).revision


def test_a_change_to_the_file_gives_another_revision(tmp_path: Path) -> None:
    data = json.loads(LAW_FILE.read_text(encoding="utf-8"))
    data["sources"]["gribskov"] += "."
    path = tmp_path / "corrected.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    assert load_law(path).revision != LAW_REVISION
    assert load_law(copy_law(tmp_path, "\n")).revision != LAW_REVISION


def test_a_decision_under_a_corrected_law_records_the_corrected_revision(tmp_path: Path) -> None:
    corrected = load_law(copy_law(tmp_path, " "))

    decision = Engine(corrected).evaluate(FACTS)

    assert decision.law_revision == corrected.revision != LAW_REVISION
    assert decision.kind == evaluate(FACTS).kind


NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.usefixtures("_today")
def test_a_submitted_referral_stores_the_law_revision(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)

    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)

    referral.refresh_from_db()
    assert referral.law_revision == referral.decision["law_revision"] == LAW_REVISION
    assert referral.decision["rules_fired"]


@pytest.mark.usefixtures("_today")
def test_a_course_and_its_period_store_the_law_revision(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)

    course = open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=NOW.date())

    course.refresh_from_db()
    assert course.law_revision == LAW_REVISION
    assert course.periods.get().law_revision == LAW_REVISION


@pytest.mark.usefixtures("_today")
def test_correcting_the_law_later_does_not_change_a_stored_decision(
        people: People, tmp_path: Path) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    stored = dict(referral.decision)
    corrected = Engine(load_law(copy_law(tmp_path, " ")))

    with mock.patch("visitation.rules.engine.DEFAULT_ENGINE", corrected):
        assert evaluate(FACTS).law_revision == corrected.law.revision
        referral.refresh_from_db()

    assert referral.decision == stored
    assert referral.law_revision == LAW_REVISION
