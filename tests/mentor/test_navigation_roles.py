"""Each role's menu reaches the lists of its daily work: caseworkers and team leaders the
referrals and the follow-up list, team leaders their team's caseloads, mentors their
workspace (their follow-up), and every link answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import People

pytestmark = pytest.mark.django_db

EXPECTED = {
    "caseworker": {"referral_list", "followup_overview", "citizen_list", "course_list"},
    "team_leader": {"referral_list", "followup_overview", "approval_queue", "team_caseloads"},
    "mentor_user": {"mentor_workspace"},
    "manager": {"dashboard"},
    "administrator": {"team_caseloads", "policy_list"},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_roles_menu_has_its_lists_and_every_link_answers(people: People, client: Client,
                                                              role: str) -> None:
    client.force_login(getattr(people, role))
    links = client.get(reverse("home")).context["nav"].links
    urls = {link["url"] for link in links}
    assert {reverse(name) for name in EXPECTED[role]} <= urls
    for url in urls - {reverse("admin:index")}:
        assert client.get(url).status_code == 200, url
