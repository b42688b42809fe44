"""law.json: the rule data legal staff edit. It must match the contract and refuse mistakes."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from visitation.rules.engine import _views as engine_views
from visitation.rules.law import LAW, LAW_FILE, LawDataError, load_law

RULES_DIR = Path(LAW_FILE).parent
REPO = RULES_DIR.parents[1]

CONTRACT_TABLE = [
    ("activity_ready_cash_benefit_unable", "right_and_duty", "holistic_mentor"),
    ("activity_ready_education_benefit_unable", "right_and_duty", "holistic_mentor"),
    ("activity_ready_integration_benefit_unable", "right_and_duty", "holistic_mentor"),
    ("psychiatric_discharge", "right", "discharge_coordinator"),
    ("study_start_single_parent", "right", "study_start_coordinator"),
    ("under_30_admitted_education", "right", "professional_mentor"),
    ("prison_release", "offer", "release_coordinator"),
    ("under_30_education_transition", "offer", "professional_mentor"),
    ("resource_course", "offer", "social_mentor"),
    ("flex_job", "offer", "retention_mentor"),
    ("sickness_benefit", "offer", "professional_mentor"),
    ("disability_pension_return", "offer", "professional_mentor"),
    ("foreigner_integration", "offer", "professional_mentor"),
    ("general_employment_activity", "offer", "retention_mentor"),
]


def test_the_target_groups_are_the_contracts_table_in_its_order() -> None:
    assert [(g.code, g.kind, g.mentor_type) for g in LAW.target_groups] == CONTRACT_TABLE


def test_every_legal_basis_names_its_sources() -> None:
    for group in LAW.target_groups:
        for basis in group.legal_basis:
            assert basis.sources, group.code
            assert all(source in LAW.sources for source in basis.sources)


def test_every_paragraph_of_the_2019_act_carries_a_verify_note() -> None:
    for group in LAW.target_groups:
        for basis in group.legal_basis:
            if any("§ 16" in paragraph for paragraph in basis.paragraphs):
                assert basis.verify, group.code


def test_the_sources_name_the_seed_documents_and_the_public_acts() -> None:
    text = " ".join(LAW.sources.values()).lower()

    assert "gribskov kvalitetsstandard" in text
    assert "lov nr. 548 af 7. maj 2019" in text
    assert "l 66 2015-16" in text
    assert "seeds/" in text


def test_every_rule_has_english_and_danish_text() -> None:
    for group in LAW.target_groups:
        assert group.text["en"] and group.text["da"]
    for template in LAW.period_templates.values():
        assert template["en"] and template["da"]


def break_law(tmp_path: Path, change: Any) -> Path:
    data = json.loads(LAW_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "law.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def misspell_placeholder(data: dict[str, Any]) -> None:
    data["target_groups"][0]["en"] = "Right and duty ({cod})"


def unknown_fact(data: dict[str, Any]) -> None:
    data["target_groups"][3]["conditions"] = {"given": ["psychiatric_admission_date"]}


def boundary_not_a_version(data: dict[str, Any]) -> None:
    data["target_groups"][4]["valid_to"] = "2016-06-30"


def missing_danish(data: dict[str, Any]) -> None:
    del data["target_groups"][6]["da"]


def unknown_source(data: dict[str, Any]) -> None:
    data["target_groups"][6]["legal_basis"][0]["sources"] = ["a blog"]


def offers_before_rights(data: dict[str, Any]) -> None:
    groups = data["target_groups"]
    groups[3], groups[6] = groups[6], groups[3]


def period_without_its_date(data: dict[str, Any]) -> None:
    data["target_groups"][4]["conditions"]["given"] = []


BROKEN = [
    ("a misspelt placeholder", misspell_placeholder, "placeholder"),
    ("an unknown fact", unknown_fact, "psychiatric_admission_date"),
    ("a window end that is no rule-set version", boundary_not_a_version, "rule_sets version"),
    ("a missing translation", missing_danish, ".da"),
    ("an unknown source", unknown_source, "a blog"),
    ("offers listed before rights", offers_before_rights, "strongest kind first"),
    ("a period reading a date the group does not require", period_without_its_date, "needs"),
]


@pytest.mark.parametrize(("title", "change", "says"), BROKEN, ids=[c[0] for c in BROKEN])
def test_law_data_that_does_not_hang_together_is_refused_with_a_message_saying_where(
    tmp_path: Path, title: str, change: Any, says: str
) -> None:
    with pytest.raises(LawDataError, match=says):
        load_law(break_law(tmp_path, change))


def test_a_target_group_line_that_needs_the_citizens_facts_is_refused(tmp_path: Path) -> None:
    def use_decision_date(data: dict[str, Any]) -> None:
        data["target_groups"][6]["en"] = "Offer ({code}) decided {decision_date}"

    law = load_law(break_law(tmp_path, use_decision_date))

    with pytest.raises(LawDataError, match="decision_date"):
        engine_views(law)


def test_the_rules_package_imports_nothing_from_django() -> None:
    for path in RULES_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(alias.name.startswith("django") for alias in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("django"), path


def test_the_rules_package_never_reads_the_clock() -> None:
    for path in RULES_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for call in ("today(", "now(", "utcnow(", "time.time("):
            assert call not in source, f"{path.name} calls {call}"


def test_importing_the_rules_loads_no_django() -> None:
    script = "import sys, visitation.rules; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"
