"""Every display of a named citizen is logged or shows no name: the administrator's access-log
search and the Django admin's access-log pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mentor.models import AccessAction, AccessLog
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory


def test_the_access_log_search_logs_each_citizen_it_lists(client: Client, people: People) -> None:
    shown = [CitizenFactory(team=people.team, last_name=f"Loggesen {n}") for n in range(3)]
    CitizenFactory(team=people.team, last_name="Andersen")
    client.force_login(people.administrator)
    body = client.get(reverse("access_log_search"), {"q": "loggesen"}).content.decode()
    assert all(c.last_name in body for c in shown)
    rows = AccessLog.objects.filter(user=people.administrator, action=AccessAction.VIEW)
    assert sorted(rows.values_list("citizen_id", flat=True)) == sorted(c.pk for c in shown)


def test_the_admins_access_log_pages_show_no_citizen_name(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, first_name="Hemmelig", last_name="Borgersen")
    row = AccessLog.objects.create(user=people.caseworker, citizen=citizen,
                                   action=AccessAction.VIEW, what="Borgerside")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for url in (reverse("admin:mentor_accesslog_changelist"),
                reverse("admin:mentor_accesslog_change", args=[row.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Borgersen" not in response.content.decode(), url
