"""The per-user state in the cache (the user row, roles, teams, unread notifications): one
cache read per request instead of four queries, and every write that alters it (the admin,
the password change, notifications) shows on the next request after its commit."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from mentor import user_state
from mentor.models import Notification, Role, Team, User
from mentor.services import notify, notify_all
from tests.admin_forms import admin_delete, admin_save, committed
from tests.conftest import People

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_state_is_read_from_the_cache_without_queries(people: People) -> None:
    user = people.caseworker
    expected = fresh(user).state
    with CaptureQueriesContext(connection) as queries:
        again = fresh(user)  # one query for the user row itself
        assert again.state == expected
    assert len(queries) == 1
    assert expected.roles == frozenset({Role.CASEWORKER})
    assert expected.team_ids == frozenset(user.teams.values_list("id", flat=True))


def test_the_logged_in_user_is_read_from_the_cache_with_their_state(
        client: Client, admin_client: Client, people: People) -> None:
    """After the first request a page reads neither the user row nor their roles, teams and
    notifications from the database; a change in the admin shows on the next request."""
    user = people.caseworker
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notification_list")).status_code == 200
    assert not [q for q in queries if q["sql"].startswith('SELECT "mentor_user"."id"')]
    loaded = user_state.load_user(str(user.pk))
    assert loaded is not None and loaded.username == user.username
    assert loaded.state.roles == frozenset({Role.CASEWORKER})
    committed(lambda: admin_save(admin_client, fresh(user), first_name="Omdøbt"))
    assert "Omdøbt" in client.get(reverse("home")).content.decode()


def test_a_user_deactivated_in_the_admin_is_logged_out_at_the_next_request(
        client: Client, admin_client: Client, people: People) -> None:
    user = people.caseworker
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    committed(lambda: admin_save(admin_client, fresh(user), is_active=False))
    assert client.get(reverse("notification_list")).status_code == 302


def test_a_password_set_in_the_admin_ends_the_session(client: Client, admin_client: Client,
                                                      people: People) -> None:
    user = people.caseworker
    client.force_login(user)
    assert client.get(reverse("notification_list")).status_code == 200
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    new = "Et helt nyt kodeord 2026"
    committed(lambda: admin_client.post(url, {"password1": new, "password2": new,
                                              "usable_password": "true"}))
    assert fresh(user).check_password(new)
    assert client.get(reverse("notification_list")).status_code == 302


def test_changing_ones_own_password_keeps_one_logged_in(client: Client, people: People) -> None:
    from tests.factories import PASSWORD

    client.force_login(people.caseworker)
    client.get(reverse("home"))
    new = "Et helt nyt kodeord 2026"
    committed(lambda: client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new}))
    assert fresh(people.caseworker).check_password(new)
    assert client.get(reverse("notification_list")).status_code == 200


def test_no_user_for_an_unknown_or_malformed_id(people: People) -> None:
    assert user_state.load_user("987654321") is None
    assert user_state.load_user("abc") is None
    assert user_state.load_user(None) is None


def test_roles_and_teams_changed_in_the_admin_are_read_anew(admin_client: Client,
                                                            people: People) -> None:
    user = people.caseworker
    assert fresh(user).roles == frozenset({Role.CASEWORKER})
    manager = Group.objects.get(name=Role.MANAGER)
    committed(lambda: admin_save(admin_client, fresh(user), groups=[manager],
                                 teams=[people.other_team]))
    state = fresh(user).state
    assert state.roles == frozenset({Role.MANAGER})
    assert state.team_ids == frozenset({people.other_team.pk})
    with CaptureQueriesContext(connection) as queries:
        assert fresh(user).state == state  # and cached again
    assert len(queries) == 1


def test_a_team_deleted_in_the_admin_leaves_its_members(admin_client: Client,
                                                        people: People) -> None:
    user = people.caseworker
    team = Team.objects.create(municipality=people.team.municipality, name="Nyt team")
    user.teams.add(team)
    assert team.pk in fresh(user).team_ids
    committed(lambda: admin_delete(admin_client, team))
    assert fresh(user).team_ids == frozenset({people.team.pk})


def test_a_role_deleted_in_the_admin_is_gone_from_its_members(
        admin_client: Client, people: People) -> None:
    user = people.caseworker
    assert fresh(user).roles == frozenset({Role.CASEWORKER})
    committed(lambda: admin_delete(admin_client, Group.objects.get(name=Role.CASEWORKER)))
    assert fresh(user).roles == frozenset()


def test_a_write_without_a_bump_is_not_seen(people: People) -> None:
    """The contract, shown the other way round: the cache trusts the writers to bump."""
    user = people.caseworker
    assert Role.MANAGER not in fresh(user).roles
    user.groups.add(Group.objects.get(name=Role.MANAGER))
    assert Role.MANAGER not in fresh(user).roles


def test_unread_count_follows_notifications(client: Client, people: People) -> None:
    user = people.caseworker
    start = fresh(user).state.unread_notifications
    committed(lambda: notify(user=user, code="course_new_mentor", params={"course": 1}))
    assert fresh(user).state.unread_notifications == start + 1
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert f'text-bg-warning">{start + 1}<' in body
    notification = Notification.objects.filter(user=user, read_at__isnull=True).latest("id")
    committed(lambda: client.post(reverse("notification_read", args=[notification.pk])))
    assert fresh(user).state.unread_notifications == start


def test_one_notification_to_many_counts_for_each_and_emails_each_after_commit(
        people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    users = [people.caseworker, people.team_leader]
    before = [fresh(user).state.unread_notifications for user in users]
    with django_capture_on_commit_callbacks(execute=True):
        notify_all(user_ids=[user.pk for user in users], code="referral_awaits_visitation",
                   params={"referral": 7}, url="/x/")
        assert mail.outbox == []  # not before the commit
    assert [fresh(user).state.unread_notifications for user in users] == [
        count + 1 for count in before]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)
    assert Notification.objects.filter(code="referral_awaits_visitation",
                                       emailed_at__isnull=False).count() == 2


def test_other_users_are_not_affected(people: People) -> None:
    """A change for one user leaves the others' cached state in the cache."""
    leader_before = fresh(people.team_leader).state
    committed(lambda: notify(user=people.caseworker, code="course_new_mentor", params={"course": 1}))
    with CaptureQueriesContext(connection) as queries:
        assert fresh(people.team_leader).state == leader_before
    assert len(queries) == 1


def test_without_a_shared_cache_the_database_is_read_every_time(
        people: People, settings: Settings) -> None:
    settings.SHARED_CACHE = False
    user = fresh(people.caseworker)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            user_state.load(user)
        assert len(queries) == 3
