"""The mentor picker: the search behind it (who may use it, what it returns) and the forms
that use it (the referral form, the approval, the change of mentor)."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentor.models import Citizen, ProviderKind
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, MunicipalityFactory, ProviderFactory
from tests.visitation.test_referral_form import form_data
from visitation.mentor_search import MAX_RESULTS
from visitation.models import Referral

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
SEARCH = "/mentors/search/"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, benefit="cash_benefit", in_employment_activity=True)


@pytest.fixture
def caseworker(client: Client, people: People) -> Client:
    client.force_login(people.caseworker)
    return client


def names(response: TestResponse) -> list[str]:
    return [mentor["name"] for mentor in response.json()["results"]]


def picker_of(page: str, name: str) -> str:
    """The picker's text input for the field ``name``."""
    found = re.search(rf'<input type="text"[^>]*id="id_{name}"[^>]*>', page)
    assert found, f"no picker for {name}"
    return found.group(0)


# --- The search -------------------------------------------------------------------------------
def test_a_caseworker_finds_mentors_by_name_with_provider_and_capacity(caseworker: Client,
                                                                       people: People) -> None:
    response = caseworker.get(SEARCH, {"q": "maja"})
    [mentor] = response.json()["results"]
    assert mentor["id"] == people.mentor.pk and mentor["name"] == "Maja Mentor"
    assert mentor["provider"] == people.mentor.provider.name
    assert mentor["detail"].endswith("timer ledigt pr. uge")
    assert "1 mentor fundet" in response.json()["message"]


def test_a_team_leader_may_search(client: Client, people: People) -> None:
    client.force_login(people.team_leader)
    assert client.get(SEARCH).status_code == 200


@pytest.mark.parametrize("role", ["mentor_user", "manager", "administrator"])
def test_roles_that_choose_no_mentor_are_refused(client: Client, people: People, role: str) -> None:
    client.force_login(getattr(people, role))
    assert client.get(SEARCH, {"q": "maja"}).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get(SEARCH)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_mentors_of_another_municipality_are_never_returned(caseworker: Client,
                                                            people: People) -> None:
    elsewhere = ProviderFactory(municipality=MunicipalityFactory(name="Andenkommune"))
    MentorFactory(provider=elsewhere, name="Maja Fremmed")
    assert names(caseworker.get(SEARCH, {"q": "maja"})) == ["Maja Mentor"]
    assert "Maja Fremmed" not in names(caseworker.get(SEARCH))


def test_inactive_mentors_and_providers_are_left_out(caseworker: Client, people: People) -> None:
    MentorFactory(provider=people.mentor.provider, name="Maja Inaktiv", active=False)
    closed = ProviderFactory(municipality=people.municipality, active=False)
    MentorFactory(provider=closed, name="Maja Lukket")
    assert names(caseworker.get(SEARCH, {"q": "maja"})) == ["Maja Mentor"]


def test_the_search_returns_at_most_a_page_of_mentors(caseworker: Client, people: People) -> None:
    for index in range(MAX_RESULTS + 5):
        MentorFactory(provider=people.mentor.provider, name=f"Mentor {index:02d}")
    assert len(names(caseworker.get(SEARCH, {"q": "mentor"}))) == MAX_RESULTS


def test_the_search_costs_the_same_few_queries_however_many_mentors(caseworker: Client,
                                                                     people: People) -> None:
    caseworker.get(SEARCH)  # the session and the user's state, read once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert caseworker.get(SEARCH, {"q": "mentor"}).status_code == 200
        return len(captured)

    few = queries()
    for index in range(30):
        MentorFactory(provider=ProviderFactory(municipality=people.municipality),
                      name=f"Mentor {index}")
    assert queries() == few <= 4


def test_the_search_narrows_to_the_mentor_type_and_capacity(caseworker: Client,
                                                            people: People) -> None:
    MentorFactory(provider=people.mentor.provider, name="Maja Ucertificeret")
    mentor_type = people.mentor.certifications.all()[0].mentor_type
    assert names(caseworker.get(SEARCH, {"q": "maja"})) == ["Maja Mentor", "Maja Ucertificeret"]
    assert names(caseworker.get(SEARCH, {"q": "maja", "mentor_type": str(mentor_type.pk)})) == [
        "Maja Mentor"]
    assert names(caseworker.get(SEARCH, {"q": "maja", "min_hours": "500"})) == []
    assert names(caseworker.get(SEARCH, {"q": "maja", "exclude": str(people.mentor.pk)})) == [
        "Maja Ucertificeret"]
    # Malformed numbers narrow nothing.
    assert len(names(caseworker.get(SEARCH, {"q": "maja", "min_hours": "x",
                                             "mentor_type": "y"}))) == 2


