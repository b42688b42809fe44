"""Templates the municipality edits: validated placeholders, versions, previews, and letters
that never change once made."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from agreements import letters
from agreements.models_letters import LetterKind, LetterTemplate
from agreements.services_letters import (
    current_template,
    letter_for_grant,
    letter_template_save,
    template_text,
)
from mentor.models import AccessAction, AccessLog
from mentor.services import DomainError, NotPermitted
from tests.agreements.letters.conftest import deliver, pdf_text, stored_pdf
from tests.conftest import People
from tests.second_factor import TwoFactorClient
from visitation.models import Course

BODY = "Kære {borger_navn}\n\nDu får {afgørelse} fra {periode_start}."


def test_the_seeded_templates_use_only_their_kinds_placeholders() -> None:
    from agreements.letter_defaults import DEFAULT_TEMPLATES

    for (kind, _language), (subject, body) in DEFAULT_TEMPLATES.items():
        assert letters.template_problems(kind, subject + body) == [], kind


def test_an_unknown_placeholder_is_refused_by_name(people: People) -> None:
    with pytest.raises(DomainError, match=r"Ukendt pladsholder: \{borger_adresse\}"):
        letter_template_save(actor=people.administrator, kind=LetterKind.GRANT, language="da",
                             subject="Afgørelse", body="Kære {borger_adresse}",
                             reason="Ny tekst")
    assert current_template(LetterKind.GRANT, "da").version == 1  # type: ignore[union-attr]


def test_a_placeholder_of_another_kind_is_refused(people: People) -> None:
    with pytest.raises(DomainError, match="ophørsdato"):
        letter_template_save(actor=people.administrator, kind=LetterKind.GRANT, language="da",
                             subject="Afgørelse", body="Støtten ophører {ophørsdato}.",
                             reason="Ny tekst")


@pytest.mark.parametrize("body", ["{% load static %}Kære {borger_navn}",
                                  "Kære {{ borger_navn }}", "Kære {borger_navn"])
def test_template_code_and_stray_brackets_are_refused(people: People, body: str) -> None:
    with pytest.raises(DomainError, match=r"krøllet|krøllede"):
        letter_template_save(actor=people.administrator, kind=LetterKind.GRANT, language="da",
                             subject="Afgørelse", body=body, reason="Ny tekst")


def test_substitution_is_plain_text() -> None:
    text = letters.render_text("Kære {borger_navn}, { afgørelse }",
                               {"borger_navn": "<b>Ib</b> {x}", "afgørelse": "tilbud"})
    assert text == "Kære <b>Ib</b> {x}, tilbud"


def test_saving_makes_a_new_version(people: People) -> None:
    saved = letter_template_save(actor=people.administrator, kind=LetterKind.GRANT,
                                 language="da", subject="Du får mentorstøtte", body=BODY,
                                 reason="Kortere tekst")
    assert saved.version == 2 and saved.created_by == people.administrator
    assert template_text(LetterKind.GRANT, "da")[1:] == ("Du får mentorstøtte", BODY)
    assert LetterTemplate.objects.filter(kind=LetterKind.GRANT, language="da").count() == 2


def test_only_an_administrator_edits_templates(people: People) -> None:
    with pytest.raises(NotPermitted):
        letter_template_save(actor=people.caseworker, kind=LetterKind.GRANT, language="da",
                             subject="X", body=BODY, reason="Y")


def test_a_sent_letter_never_changes_when_the_template_changes(people: People,
                                                               course: Course) -> None:
    letter = deliver(letter_for_grant(actor=people.team_leader, course=course))
    before = (letter.subject, letter.body, letter.checksum, stored_pdf(letter))
    letter_template_save(actor=people.administrator, kind=LetterKind.GRANT, language="da",
                         subject="Ny overskrift", body=BODY, reason="Ny tekst")
    letter.refresh_from_db()
    assert (letter.subject, letter.body, letter.checksum, stored_pdf(letter)) == before
    assert "Ny overskrift" not in pdf_text(stored_pdf(letter))
    # A download gives the stored bytes, not a new rendering.
    client = TwoFactorClient()
    client.force_login(people.caseworker)
    response = client.get(reverse("letter_download", args=[letter.pk]))
    assert response.content == before[3]
    assert response["X-Checksum-SHA256"] == before[2]


def test_the_editor_names_an_unknown_placeholder_and_keeps_the_text(
        client: Client, people: People) -> None:
    client.force_login(people.administrator)
    url = reverse("letter_template_edit", args=["grant", "da"])
    body = "Kære {borger_navn}, din sag {sagsnr}."
    response = client.post(url, {"subject": "Afgørelse", "body": body, "reason": "Ny",
                                 "save": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ukendt pladsholder: {sagsnr}" in page
    assert "din sag {sagsnr}" in page  # nothing lost
    assert current_template(LetterKind.GRANT, "da").version == 1  # type: ignore[union-attr]


def test_the_editor_saves_a_new_version(client: Client, people: People) -> None:
    client.force_login(people.administrator)
    url = reverse("letter_template_edit", args=["grant", "da"])
    response = client.post(url, {"subject": "Du får mentorstøtte", "body": BODY,
                                 "reason": "Kortere", "save": "1"})
    assert response.status_code == 302
    assert current_template(LetterKind.GRANT, "da").version == 2  # type: ignore[union-attr]


def test_the_editor_previews_with_made_up_values_without_saving(client: Client,
                                                                people: People) -> None:
    client.force_login(people.administrator)
    url = reverse("letter_template_edit", args=["grant", "da"])
    response = client.post(url, {"subject": "Du får mentorstøtte", "body": BODY,
                                 "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kære Eksempel Borgersen" in page and "Klagevejledning" in page
    assert current_template(LetterKind.GRANT, "da").version == 1  # type: ignore[union-attr]


def test_a_preview_with_a_real_case_is_access_logged(client: Client, people: People,
                                                     course: Course) -> None:
    admin = people.administrator
    admin.groups.add(*people.caseworker.groups.all())
    admin.teams.add(people.team)
    client.force_login(admin)
    url = reverse("letter_template_preview", args=["grant", "da"])
    response = client.get(url, {"case": f"course:{course.pk}"})
    assert "Kære Søren Ærø-Åberg" in response.content.decode()
    assert AccessLog.objects.filter(user=admin, citizen=course.citizen,
                                    action=AccessAction.VIEW).exists()


def test_a_preview_of_a_case_the_administrator_may_not_see_uses_made_up_values(
        client: Client, people: People, course: Course) -> None:
    client.force_login(people.administrator)
    response = client.get(reverse("letter_template_preview", args=["grant", "da"]),
                          {"case": f"course:{course.pk}"})
    page = response.content.decode()
    assert "Søren" not in page and "Eksempel Borgersen" in page
    assert not AccessLog.objects.filter(citizen=course.citizen).exists()


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "manager"])
def test_the_template_pages_are_for_administrators(client: Client, people: People,
                                                   role: str) -> None:
    user = getattr(people, role)
    client.force_login(user)
    assert client.get(reverse("letter_template_list")).status_code == 403
    assert client.get(reverse("letter_template_edit", args=["grant", "da"])).status_code == 403
