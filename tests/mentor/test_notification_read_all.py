"""Mark all as read: one POST marks every unread notification of the user read, and the
unread count in the menu (the cached user state) follows at once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentor.models import Notification
from mentor.services import notification_mark_all_read, notify
from tests.conftest import People
from tests.second_factor import TwoFactorClient

pytestmark = pytest.mark.django_db


def test_every_unread_notification_of_the_user_is_marked_read(people: People) -> None:
    for n in (1, 2, 3):
        notify(user=people.caseworker, code="referral_rejected", params={"referral": n})
    notify(user=people.team_leader, code="referral_rejected", params={"referral": 4})
    assert notification_mark_all_read(user=people.caseworker) == 3
    assert not Notification.objects.filter(user=people.caseworker, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=people.team_leader, read_at__isnull=True).exists()
    assert notification_mark_all_read(user=people.caseworker) == 0


def test_the_menu_count_drops_after_the_post(people: People, client: Client) -> None:
    notify(user=people.caseworker, code="referral_rejected", params={"referral": 1})
    client.force_login(people.caseworker)
    assert client.get(reverse("notification_list")).context["nav"].unread == 1
    response = client.post(reverse("notification_read_all"))
    assert response.status_code == 302
    assert client.get(reverse("notification_list")).context["nav"].unread == 0


def test_it_takes_a_post_with_the_csrf_token(people: People) -> None:
    notify(user=people.caseworker, code="referral_rejected", params={"referral": 1})
    client = TwoFactorClient(enforce_csrf_checks=True)
    client.force_login(people.caseworker)
    assert client.get(reverse("notification_read_all")).status_code == 405
    assert client.post(reverse("notification_read_all")).status_code == 403
    assert Notification.objects.filter(user=people.caseworker, read_at__isnull=True).exists()
