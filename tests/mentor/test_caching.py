"""The cache mechanism (mentor/caching.py) and the reference data kept in it: the policy in
force, team names and catalogue labels are read anew after the service or the admin that
wrote them commits; a transaction's own reads see its writes, and a rollback leaves nothing
behind."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from mentor import caching
from mentor.models import MentorType, PolicyVersion, Team
from mentor.selectors import policy_in_force, team_names
from mentor.services import policy_version_create
from tests.admin_forms import admin_delete, admin_save, committed
from tests.conftest import People
from visitation.selectors_referrals import load_labels

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def _new_policy(people: People, on: datetime.date = datetime.date(2026, 11, 1)) -> PolicyVersion:
    return policy_version_create(
        actor=people.administrator, municipality=people.municipality, name="Skærpet",
        effective_from=on, right_and_duty_contact_days=None, review_lead_days=14,
        complaint_guidance="Klag til kommunen.",
        levels={1: (Decimal(1), Decimal(3), 3), 2: (Decimal(3), Decimal(6), 3),
                3: (Decimal(6), None, 3)})


def _pk(version: PolicyVersion | None) -> int | None:
    return None if version is None else version.pk


def test_the_policy_in_force_is_read_once(people: People) -> None:
    first = policy_in_force(people.municipality, TODAY)
    with CaptureQueriesContext(connection) as queries:
        again = policy_in_force(people.municipality, TODAY)
    assert len(queries) == 0 and _pk(again) == _pk(first)


def test_a_new_policy_is_read_anew_after_its_commit(people: People) -> None:
    policy_in_force(people.municipality, TODAY)
    newer = committed(lambda: _new_policy(people))
    found = policy_in_force(people.municipality, TODAY)
    assert found is not None and found.pk == newer.pk
    assert [level.review_interval_months for level in found.service_levels.all()] == [3, 3, 3]
    with CaptureQueriesContext(connection) as queries:
        assert _pk(policy_in_force(people.municipality, TODAY)) == newer.pk
    assert len(queries) == 0


def test_a_new_policy_is_seen_in_its_own_transaction_and_gone_after_a_rollback(
        people: People) -> None:
    before = _pk(policy_in_force(people.municipality, TODAY))
    with transaction.atomic():
        newer = _new_policy(people)
        assert _pk(policy_in_force(people.municipality, TODAY)) == newer.pk
        transaction.set_rollback(True)
    assert _pk(policy_in_force(people.municipality, TODAY)) == before
    assert _pk(policy_in_force(people.municipality, TODAY)) == before  # cached: still right


def test_a_team_renamed_or_deleted_in_the_admin_changes_the_names(admin_client: Client,
                                                                  people: People) -> None:
    assert team_names()[people.team.pk] == people.team.name
    committed(lambda: admin_save(admin_client, Team.objects.get(pk=people.team.pk),
                                 name="Nyt navn"))
    assert team_names()[people.team.pk] == "Nyt navn"
    spare = Team.objects.create(municipality=people.municipality, name="Til sletning")
    committed(lambda: caching.bump(caching.TEAMS))  # as a service creating a team would
    assert spare.pk in team_names()
    committed(lambda: admin_delete(admin_client, spare))
    assert spare.pk not in team_names()


def test_a_mentor_type_renamed_in_the_admin_changes_the_labels(admin_client: Client,
                                                               people: People) -> None:
    mentor_type = MentorType.objects.order_by("pk").first()
    assert mentor_type is not None
    assert load_labels("da").mentor_types[mentor_type.code] == mentor_type.name
    committed(lambda: admin_save(admin_client, mentor_type, name="Omdøbt mentortype"))
    assert load_labels("da").mentor_types[mentor_type.code] == "Omdøbt mentortype"


def test_a_lost_version_makes_every_value_under_it_read_anew(people: People) -> None:
    from django.core.cache import cache

    team_names()
    Team.objects.filter(pk=people.team.pk).update(name="Uden om admin")
    assert team_names()[people.team.pk] != "Uden om admin"  # nobody bumped
    cache.delete("version:teams")  # evicted
    assert team_names()[people.team.pk] == "Uden om admin"


def test_bumping_all_renews_everything(people: People) -> None:
    team_names()
    Team.objects.filter(pk=people.team.pk).update(name="Fra en seed")
    committed(lambda: caching.bump(caching.ALL))
    assert team_names()[people.team.pk] == "Fra en seed"


def test_without_a_shared_cache_nothing_is_kept(people: People, settings: Settings) -> None:
    settings.SHARED_CACHE = False
    team_names()
    with CaptureQueriesContext(connection) as queries:
        team_names()
    assert len(queries) == 1
