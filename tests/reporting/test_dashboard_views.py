"""The dashboard page: who may see it, whose figures, and a query count that stays put."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentor.models import Role, User
from tests.conftest import People
from tests.factories import MunicipalityFactory, ProviderFactory, TeamFactory, UserFactory
from tests.reporting.helpers import cost, end, holistic, journal
from visitation.models import FollowUpTask, FollowUpTaskKind, Review, ReviewStatus

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

D = datetime.date
TODAY = D(2019, 11, 22)


def get(client: Client, user: User, query: str = "year=2017") -> TestResponse:
    client.force_login(user)
    return client.get(f"/reporting/?{query}")


@pytest.mark.parametrize("role", ["mentor_user", "caseworker", "administrator", "outsider"])
def test_roles_without_reports_get_404(client: Client, people: People, role: str) -> None:
    assert get(client, getattr(people, role)).status_code == 404


def test_a_manager_sees_every_team(client: Client, people: People) -> None:
    cost(holistic(people, D(2017, 2, 1)), 1000, D(2017, 2, 1))
    cost(holistic(people, D(2017, 2, 1), team=people.other_team), 5000, D(2017, 2, 1))
    response = get(client, people.manager)
    assert response.status_code == 200
    assert response.context["tables"]["spend"].total[1] == Decimal(6000)


def test_a_team_leader_sees_only_their_teams(client: Client, people: People) -> None:
    cost(holistic(people, D(2017, 2, 1)), 1000, D(2017, 2, 1))
    cost(holistic(people, D(2017, 2, 1), team=people.other_team), 5000, D(2017, 2, 1))
    own = get(client, people.team_leader)
    asking_for_other = get(client, people.team_leader,
                           f"year=2017&team={people.other_team.pk}")
    assert own.context["tables"]["spend"].total[1] == Decimal(1000)
    assert asking_for_other.context["tables"]["spend"].total[1] == Decimal(1000)
    assert people.other_team.name not in [t.name for t in
                                          own.context["form"].fields["team"].queryset]


def test_the_period_can_be_a_quarter_or_a_month(client: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    cost(course, 1000, D(2017, 2, 1))
    cost(course, 2000, D(2017, 5, 1))
    assert get(client, people.manager, "year=2017&part=q2").context[
        "tables"]["spend"].total[1] == Decimal(2000)
    response = get(client, people.manager, "year=2017&part=m02")
    assert response.context["tables"]["spend"].total[1] == Decimal(1000)
    assert "Februar 2017" in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "team_leader"])
def test_the_provider_filter_lists_no_other_municipalitys_provider(client: Client, people: People,
                                                                   role: str) -> None:
    own = ProviderFactory(municipality=people.municipality, name="Egen leverandør")
    ProviderFactory(municipality=MunicipalityFactory(name="Nabokommune"),
                    name="Nabokommunens leverandør")
    providers = get(client, getattr(people, role)).context["form"].fields["provider"].queryset
    assert own in providers
    assert {p.municipality_id for p in providers} == {people.municipality.pk}


def test_a_team_leader_elsewhere_sees_their_own_municipalitys_providers(client: Client,
                                                                       people: People) -> None:
    elsewhere = TeamFactory(municipality=MunicipalityFactory(name="Nabokommune"))
    theirs = ProviderFactory(municipality=elsewhere.municipality)
    leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[elsewhere])
    providers = get(client, leader).context["form"].fields["provider"].queryset
    assert list(providers) == [theirs]


def test_the_filter_form_is_rendered_by_crispy_forms(client: Client, people: People) -> None:
    body = get(client, people.manager).content.decode()
    assert 'id="div_id_provider"' in body  # crispy-bootstrap5's field wrapper
    assert '<select name="year" class="form-select-sm form-select"' in body


@time_machine.travel(D(2019, 11, 22))
def test_overdue_lists_link_only_into_cases_the_user_may_see(
        client: Client, people: People) -> None:
    course = holistic(people, D(2019, 10, 1))  # contact was due 15 October
    for user, visible in ((people.team_leader, True), (people.manager, False)):
        table = get(client, user, "year=2019").context["tables"]["overdue_contacts"]
        assert table.rows[0][0] == f"#{course.pk}"
        assert (table.rows[0][1] == course.citizen.full_name) is visible
        assert (table.row_links[0] is not None) is visible
    body = get(client, people.manager, "year=2019").content.decode()
    assert course.citizen.last_name not in body


def _world(people: People, size: int) -> None:
    for index in range(size):
        # Each course with a provider of its own: the provider filter grows too.
        course = holistic(people, D(2019, 1 + index, 1), level=1 + index % 3,
                          team=people.team if index % 2 else people.other_team,
                          provider=ProviderFactory(municipality=people.municipality))
        cost(course, 1000 + index, D(2019, 1 + index, 1))
        journal(course, D(2019, 1 + index, 5), 60, people.mentor_user)
        if index % 2:  # ended, reviewed, its situation recorded: the effect tables grow too
            review = Review.objects.filter(course=course).order_by("due_date").first()
            assert review is not None
            Review.objects.filter(pk=review.pk).update(
                status=ReviewStatus.DONE, completed_at=timezone.now(),
                progression=[{"goal_id": None, "goal": "", "scale": 3, "text": ""}],
                ready_for_active_offer=True)
            end(course, D(2019, 2 + index, 1), "job")
            FollowUpTask.objects.create(
                citizen=course.citizen, course=course, team=course.team,
                kind=FollowUpTaskKind.SITUATION_3_MONTHS, due_date=D(2019, 5 + index, 1),
                situation="employed", done_at=timezone.now())


def counts(client: Client, url: str) -> tuple[int, int]:
    """Queries of the page computed (report cache emptied) and then from the report cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    return len(computed), len(cached)


@time_machine.travel(D(2019, 11, 22))
@pytest.mark.parametrize("role", ["manager", "team_leader"])
def test_the_dashboard_query_count_does_not_grow_with_rows(client: Client, people: People,
                                                           role: str) -> None:
    client.force_login(getattr(people, role))
    _world(people, 2)
    client.get("/reporting/?year=2019")  # the session is set up once
    small = counts(client, "/reporting/?year=2019")
    _world(people, 8)
    large = counts(client, "/reporting/?year=2019")
    context = client.get("/reporting/?year=2019").context
    assert context["tables"]["courses"].total[2] > 2
    assert len(context["tables"]["effect_outcomes"].rows) == 1
    assert context["tables"]["effect_situations"].rows
    assert len(context["form"].fields["provider"].choices) > 10  # every course's provider
    assert large == small
    assert small[1] < small[0]  # the second read came from the report cache


@time_machine.travel(D(2019, 11, 22))
@pytest.mark.parametrize("by", ["kind", "mentor_type", "provider", "level"])
def test_the_effect_grouping_keeps_the_query_count(client: Client, people: People,
                                                    by: str) -> None:
    client.force_login(people.manager)
    url = f"/reporting/?year=2019&by={by}"
    _world(people, 2)
    client.get(url)
    small = counts(client, url)
    _world(people, 8)
    assert counts(client, url) == small


def test_an_unknown_effect_grouping_falls_back_to_skal_and_kan(client: Client,
                                                               people: People) -> None:
    response = get(client, people.manager, "year=2017&by=citizen")
    assert response.status_code == 200
    assert response.context["by"] == "kind"
