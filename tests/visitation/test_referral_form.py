"""The referral form: facts prefilled from the citizen, drafts, submission, § 31 d."""

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from mentor.models import Citizen, ProviderKind
from tests.conftest import People
from tests.factories import CitizenFactory, ProviderFactory, draft_referral, submitted_referral
from visitation.models import Referral, ReferralStatus
from visitation.services.referrals import referral_return

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, benefit="cash_benefit", in_employment_activity=False)


@pytest.fixture
def caseworker(client: Client, people: People) -> Client:
    client.force_login(people.caseworker)
    return client


FormValue = str | int | list[str]


def form_data(action: str = "draft", **overrides: FormValue) -> dict[str, FormValue]:
    data: dict[str, FormValue] = {
        "action": action, "facts-benefit": "cash_benefit", "facts-activity_ready": "on",
        "facts-can_take_part_in_offers": "on", "facts-previous_jobcentre_contact": "on",
        "facts-in_employment_activity": "on",
        "visitation_grounds": ["offer_retention", "workplace_norms"],
        "grounds_text": "Skal fastholdes i praktik.", "service_level": "2",
        "hours_per_week": "1.5", "proposed_start": "2026-12-01",
        "goals-TOTAL_FORMS": "2", "goals-INITIAL_FORMS": "0", "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20", "goals-0-description": "Møde stabilt",
        "goals-0-measure": "Fremmøde pr. uge", "goals-1-description": "",
        "goals-1-measure": ""}
    data.update(overrides)
    return data


def test_the_form_is_prefilled_with_the_citizens_facts_and_shows_the_decision(
        caseworker: Client, citizen: Citizen) -> None:
    response = caseworker.get(f"/citizens/{citizen.pk}/referrals/new/")
    assert response.context["facts_form"]["benefit"].value() == "cash_benefit"
    assert response.context["decision"].kind == "not_eligible"
    assert f'data-preview-url="/citizens/{citizen.pk}/referrals/preview/"' in \
        response.content.decode()


def test_saving_a_draft_keeps_it_and_saves_the_facts_on_the_citizen(
        caseworker: Client, citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/", form_data())
    referral = Referral.objects.get()
    citizen.refresh_from_db()
    assert response["Location"] == f"/referrals/{referral.pk}/edit/"
    assert referral.status == ReferralStatus.DRAFT and referral.decision_kind == "offer"
    assert citizen.in_employment_activity is True
    assert referral.facts_snapshot["in_employment_activity"] is True
    assert [g.description for g in referral.goals.all()] == ["Møde stabilt"]


def test_submitting_from_the_form_sends_it_to_visitation(caseworker: Client,
                                                         citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/", form_data("submit"))
    referral = Referral.objects.get()
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert referral.status == ReferralStatus.SUBMITTED


def test_submitting_without_a_goal_or_ground_shows_errors_and_keeps_the_input(
        caseworker: Client, citizen: Citizen) -> None:
    missing: dict[str, FormValue] = {"goals-0-description": "", "goals-0-measure": "",
                                     "visitation_grounds": []}
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", **missing))
    page = response.content.decode()
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Vælg mindst ét visitationsgrundlag" in page
    assert "Angiv mindst ét mål" in page
    assert "Skal fastholdes i praktik." in page


def test_a_goal_without_a_measure_is_refused(caseworker: Client, citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data(**{"goals-0-measure": ""}))
    assert "Angiv, hvordan progressionen mod målet måles" in response.content.decode()


def test_a_company_provider_requires_the_section_31d_justification(
        caseworker: Client, citizen: Citizen, people: People) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY)
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", preferred_provider=company.pk))
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "ud over det, virksomheden" in response.content.decode()
    caseworker.post(f"/citizens/{citizen.pk}/referrals/new/", form_data(
        "submit", preferred_provider=company.pk,
        section_31d_justification="Virksomheden har ingen mentorordning; støtten er "
                                  "afgørende for praktikken."))
    assert Referral.objects.get().status == ReferralStatus.SUBMITTED


def test_a_start_in_the_past_is_refused(caseworker: Client, citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data(proposed_start="2026-11-01"))
    assert "kan ikke ligge før i dag" in response.content.decode()


def test_submitting_a_referral_the_rules_do_not_cover_saves_the_draft_and_explains(
        caseworker: Client, citizen: Citizen) -> None:
    data = form_data("submit")
    del data["facts-in_employment_activity"]
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/", data, follow=True)
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.DRAFT
    assert response.redirect_chain[-1][0] == f"/referrals/{referral.pk}/edit/"
    assert "ikke omfattet af reglerne" in response.content.decode()


def test_a_returned_referral_shows_the_comment_and_can_be_resubmitted(
        caseworker: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    referral_return(actor=people.team_leader, referral=referral, comment="Uddyb målet.")
    assert "Uddyb målet." in caseworker.get(f"/referrals/{referral.pk}/edit/").content.decode()
    caseworker.post(f"/referrals/{referral.pk}/edit/", form_data("submit"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_a_submitted_referral_cannot_be_edited(caseworker: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    response = caseworker.get(f"/referrals/{referral.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"


def test_the_caseworker_withdraws_a_draft(caseworker: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker)
    caseworker.post(f"/referrals/{referral.pk}/withdraw/")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_a_submission_the_rules_refuse_keeps_the_draft_and_says_why(
        caseworker: Client, citizen: Citizen) -> None:
    response = caseworker.post(f"/citizens/{citizen.pk}/referrals/new/",
                               form_data("submit", **{"facts-in_employment_activity": ""}),
                               follow=True)
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.DRAFT
    assert response.redirect_chain[-1][0] == f"/referrals/{referral.pk}/edit/"
    page = response.content.decode()
    assert "Kladden er gemt, men kan ikke indsendes" in page and "ikke omfattet" in page
