"""The per-user state in the cache (roles, teams, unread notifications): one cache read per
request instead of three queries, and every change that alters it shows on the next request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor import user_state
from mentor.models import Notification, Role, Team, User
from mentor.services import notify, notify_all

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_state_is_read_from_the_cache_without_queries(people) -> None:
    user = people.caseworker
    expected = fresh(user).state
    with CaptureQueriesContext(connection) as queries:
        again = fresh(user)  # one query for the user row itself
        assert again.state == expected
    assert len(queries) == 1
    assert expected.roles == frozenset({Role.CASEWORKER})
    assert expected.team_ids == frozenset(user.teams.values_list("id", flat=True))


def test_the_logged_in_user_is_read_from_the_cache_with_their_state(client: Client,
                                                                    people) -> None:
    """After the first request a page reads neither the user row nor their roles, teams and
    notifications from the database; a change to the user shows on the next request."""
    user = people.caseworker
    client.force_login(user)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("notification_list")).status_code == 200
    assert not [q for q in queries if q["sql"].startswith('SELECT "mentor_user"."id"')]
    loaded = user_state.load_user(str(user.pk))
    assert loaded is not None and loaded.username == user.username
    assert loaded.state.roles == frozenset({Role.CASEWORKER})
    user.first_name = "Omdøbt"
    user.save()
    assert "Omdøbt" in client.get(reverse("home")).content.decode()


def test_a_deactivated_user_is_logged_out_at_the_next_request(client: Client, people) -> None:
    user = people.caseworker
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("notification_list")).status_code == 302


def test_a_password_change_elsewhere_ends_the_session(client: Client, people) -> None:
    user = people.caseworker
    client.force_login(user)
    assert client.get(reverse("notification_list")).status_code == 200
    user.set_password("Et helt nyt kodeord 2026")
    user.save()
    assert client.get(reverse("notification_list")).status_code == 302


def test_no_user_for_an_unknown_or_malformed_id(people) -> None:
    assert user_state.load_user("987654321") is None
    assert user_state.load_user("abc") is None
    assert user_state.load_user(None) is None


def test_role_added_and_removed_shows_at_once(people) -> None:
    user = people.caseworker
    assert Role.MANAGER not in fresh(user).roles
    manager, _ = Group.objects.get_or_create(name=Role.MANAGER)
    user.groups.add(manager)
    assert Role.MANAGER in fresh(user).roles
    user.groups.remove(manager)
    assert Role.MANAGER not in fresh(user).roles
    user.groups.set([manager])
    assert fresh(user).roles == frozenset({Role.MANAGER})
    user.groups.clear()
    assert fresh(user).roles == frozenset()


def test_team_membership_changes_show_at_once(people) -> None:
    user = people.caseworker
    before = fresh(user).team_ids
    team = Team.objects.create(municipality=people.team.municipality, name="Nyt team")
    user.teams.add(team)
    assert fresh(user).team_ids == before | {team.pk}
    user.teams.remove(team)
    assert fresh(user).team_ids == before
    user.teams.add(team)
    team.delete()
    assert fresh(user).team_ids == before
    user.teams.clear()
    assert fresh(user).team_ids == frozenset()


def test_deleting_a_group_removes_the_role(people) -> None:
    user = people.caseworker
    Group.objects.get(name=Role.CASEWORKER).delete()
    assert fresh(user).roles == frozenset()


def test_unread_count_follows_notifications(client: Client, people) -> None:
    user = people.caseworker
    start = fresh(user).state.unread_notifications
    notify(user=user, message="Ny opgave")
    assert fresh(user).state.unread_notifications == start + 1
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert f'text-bg-warning">{start + 1}<' in body
    notification = Notification.objects.filter(user=user, read_at__isnull=True).latest("id")
    client.post(reverse("notification_read", args=[notification.pk]))
    assert fresh(user).state.unread_notifications == start
    notify(user=user, message="Endnu en")
    Notification.objects.filter(user=user).latest("id").delete()
    assert fresh(user).state.unread_notifications == start


def test_one_notification_to_many_counts_for_each_and_emails_each_after_commit(
        people, django_capture_on_commit_callbacks) -> None:
    users = [people.caseworker, people.team_leader]
    before = [fresh(user).state.unread_notifications for user in users]
    with django_capture_on_commit_callbacks(execute=True):
        notify_all(user_ids=[user.pk for user in users], message="Ny indstilling", url="/x/")
        assert mail.outbox == []  # not before the commit
    assert [fresh(user).state.unread_notifications for user in users] == [
        count + 1 for count in before]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in users)
    assert Notification.objects.filter(message="Ny indstilling",
                                       emailed_at__isnull=False).count() == 2


def test_other_users_are_not_affected(people) -> None:
    """A change for one user leaves the others' cached state alone (and correct)."""
    leader_before = fresh(people.team_leader).state
    people.caseworker.groups.add(Group.objects.get_or_create(name=Role.MANAGER)[0])
    assert fresh(people.team_leader).state == leader_before


def test_without_a_shared_cache_the_database_is_read_every_time(people, settings) -> None:
    settings.USER_STATE_CACHE = False
    user = fresh(people.caseworker)
    with CaptureQueriesContext(connection) as queries:
        user_state.load(user)
    assert len(queries) == 3


def test_policy_in_force_is_cached_until_a_policy_changes(people) -> None:
    """The policy read on every decision comes from the cache, and a new version or a changed
    service level shows on the next read."""
    import datetime
    from decimal import Decimal

    from mentor.models import PolicyVersion
    from mentor.selectors import policy_in_force
    from mentor.services import policy_version_create

    municipality = people.municipality
    today = datetime.date(2026, 11, 22)
    first = policy_in_force(municipality, today)
    with CaptureQueriesContext(connection) as queries:
        again = policy_in_force(municipality, today)
    assert len(queries) == 0
    assert (again.pk if again else None) == (first.pk if first else None)
    newer = policy_version_create(
        actor=people.administrator, municipality=municipality, name="Skærpet",
        effective_from=datetime.date(2026, 11, 1), right_and_duty_contact_days=None,
        review_lead_days=14, complaint_guidance="Klag til kommunen.",
        levels={1: (Decimal(1), Decimal(3), 3), 2: (Decimal(3), Decimal(6), 3),
                3: (Decimal(6), None, 3)})
    found = policy_in_force(municipality, today)
    assert found is not None and found.pk == newer.pk
    level = found.service_levels.get(level=1)
    level.review_interval_months = 2
    level.save()
    found = policy_in_force(municipality, today)
    assert found is not None
    assert [sl.review_interval_months for sl in found.service_levels.all() if sl.level == 1] == [2]
    PolicyVersion.objects.filter(pk=newer.pk).first().delete()  # type: ignore[union-attr]
    found = policy_in_force(municipality, today)
    assert (found.pk if found else None) == (first.pk if first else None)


def test_catalogue_labels_follow_a_renamed_mentor_type(people) -> None:
    from mentor.models import MentorType
    from visitation.selectors_referrals import load_labels

    mentor_type = MentorType.objects.order_by("pk").first()
    assert mentor_type is not None
    assert load_labels("da").mentor_types[mentor_type.code] == mentor_type.name
    mentor_type.name = "Omdøbt mentortype"
    mentor_type.save()
    assert load_labels("da").mentor_types[mentor_type.code] == "Omdøbt mentortype"
