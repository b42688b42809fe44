"""Replay: a course's or referral's decision as it was made beside today's, differences
marked; seen by whoever may see the page (404 otherwise) and access-logged like it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from mentor.models import AccessLog
from tests.factories import CitizenFactory, open_course, submitted_referral
from visitation.selectors_replay import course_replay

D = datetime.date
TODAY = D(2026, 11, 22)


@pytest.fixture
def right_and_duty_2019(people: Any) -> Any:
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit", activity_ready=True,
                             can_take_part_in_offers=False)
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=D(2019, 6, 3))


@pytest.fixture
def flex_2026(people: Any) -> Any:
    citizen = CitizenFactory(team=people.team, benefit="flex_job")
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=D(2026, 11, 2))


def changed(replay: Any) -> dict[str, tuple[str, str]]:
    return {row.label: (row.then, row.now) for row in replay.rows if row.changed}


def test_a_2019_right_and_duty_decision_differs_from_todays_law(right_and_duty_2019: Any) -> None:
    replay = course_replay(right_and_duty_2019, today=TODAY, lang="da")

    assert changed(replay)["Afgørelse"] == ("Ret og pligt", "Ikke omfattet")
    assert replay.then.rule_set_label == "1. januar 2017"
    assert len(replay.then.law_revision_short) == 12
    assert replay.changed == len(changed(replay))


def test_a_decision_under_todays_law_and_policy_replays_unchanged(flex_2026: Any) -> None:
    replay = course_replay(flex_2026, today=TODAY, lang="en")

    assert changed(replay) == {}
    assert replay.now.rule_set_label == replay.then.rule_set_label == "1 July 2026"


@time_machine.travel(TODAY)
def test_the_course_page_links_to_the_replay_which_marks_differences(
        client: Client, people: Any, right_and_duty_2019: Any) -> None:
    client.force_login(people.caseworker)
    page = client.get(f"/courses/{right_and_duty_2019.pk}/").content.decode()
    assert f"/courses/{right_and_duty_2019.pk}/replay/" in page
    assert "regelsæt fra 1. januar 2017" in page

    body = client.get(f"/courses/{right_and_duty_2019.pk}/replay/").content.decode()

    assert 'data-changed="1"' in body
    assert "Ret og pligt" in body and "Ikke omfattet" in body


@time_machine.travel(TODAY)
def test_the_replay_is_access_logged(client: Client, people: Any, flex_2026: Any) -> None:
    client.force_login(people.caseworker)

    client.get(f"/courses/{flex_2026.pk}/replay/")

    assert AccessLog.objects.filter(citizen=flex_2026.citizen, user=people.caseworker,
                                    what__contains="genafspillet").exists()


@time_machine.travel(TODAY)
def test_others_get_404_for_a_course_replay(client: Client, people: Any,
                                             flex_2026: Any) -> None:
    client.force_login(people.outsider)

    assert client.get(f"/courses/{flex_2026.pk}/replay/").status_code == 404


@time_machine.travel(TODAY)
def test_a_referral_replay_shows_the_facts_and_is_hidden_from_others(
        client: Client, people: Any) -> None:
    citizen = CitizenFactory(team=people.team, benefit="flex_job")
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    client.force_login(people.caseworker)

    body = client.get(f"/referrals/{referral.pk}/replay/").content.decode()
    client.force_login(people.outsider)

    assert "Ingen forskelle" in body
    assert "Fleksjob" in body
    assert client.get(f"/referrals/{referral.pk}/replay/").status_code == 404
