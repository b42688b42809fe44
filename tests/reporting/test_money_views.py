"""The money pages: who may open them, what they show, that their query counts do not grow
with the data, and that the basis is entered and imported cleanly."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.models import User
from reporting.models_limit import OtherSpend, SpendingLimitSettings, TargetGroupPersons
from tests.conftest import People
from tests.reporting.money_helpers import basis, course, line, minutes

D = datetime.date
NOW = datetime.datetime(2026, 10, 15, 12, tzinfo=datetime.UTC)
PAGES = ("money_limit", "money_norms", "money_providers", "money_trends",
         "money_limit_settings")

pytestmark = pytest.mark.usefixtures("travel")


@pytest.fixture
def travel() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def get(client: Client, user: User, name: str, query: str = "") -> int:
    client.force_login(user)
    return client.get(reverse(name) + query).status_code


@pytest.mark.parametrize("name", PAGES)
def test_managers_and_administrators_open_the_money_pages(name: str, people: People,
                                                          client: Client) -> None:
    assert get(client, people.manager, name) == 200
    assert get(client, people.administrator, name) == 200


@pytest.mark.parametrize("name", [*PAGES, "money_limit_basis"])
def test_no_one_else_learns_that_they_exist(name: str, people: People, client: Client) -> None:
    for user in (people.caseworker, people.team_leader, people.mentor_user, people.outsider):
        assert get(client, user, name) == 404, user.username


def test_only_administrators_enter_the_limit_s_basis(people: People, client: Client) -> None:
    assert get(client, people.manager, "money_limit_basis") == 404
    assert get(client, people.administrator, "money_limit_basis") == 200


def test_a_visitor_is_sent_to_log_in(client: Client) -> None:
    assert client.get(reverse("money_limit")).status_code == 302


def test_the_manager_s_menu_and_the_dashboard_link_to_the_money(people: People,
                                                                 client: Client) -> None:
    client.force_login(people.manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert page.count(reverse("money_limit")) == 2  # the menu and the dashboard's button
    client.force_login(people.team_leader)
    assert reverse("money_limit") not in client.get(reverse("dashboard")).content.decode()


def test_the_limit_page_states_the_forecast_s_method_and_warns(people: People,
                                                              client: Client) -> None:
    basis(people.municipality, 2026, "10")
    ended = course(people, D(2026, 1, 1), D(2026, 5, 31), ended=True)
    line(ended, D(2026, 1, 1), D(2026, 1, 31), "90000")
    client.force_login(people.manager)
    page = client.get(reverse("money_limit")).content.decode()
    assert "Sådan er prognosen regnet" in page
    assert "timer pr. uge × 52 / 12 × timepris" in page
    assert "Forbruget hidtil har nået 80 % af loftet (84,9 %)." in page


# --- Settings and basis --------------------------------------------------------------------


def test_the_manager_sets_the_thresholds(people: People, client: Client) -> None:
    client.force_login(people.manager)
    response = client.post(reverse("money_limit_settings"), {
        "thresholds": "75; 90;100", "counted_kinds": ["invoice"], "run_rate_months": "3",
        "reason": "Budgetopfølgning"})
    assert response.status_code == 302
    settings = SpendingLimitSettings.objects.get()
    assert (settings.thresholds, settings.counted_kinds, settings.run_rate_months) == (
        [75, 90, 100], ["invoice"], 3)
    assert settings.history.first().history_user == people.manager


def test_bad_thresholds_are_refused_and_nothing_changes(people: People,
                                                       client: Client) -> None:
    client.force_login(people.manager)
    response = client.post(reverse("money_limit_settings"), {
        "thresholds": "80; mange", "counted_kinds": ["invoice"], "run_rate_months": "6"})
    assert response.status_code == 200
    assert "Skriv hele procenter" in response.content.decode()
    assert not SpendingLimitSettings.objects.exists()


def test_the_administrator_enters_persons_and_a_month(people: People, client: Client) -> None:
    client.force_login(people.administrator)
    client.post(reverse("money_limit_basis"), {
        "action": "persons", "persons-year": "2026", "persons-full_time_persons": "1.234,5",
        "persons-source": "STAR, marts 2026"})
    client.post(reverse("money_limit_basis"), {
        "action": "other", "other-year": "2026", "other-month": "3",
        "other-amount": "812.345,50"})
    assert TargetGroupPersons.objects.get().full_time_persons == Decimal("1234.5")
    assert OtherSpend.objects.get().amount == Decimal("812345.50")
    assert OtherSpend.objects.get().month == D(2026, 3, 1)


def test_a_csv_import_saves_every_row(people: People, client: Client) -> None:
    client.force_login(people.administrator)
    text = "Måned;Beløb;Bemærkning\n2026-01;700.000,00;Jan\n02-2026;710000,5;\n"
    response = client.post(reverse("money_limit_basis"), {
        "action": "import", "import-what": "other",
        "import-file": SimpleUploadedFile("oevo.csv", ("\ufeff" + text).encode())})
    assert response.status_code == 302
    assert list(OtherSpend.objects.order_by("month").values_list("amount", flat=True)) == [
        Decimal("700000.00"), Decimal("710000.50")]


def test_a_bad_line_imports_nothing_and_says_which(people: People, client: Client) -> None:
    client.force_login(people.administrator)
    text = "2026-01;700.000,00\n2026-13;1\n"
    response = client.post(reverse("money_limit_basis"), {
        "action": "import", "import-what": "other",
        "import-file": SimpleUploadedFile("oevo.csv", text.encode())})
    assert response.status_code == 200
    assert "Linje 2 kan ikke læses" in response.content.decode()
    assert not OtherSpend.objects.exists()


# --- Query counts --------------------------------------------------------------------------


def grow(people: People, n: int) -> None:
    for i in range(n):
        made = course(people, D(2026, 1 + i % 9, 1), D(2026, 12, 31), hours="2.0",
                      tasks=("motivational_talks",))
        line(made, D(2026, 1 + i % 9, 1), D(2026, 1 + i % 9, 28), "1000", hours="2")
        minutes(made, D(2026, 1 + i % 9, 3), 60, people)


def count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", [*PAGES, "money_limit_basis"])
def test_the_query_count_is_the_same_with_2_and_8_courses(name: str, people: People,
                                                          client: Client) -> None:
    client.force_login(people.administrator)
    basis(people.municipality, 2026, "100", {1: "1000"})
    url = reverse(name) + ("?threshold=5" if name == "money_norms" else "")
    grow(people, 2)
    small = count(client, url)
    grow(people, 6)
    basis(people.municipality, 2025, "90", {2: "1000", 3: "2000"})
    assert count(client, url) == small
