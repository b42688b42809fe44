import datetime

import pytest
import time_machine
from django.test import Client

from mentor.models import PolicyVersion
from mentor.services import DEFAULT_COMPLAINT_GUIDANCE
from tests.conftest import People


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Skærpet kontakt", "effective_from": "2026-12-01",
        "right_and_duty_contact_days": "7", "review_lead_days": "14",
        "complaint_guidance": DEFAULT_COMPLAINT_GUIDANCE, "internal_hourly_rate": "425",
        "retention_years": "5", "reason": "Byrådets beslutning",
        "level_1_min": "0", "level_1_max": "1", "level_1_months": "3",
        "level_2_min": "1", "level_2_max": "2", "level_2_months": "1",
        "level_3_min": "2", "level_3_max": "", "level_3_months": "1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client: Client, people: People) -> Client:
    client.force_login(people.administrator)
    return client


@time_machine.travel(datetime.date(2026, 11, 22))
def test_administrator_adds_a_stricter_policy_version(admin_client: Client, people: People) -> None:
    preview = admin_client.post("/policy/new/", form_data()).context["preview"]
    response = admin_client.post("/policy/new/", {**form_data(), "save": "",
                                                  "preview": preview["fingerprint"]})
    version = PolicyVersion.objects.get()
    assert response.status_code == 302
    assert version.right_and_duty_contact_days == 7
    assert [lvl.review_interval_months for lvl in version.service_levels.all()] == [3, 1, 1]
    assert version.created_by == people.administrator


@time_machine.travel(datetime.date(2015, 6, 1))
def test_policy_looser_than_the_law_in_force_is_refused_in_danish(admin_client: Client) -> None:
    response = admin_client.post("/policy/new/", form_data(effective_from="2015-06-01",
                                                           right_and_duty_contact_days="14"))
    assert response.status_code == 200
    assert not PolicyVersion.objects.exists()
    assert "længere end lovens krav om kontakt mindst hver 7. dag" in response.content.decode()


@time_machine.travel(datetime.date(2026, 11, 22))
def test_policy_effective_in_the_past_is_refused(admin_client: Client) -> None:
    response = admin_client.post("/policy/new/", form_data(effective_from="2026-11-01"))
    assert "tidligst gælde fra i dag" in response.content.decode()
    assert not PolicyVersion.objects.exists()


@time_machine.travel(datetime.date(2026, 11, 22))
def test_upper_hours_below_lower_hours_is_refused_and_input_kept(admin_client: Client) -> None:
    response = admin_client.post("/policy/new/", form_data(level_2_min="3", level_2_max="2",
                                                           name="Behold mig"))
    body = response.content.decode()
    assert "Øvre grænse skal være mindst den nedre grænse" in body
    assert 'value="Behold mig"' in body
    assert not PolicyVersion.objects.exists()


@pytest.mark.parametrize("person", ["caseworker", "team_leader", "mentor_user", "manager"])
def test_only_administrators_reach_the_policy_screens(client: Client, people: People,
                                                      person: str) -> None:
    client.force_login(getattr(people, person))
    assert client.get("/policy/").status_code == 403
    assert client.get("/policy/new/").status_code == 403


def test_policy_list_shows_versions_with_the_current_one_marked(admin_client: Client,
                                                                people: People) -> None:
    from mentor.services import DEFAULT_LEVELS, policy_version_create

    policy_version_create(actor=people.administrator, municipality=people.municipality,
                          name="Gribskov-standarden", effective_from=datetime.date(2014, 1, 1),
                          right_and_duty_contact_days=7, review_lead_days=14,
                          complaint_guidance="Klag til jobcentret.", levels=DEFAULT_LEVELS)
    body = admin_client.get("/policy/").content.decode()
    assert "Gribskov-standarden" in body
    assert "gældende" in body