def test_no_cpr_number_is_in_the_answer(caseworker: Client, people: People,
                                        citizen: Citizen) -> None:
    body = caseworker.get(SEARCH).content.decode()
    assert citizen.cpr_masked not in body and "cpr" not in body.lower()


# --- The referral form ------------------------------------------------------------------------
def test_the_referral_form_lists_no_mentors(caseworker: Client, people: People,
                                            citizen: Citizen) -> None:
    for index in range(5):
        MentorFactory(provider=people.mentor.provider, name=f"Listet {index}")
    page = caseworker.get(f"/citizens/{citizen.pk}/referrals/new/").content.decode()
    assert "Listet" not in page and "Maja Mentor" not in page
    picker = picker_of(page, "preferred_mentor")
    assert 'role="combobox"' in picker and 'aria-controls="id_preferred_mentor_listbox"' in picker
    assert re.search(r'<label\s+for="id_preferred_mentor"', page)
    assert 'data-picker-depends="mentor_type=id_mentor_type,provider=id_preferred_provider"' \
        in picker


def test_the_referral_form_submits_with_a_chosen_mentor_and_shows_it(
        caseworker: Client, people: People, citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", preferred_mentor=people.mentor.pk))
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.preferred_mentor == people.mentor
    assert referral.status == "submitted"


def test_a_draft_shows_its_chosen_mentor_in_the_picker(caseworker: Client, people: People,
                                                       citizen: Citizen) -> None:
    caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                    form_data("draft", preferred_mentor=people.mentor.pk))
    referral = Referral.objects.get()
    page = caseworker.get(f"/referrals/{referral.pk}/edit/").content.decode()
    assert 'value="Maja Mentor (' in picker_of(page, "preferred_mentor")
    assert f'name="preferred_mentor" value="{people.mentor.pk}"' in page


@pytest.mark.parametrize("who", ["inactive", "other municipality"])
def test_a_mentor_not_on_offer_is_refused(caseworker: Client, people: People, citizen: Citizen,
                                       who: str) -> None:
    if who == "inactive":
        mentor = MentorFactory(provider=people.mentor.provider, active=False)
    else:
        mentor = MentorFactory(provider=ProviderFactory(
            municipality=MunicipalityFactory(name="Andenkommune")))
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", preferred_mentor=mentor.pk))
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Det valg, du har foretaget, er ikke blandt de tilgængelige valgmuligheder" in \
        response.content.decode()
    assert mentor.name not in response.content.decode()


def test_the_provider_select_marks_the_section_31d_providers(caseworker: Client, people: People,
                                                             citizen: Citizen) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY)
    school = ProviderFactory(municipality=people.municipality, kind=ProviderKind.EDUCATION)
    page = caseworker.get(f"/citizens/{citizen.pk}/referrals/new/").content.decode()
    marked = re.findall(r'<option value="(\d+)" data-section-31d="1"', page)
    assert sorted(marked) == sorted([str(company.pk), str(school.pk)])


# --- The change of mentor ---------------------------------------------------------------------
def test_the_change_of_mentor_searches_only_other_certified_mentors_with_room(client: Client,
                                                                            people: People) -> None:
    from tests.factories import certify, open_course

    course = open_course(citizen=CitizenFactory(team=people.team, in_employment_activity=True),
                         caseworker=people.caseworker, mentor=people.mentor,
                         approver=people.team_leader, decision_date=NOW.date())
    other = MentorFactory(provider=people.mentor.provider, name="Maja Anden")
    certify(other, course.mentor_type.code, granted_by=people.manager)
    client.force_login(people.team_leader)
    page = client.get(f"/courses/{course.pk}/reassign/").content.decode()
    found = re.search(r'data-picker-url="([^"]+)"', page)
    assert found is not None
    url = html.unescape(found.group(1))
    assert names(client.get(f"{url}&q=maja")) == ["Maja Anden"]
    response = client.post(f"/courses/{course.pk}/reassign/",
                           {"mentor": other.pk, "reason": "Bedre match"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.mentor == other
