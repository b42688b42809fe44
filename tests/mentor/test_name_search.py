"""Name search regardless of word order, case and how the Danish letters are typed, the same on
PostgreSQL and SQLite (mentor/name_search.py)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from mentor import services
from mentor.models import Citizen
from mentor.name_search import fold, search_name_for
from mentor.selectors_citizens import citizen_search
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, fake_cpr
from visitation.mentor_search import MentorQuery, mentor_search

pytestmark = pytest.mark.django_db

FOLDS = [
    ("Jørgensen", "jorgensen"),
    ("JØRGENSEN", "jorgensen"),
    ("Joergensen", "jorgensen"),
    ("Åse", "aase"),
    ("Aase", "aase"),
    ("Ærø", "aero"),
    ("Mæhl", "maehl"),
    ("Renée  Müller", "renee muller"),
    ("Çelik Ñúñez", "celik nunez"),
    ("Renée", "renee"),
]


@pytest.mark.parametrize(("name", "folded"), FOLDS)
def test_fold(name: str, folded: str) -> None:
    assert fold(name) == folded


def test_fold_treats_a_decomposed_accent_as_the_composed_letter() -> None:
    assert fold("Rene\u0301e") == "renee"


def _search(people: People, query: str) -> list[str]:
    page = citizen_search(people.caseworker, query, None).page
    return sorted(c.full_name for c in page.object_list)


@pytest.fixture
def named(people: People) -> None:
    for first, last in (("Anne", "Hansen"), ("Ole", "Jørgensen"), ("Åse", "Holm"),
                        ("Renée", "Ærøe"), ("Hans", "Annesen")):
        services.citizen_create(actor=people.caseworker, team=people.team, cpr=fake_cpr(),
                                first_name=first, last_name=last)


@pytest.mark.parametrize(("query", "found"), [
    ("jorgensen", ["Ole Jørgensen"]),
    ("JØRGENSEN", ["Ole Jørgensen"]),
    ("joergensen", ["Ole Jørgensen"]),
    ("aase", ["Åse Holm"]),
    ("åse holm", ["Åse Holm"]),
    ("hansen anne", ["Anne Hansen"]),
    ("anne hansen", ["Anne Hansen"]),
    ("renee aeroe", ["Renée Ærøe"]),
    ("RENÉE", ["Renée Ærøe"]),
    ("anne", ["Anne Hansen", "Hans Annesen"]),
    ("hans anne", ["Anne Hansen", "Hans Annesen"]),
    ("olsen", []),
])
def test_citizen_search_finds_names_in_any_order_case_and_spelling(
        people: People, named: None, query: str, found: list[str]) -> None:
    assert _search(people, query) == found


def test_the_citizen_list_finds_jorgensen(people: People, named: None, client: Client) -> None:
    client.force_login(people.caseworker)
    response = client.get(reverse("citizen_list"), {"q": "jorgensen"})
    assert "Ole Jørgensen" in response.content.decode()


def test_editing_a_name_refolds_it(people: People, named: None) -> None:
    citizen = Citizen.objects.get(first_name="Ole")
    services.citizen_update(actor=people.caseworker, citizen=citizen, first_name="Øjvind")
    assert Citizen.objects.get(pk=citizen.pk).search_name == "ojvind jorgensen"


def test_the_migration_folds_names_stored_before(people: People) -> None:
    citizen = CitizenFactory(team=people.team, first_name="Søren", last_name="Ågård")
    Citizen.objects.filter(pk=citizen.pk).update(search_name="søren ågård")
    migration = importlib.import_module("mentor.migrations.0018_citizen_search_name_folded")
    migration.refold(django_apps, None)
    assert Citizen.objects.get(pk=citizen.pk).search_name == search_name_for("Søren", "Ågård")
    assert _search(people, "soren aagaard") == ["Søren Ågård"]


def test_the_access_log_finds_a_user_by_name_regardless_of_danish_letters(
        people: People, client: Client) -> None:
    from mentor.models import AccessAction
    from mentor.permissions import log_access

    citizen = CitizenFactory(team=people.team)
    people.caseworker.last_name = "Sørensen"
    people.caseworker.save()
    log_access(people.caseworker, citizen, action=AccessAction.VIEW, what="Borgerside")
    log_access(people.team_leader, citizen, action=AccessAction.VIEW, what="Teamlederside")
    client.force_login(people.administrator)
    url = reverse("access_log_citizen", args=[citizen.pk])
    text = client.get(url, {"user": "sorensen sofie"}).content.decode()
    assert "Borgerside" in text and "Teamlederside" not in text


def test_the_mentor_picker_finds_mentors_regardless_of_danish_letters(people: People) -> None:
    MentorFactory(name="Søren Østergård", provider=people.mentor.provider)
    found = mentor_search(people.caseworker, MentorQuery(text="ostergaard soren"))
    assert [m.name for m in found] == ["Søren Østergård"]
