"""Change history (who changed which field when) on every domain model, visible in the admin."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.conftest import People
from tests.factories import UserFactory

DOMAIN_APPS = ("mentor", "visitation", "agreements", "reporting")

# Models without django-simple-history, and why.
EXEMPT = {
    "mentor.Notification": "a message to one user, not case data",
    "mentor.AccessLog": "itself an append-only audit trail",
    "visitation.ReferralEvent": "an append-only event row: the referral's history",
    "visitation.CourseEvent": "an append-only event row: the course's history",
    "visitation.ContactInterval": "derived from the journal by the contact sweep",
    "visitation.JournalDraft": "unsaved text kept for its author only",
    "visitation.CalendarToken": "a secret's digest; replaced, never edited",
    "agreements.Agreement": "immutable once issued (a change is a new version); every draft "
                            "change is an AgreementEvent",
    "agreements.AgreementEvent": "an append-only event row: the agreement's history",
    "mentor.ApiEvent": "an append-only event row: the case systems' feed",
    "mentor.Heartbeat": "operations' liveness record (worker, sweeps), rewritten every 30 s",
    "mentor.ApiRequest": "itself an append-only record of every token use",
    "mentor.WebhookDelivery": "bookkeeping of one delivery; its attempts are its record",
    "mentor.SignInFailure": "the sign-in throttle's count of wrong passwords; written and "
                            "deleted by it, never edited",
    "mentor.ExternalIdentity": "the link from a user to the provider's stable id; every change "
                               "a sign-in makes to the user is in the user's history",
    "mentor.SavedFilter": "a user's own bookmark of a list's filter, not case data",
    "mentor.Document": "an uploaded file is never edited; who uploaded, scanned and fetched it "
                       "is in its columns and the access log",
    "agreements.Letter": "its text and PDF are frozen when made; every status change is a "
                         "LetterEvent",
    "agreements.LetterEvent": "an append-only event row: the letter's history",
    "agreements.LetterTemplate": "versioned: an edit saves a new row, the old versions stay",
    "agreements.PrintBatch": "bookkeeping of one print run; each letter's events record it",
    "visitation.ComplaintEvent": "an append-only event row: the complaint's history",
    "reporting.SpendingLimitCrossing": "an append-only record that a threshold was crossed "
                                       "(notified once)",
}


def _domain_models() -> list[str]:
    return sorted(f"{m._meta.app_label}.{m.__name__}" for app in DOMAIN_APPS
                  for m in apps.get_app_config(app).get_models()
                  if not m.__name__.startswith("Historical"))


@pytest.mark.parametrize("label", _domain_models())
def test_every_domain_model_keeps_its_change_history(label: str) -> None:
    model = apps.get_model(label)
    tracked = hasattr(model._meta, "simple_history_manager_attribute")
    assert tracked or label in EXEMPT, (
        f"{label} has no change history: add `history = HistoricalRecords()` to it (and a "
        f"migration), or add it to EXEMPT in {__name__} with the reason")


def test_exemptions_name_models_that_exist() -> None:
    assert set(EXEMPT) <= set(_domain_models())


def test_history_records_who_changed_a_citizen(client: Client, people: People) -> None:
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    client.post(reverse("citizen_edit", args=[citizen.pk]), {
        "first_name": citizen.first_name, "last_name": "Nyt-Navn", "benefit": "cash_benefit",
        "previous_jobcentre_contact": "on"})
    latest = citizen.history.order_by("-history_date").first()
    assert latest.last_name == "Nyt-Navn"
    assert latest.history_user == people.caseworker


def test_user_history_keeps_role_changes_but_not_logins(client: Client, people: People) -> None:
    from django.contrib.auth.models import Group

    before = people.caseworker.history.count()
    client.force_login(people.caseworker)
    client.logout()
    client.post(reverse("login"), {"username": "caseworker", "password": "Password-123!"})
    assert people.caseworker.history.count() == before
    people.caseworker.groups.add(Group.objects.get(name="team_leader"))
    assert people.caseworker.history.count() == before + 1


def test_superuser_sees_the_history_of_a_team_in_the_admin(client: Client, people: People) -> None:
    people.team.name = "Job og Fremtid"
    people.team.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:mentor_team_history", args=[people.team.pk]))
    assert response.status_code == 200
    assert "Job og Fremtid" in response.content.decode()
