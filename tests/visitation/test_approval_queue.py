"""The team leader's queue: pending referrals of their teams, oldest first, never their own."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from mentor import caching
from mentor.models import Citizen, Role, Team, User
from mentor.permissions import visible_referrals, visible_referrals_to_count
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, draft_referral, submitted_referral
from visitation.models import Referral

TZ = ZoneInfo("Europe/Copenhagen")


def submitted_on(people: People, day: int, team: Team | None = None,
                 caseworker: User | None = None, **citizen: Any) -> Referral:
    with time_machine.travel(datetime.datetime(2026, 11, day, 9, tzinfo=TZ), tick=False):
        return submitted_referral(
            citizen=CitizenFactory(team=team or people.team, in_employment_activity=True,
                                   **citizen),
            caseworker=caseworker or people.caseworker)


def test_the_oldest_referral_comes_first_with_its_decision(client: Client, people: People) -> None:
    newer = submitted_on(people, 20, first_name="Ny")
    older = submitted_on(people, 10, first_name="Gammel")
    client.force_login(people.team_leader)
    response = client.get("/visitation/")
    assert [r for r, *_ in response.context["rows"]] == [older, newer]
    assert "LAB § 167, stk. 1" in response.content.decode()


def test_drafts_and_other_teams_referrals_are_not_in_the_queue(
        client: Client, people: People) -> None:
    draft_referral(citizen=CitizenFactory(team=people.team, in_employment_activity=True),
                   caseworker=people.caseworker)
    submitted_on(people, 10, team=people.other_team, caseworker=people.outsider)
    client.force_login(people.team_leader)
    response = client.get("/visitation/")
    assert response.context["rows"] == []
    assert "ingen indstillinger, der venter" in response.content.decode()


def test_the_team_leaders_own_referrals_wait_for_someone_else(
        client: Client, people: People) -> None:
    people.team_leader.groups.add(*people.caseworker.groups.all())
    submitted_on(people, 10, caseworker=people.team_leader)
    client.force_login(people.team_leader)
    response = client.get("/visitation/")
    assert response.context["rows"] == []
    assert "1 af dine egne indstillinger venter på en anden teamleder" in \
        response.content.decode()


def test_the_page_count_leaves_out_the_team_leaders_own_referrals(
        client: Client, people: People) -> None:
    people.team_leader.groups.add(*people.caseworker.groups.all())
    for day in range(1, 26):
        submitted_on(people, day)
    for day in range(1, 4):
        submitted_on(people, day, caseworker=people.team_leader)
    client.force_login(people.team_leader)
    first = client.get("/visitation/")
    assert first.context["page"].paginator.count == 25
    assert "Side 1 af 2" not in first.content.decode()
    assert "3 af dine egne indstillinger venter" in first.content.decode()
    submitted_on(people, 26)
    page = client.get("/visitation/").content.decode()
    assert "Side 1 af 2" in page


def test_an_anonymised_citizens_referral_is_neither_listed_nor_counted(
        client: Client, people: People) -> None:
    people.team_leader.groups.add(*people.caseworker.groups.all())
    kept = submitted_on(people, 10)
    gone = submitted_on(people, 11)
    own_gone = submitted_on(people, 12, caseworker=people.team_leader)
    Citizen.objects.filter(pk__in=[gone.citizen_id, own_gone.citizen_id]).update(
        anonymised_at=timezone.now())
    client.force_login(people.team_leader)
    response = client.get("/visitation/")
    assert [r for r, *_ in response.context["rows"]] == [kept]
    assert response.context["page"].paginator.count == 1
    assert "egne indstillinger venter" not in response.content.decode()


def test_referrals_counted_are_the_referrals_visible(people: People) -> None:
    """``visible_referrals_to_count`` is ``visible_referrals`` written for counting."""
    submitted_on(people, 10)
    submitted_on(people, 11, team=people.other_team, caseworker=people.outsider)
    gone = submitted_on(people, 12)
    draft_referral(citizen=CitizenFactory(team=people.team, in_employment_activity=True),
                   caseworker=people.caseworker)
    Citizen.objects.filter(pk=gone.citizen_id).update(anonymised_at=timezone.now())
    for user in (people.caseworker, people.team_leader, people.outsider, people.mentor_user,
                 people.manager):
        assert (sorted(visible_referrals_to_count(user).values_list("pk", flat=True))
                == sorted(visible_referrals(user).values_list("pk", flat=True)))
    assert visible_referrals_to_count(people.team_leader).count() == 2


def test_the_queue_shows_each_referrals_team_by_its_current_name(
        client: Client, people: People) -> None:
    people.team_leader.teams.add(people.other_team)
    submitted_on(people, 10, first_name="Egen")
    submitted_on(people, 11, team=people.other_team, caseworker=people.outsider,
                 first_name="Anden")
    client.force_login(people.team_leader)
    page = client.get("/visitation/").content.decode()
    assert f"<td>{people.team.name}<br>" in page and f"<td>{people.other_team.name}<br>" in page
    people.other_team.name = "Omdøbt team"
    people.other_team.save()
    caching.bump(caching.TEAMS)  # as the team admin does
    assert "<td>Omdøbt team<br>" in client.get("/visitation/").content.decode()


def test_a_caseworker_has_no_queue(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    assert client.get("/visitation/").status_code == 403


def test_the_query_count_does_not_grow_with_rows(
        client: Client, people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client.force_login(people.team_leader)
    submitted_on(people, 1)
    client.get("/visitation/")
    with CaptureQueriesContext(connection) as few:
        client.get("/visitation/")
    expected = len(few)  # now: the next request resets the connection's query log
    other = UserFactory(roles=[Role.CASEWORKER], teams=[people.team])
    for day in range(2, 14):
        submitted_on(people, day, caseworker=other)
    # The submissions notified the team leader, whose cached state (unread count) is read
    # again once: warm it, then count as before.
    client.get("/visitation/")
    with django_assert_num_queries(expected):
        client.get("/visitation/")


def test_a_decision_without_labels_is_the_same_but_for_the_names_the_queue_does_not_show(
        people: People) -> None:
    from visitation.selectors_referrals import decision_display, load_labels

    referral = submitted_on(people, 10)
    for lang in ("da", "en"):
        named = decision_display(referral.decision, load_labels(lang), lang)
        bare = decision_display(referral.decision, None, lang)
        assert named is not None and bare is not None
        assert named.target_groups and named.mentor_type
        assert (bare.target_groups, bare.mentor_type) == ([], "")
        named.target_groups, named.mentor_type = [], ""
        assert bare == named
        assert bare.kind_label and bare.legal_basis and bare.mentor_type_code
