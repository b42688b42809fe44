"""The access log: one row per view, download and export of a citizen's data; append-only, also
for a superuser in the admin; the administrator's answer to "who has looked at this citizen?"."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from mentor.models import AccessAction, AccessLog, User
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory


@pytest.fixture
def logged(people: People) -> AccessLog:
    citizen = CitizenFactory(team=people.team, last_name="Loggesen")
    return AccessLog.objects.create(user=people.caseworker, citizen=citizen,
                                    action=AccessAction.VIEW, what="Borgerside")


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_citizen_page_view_writes_exactly_one_row(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    client.get(reverse("citizen_detail", args=[citizen.pk]))
    row = AccessLog.objects.get()
    assert (row.user, row.citizen, row.action) == (people.caseworker, citizen, AccessAction.VIEW)


def test_refused_citizen_page_writes_no_row(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.outsider)
    assert client.get(reverse("citizen_detail", args=[citizen.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_row_cannot_be_changed(logged: AccessLog) -> None:
    logged.what = "noget andet"
    with pytest.raises(PermissionError):
        logged.save()


def test_a_row_cannot_be_deleted(logged: AccessLog) -> None:
    with pytest.raises(PermissionError):
        logged.delete()


def test_rows_cannot_be_changed_or_deleted_in_bulk(logged: AccessLog) -> None:
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=logged.pk).update(what="noget andet")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_a_row(logged: AccessLog) -> None:
    for sql in ("UPDATE mentor_accesslog SET what = 'x'", "DELETE FROM mentor_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.get().what == "Borgerside"


def test_superuser_can_read_the_log_in_the_admin(client: Client, superuser: User,
                                                 logged: AccessLog) -> None:
    client.force_login(superuser)
    response = client.get(reverse("admin:mentor_accesslog_changelist"))
    assert response.status_code == 200
    assert "Borgerside" in response.content.decode()


def test_superuser_cannot_add_change_or_delete_in_the_admin(client: Client, superuser: User,
                                                            logged: AccessLog) -> None:
    client.force_login(superuser)
    add = client.post(reverse("admin:mentor_accesslog_add"), {"what": "falsk"})
    change = client.post(reverse("admin:mentor_accesslog_change", args=[logged.pk]),
                         {"what": "ændret", "action": "view"})
    delete = client.post(reverse("admin:mentor_accesslog_delete", args=[logged.pk]),
                         {"post": "yes"})
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert list(AccessLog.objects.values_list("what", flat=True)) == ["Borgerside"]


def test_superuser_cannot_delete_through_the_admin_bulk_action(client: Client, superuser: User,
                                                               logged: AccessLog) -> None:
    client.force_login(superuser)
    client.post(reverse("admin:mentor_accesslog_changelist"),
                {"action": "delete_selected", "_selected_action": [logged.pk], "post": "yes"})
    assert AccessLog.objects.count() == 1


def test_no_security_page_changes_the_log(client: Client, people: People,
                                          logged: AccessLog) -> None:
    client.force_login(people.administrator)
    for name in ("access_log_citizen", "access_log_export"):
        client.post(reverse(name, args=[logged.citizen_id]), {"what": "x", "at": "2020-01-01"})
    original = AccessLog.objects.get(pk=logged.pk)
    assert (original.what, original.user_id) == ("Borgerside", people.caseworker.pk)


def test_administrator_finds_citizen_by_name_and_sees_who_looked(client: Client, people: People,
                                                                 logged: AccessLog) -> None:
    client.force_login(people.administrator)
    found = client.get(reverse("access_log_search"), {"q": "loggesen"}).content.decode()
    assert reverse("access_log_citizen", args=[logged.citizen_id]) in found
    page = client.get(reverse("access_log_citizen", args=[logged.citizen_id])).content.decode()
    assert str(people.caseworker) in page and "Borgerside" in page


def test_administrator_search_by_full_cpr_opens_the_log(client: Client, people: People) -> None:
    from tests.factories import fake_cpr

    number = fake_cpr()
    citizen = CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.administrator)
    response = client.post(reverse("access_log_search"), {"q": f"{number[:6]}-{number[6:]}"})
    assert response["Location"] == reverse("access_log_citizen", args=[citizen.pk])


def test_administrator_search_for_unknown_cpr_says_so(client: Client, people: People) -> None:
    client.force_login(people.administrator)
    body = client.post(reverse("access_log_search"), {"q": "0101901234"},
                       follow=True).content.decode()
    assert "Ingen borger matcher" in body


def test_administrator_search_with_invalid_cpr_explains(client: Client, people: People) -> None:
    client.force_login(people.administrator)
    body = client.post(reverse("access_log_search"), {"q": "3213901234"},
                       follow=True).content.decode()
    assert "Ugyldigt CPR-nummer" in body


def test_access_log_is_paginated_with_constant_queries(
        client: Client, people: People,
        django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.administrator)
    url = reverse("access_log_citizen", args=[citizen.pk])
    client.get(url)
    counts = []
    for rows in (3, 120):
        AccessLog.objects.bulk_create(
            AccessLog(user=people.caseworker, citizen=citizen, action="view", what="Borgerside")
            for _ in range(rows))
        with django_assert_max_num_queries(40) as captured:
            response = client.get(url)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert "Side 1 af 3" in response.content.decode()


def test_access_log_exports_as_csv_and_logs_the_export(client: Client, people: People,
                                                       logged: AccessLog) -> None:
    client.force_login(people.administrator)
    response = client.get(reverse("access_log_export", args=[logged.citizen_id]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Tidspunkt", "Bruger"]
    assert any("Borgerside" in row for row in rows[1:])
    assert AccessLog.objects.filter(user=people.administrator,
                                    action=AccessAction.EXPORT).count() == 1


@pytest.mark.parametrize("person", ["caseworker", "team_leader", "manager", "mentor_user"])
def test_only_administrators_see_the_access_log(client: Client, people: People, person: str,
                                                logged: AccessLog) -> None:
    client.force_login(getattr(people, person))
    assert client.get(reverse("access_log_search")).status_code == 403
    assert client.get(reverse("access_log_citizen", args=[logged.citizen_id])).status_code == 403
