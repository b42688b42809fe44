"""The policy preview: "Se hvad det ændrer" lists the open courses and pending referrals a
candidate policy would decide differently, and a version is saved only after its preview."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from mentor.models import PolicyVersion
from tests.factories import CitizenFactory, open_course
from tests.mentor.test_policy_views import form_data

D = datetime.date
MONTHLY_LEVEL_1 = {"level_1_months": "1"}


@pytest.fixture
def admin_client(client: Client, people: Any) -> Client:
    client.force_login(people.administrator)
    return client


@pytest.fixture
def flex_course(people: Any) -> Any:
    citizen = CitizenFactory(team=people.team, benefit="flex_job")
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=D(2026, 11, 1))


def preview_token(body: str) -> str:
    match = re.search(r'name="preview" value="([0-9a-f]{64})"', body)
    assert match, "the preview carries its hash"
    return match.group(1)


@time_machine.travel(D(2026, 11, 22))
def test_the_first_step_shows_the_changes_and_saves_nothing(admin_client: Client,
                                                             flex_course: Any) -> None:
    response = admin_client.post("/policy/new/", form_data(**MONTHLY_LEVEL_1))

    body = response.content.decode()
    assert response.status_code == 200
    assert not PolicyVersion.objects.exists()
    assert f"Forløb #{flex_course.pk}" in body
    assert "Opfølgninger" in body
    assert [(c.kind, c.id) for c in response.context["preview"]["changes"]] == [
        ("course", flex_course.pk)]


@time_machine.travel(D(2026, 11, 22))
def test_the_list_shows_course_numbers_not_cpr(admin_client: Client, flex_course: Any) -> None:
    body = admin_client.post("/policy/new/", form_data(**MONTHLY_LEVEL_1)).content.decode()

    assert flex_course.citizen.cpr_masked not in body
    assert flex_course.citizen.full_name not in body


@time_machine.travel(D(2026, 11, 22))
def test_saving_after_the_preview_of_the_same_values_saves(admin_client: Client,
                                                           flex_course: Any) -> None:
    data = form_data(**MONTHLY_LEVEL_1)
    token = preview_token(admin_client.post("/policy/new/", data).content.decode())

    response = admin_client.post("/policy/new/", {**data, "preview": token, "save": ""})

    assert response.status_code == 302
    assert PolicyVersion.objects.get().service_levels.get(level=1).review_interval_months == 1


@time_machine.travel(D(2026, 11, 22))
def test_saving_values_changed_since_the_preview_shows_the_new_preview(
        admin_client: Client, flex_course: Any) -> None:
    token = preview_token(admin_client.post("/policy/new/", form_data()).content.decode())

    response = admin_client.post("/policy/new/", {**form_data(**MONTHLY_LEVEL_1),
                                                  "preview": token, "save": ""})

    assert not PolicyVersion.objects.exists()
    assert "Se ændringerne igen" in response.content.decode()
    assert preview_token(response.content.decode()) != token


@time_machine.travel(D(2026, 11, 22))
def test_saving_without_a_preview_is_refused(admin_client: Client) -> None:
    admin_client.post("/policy/new/", {**form_data(), "save": ""})

    assert not PolicyVersion.objects.exists()


@time_machine.travel(D(2026, 11, 22))
def test_the_preview_lists_what_rules_impact_lists_for_the_same_candidate(
        admin_client: Client, people: Any, flex_course: Any, tmp_path: Path) -> None:
    young = CitizenFactory(team=people.team, benefit="sickness_benefit")
    open_course(citizen=young, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=D(2026, 10, 1), service_level=2)
    data = form_data(**MONTHLY_LEVEL_1, review_lead_days="21")
    response = admin_client.post("/policy/new/", data)
    form = response.context["form"]
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(form.policy_data()), encoding="utf-8")
    out = io.StringIO()

    call_command("rules", "impact", "--policy", str(policy), "--on", data["effective_from"],
                 "--format", "json", stdout=out, stderr=io.StringIO())

    report = json.loads(out.getvalue())
    listed = [{"object": c.kind, "id": c.id, "decision_date": c.decision_date.isoformat(),
               "changes": {name: {"before": old, "after": new}
                           for name, (old, new) in c.changes.items()}}
              for c in response.context["preview"]["changes"]]
    assert report["count"] == 2
    assert listed == report["affected"]


@time_machine.travel(D(2015, 6, 1))
def test_a_candidate_looser_than_the_law_gets_no_preview_and_no_save_button(
        admin_client: Client) -> None:
    response = admin_client.post("/policy/new/", form_data(effective_from="2015-06-01",
                                                           right_and_duty_contact_days="14"))

    body = response.content.decode()
    assert response.context["preview"] is None
    assert "længere end lovens krav" in body
    assert 'name="save"' not in body


@pytest.mark.parametrize("person", ["caseworker", "team_leader", "mentor_user", "manager"])
def test_only_administrators_may_preview(client: Client, people: Any, person: str) -> None:
    client.force_login(getattr(people, person))

    assert client.post("/policy/new/", form_data()).status_code == 403


@time_machine.travel(D(2026, 11, 22))
def test_a_first_policy_from_february_2026_tells_the_citizen_to_complain_to_the_municipality(
        admin_client: Client) -> None:
    initial = admin_client.get("/policy/new/").context["form"].initial

    assert "Klagen sendes til kommunen" in initial["complaint_guidance"]
    assert "Kommunen genvurderer" in initial["complaint_guidance"]


def test_the_guidance_of_january_2026_names_the_jobcentre() -> None:
    from mentor.services import DEFAULT_COMPLAINT_GUIDANCE, default_complaint_guidance

    assert default_complaint_guidance(D(2026, 1, 31)) == DEFAULT_COMPLAINT_GUIDANCE
