"""Free text that staff write warns on anything that looks like a CPR number and refuses it
unless the writer confirms; the text typed stays in the form."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from mentor.free_text import CONFIRM_FIELD, NoCprInFreeText
from mentor.models import AccessAction, AccessLog
from tests.conftest import People
from tests.factories import CitizenFactory, fake_cpr
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.forms import GoalForm, RejectForm, ReturnForm
from visitation.models import Course, JournalEntry

NOTE = "Borgeren (080773-1234) mødte op."


class NoteForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note",)
    note = forms.CharField()


def test_a_cpr_number_in_free_text_is_refused_with_a_warning() -> None:
    form = NoteForm({"note": NOTE})
    assert not form.is_valid()
    assert "CPR-nummer" in form.errors["note"][0]
    assert isinstance(form.fields[CONFIRM_FIELD].widget, forms.CheckboxInput)


def test_the_writer_may_confirm_that_it_is_not_a_cpr_number() -> None:
    assert NoteForm({"note": NOTE, CONFIRM_FIELD: "on"}).is_valid()


def test_text_without_a_cpr_number_needs_no_confirmation() -> None:
    form = NoteForm({"note": "Mødte op kl. 10.30, sag 2024-118."})
    assert form.is_valid()
    assert isinstance(form.fields[CONFIRM_FIELD].widget, forms.HiddenInput)


@pytest.mark.parametrize("form_class, data", [
    (GoalForm, {"description": NOTE, "measure": "Fremmøde"}),
    (RejectForm, {"reason": NOTE}),
    (ReturnForm, {"comment": NOTE}),
])
def test_goals_and_reasons_are_checked(form_class: type[forms.Form], data: dict[str, str]) -> None:
    assert not form_class(data).is_valid()
    assert form_class({**data, CONFIRM_FIELD: "on"}).is_valid()


CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def course(people: People, time_machine: TimeMachineFixture) -> Course:
    time_machine.move_to(datetime.datetime(2017, 3, 20, 10, tzinfo=CPH), tick=False)
    return right_and_duty_course(people, first_name="Ditte", last_name="Hemmelig")


def _entry(**overrides: str) -> dict[str, str]:
    return {"contact_date": "2017-03-18", "form": "meeting", "duration_minutes": "45",
            "phase": "course", "note": NOTE, "phone_reason": "", **overrides}


def test_a_journal_note_with_a_cpr_number_is_not_saved_and_nothing_is_lost(
        client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.post(reverse("journal_entry_add", args=[course.pk]), _entry())
    body = response.content.decode()
    assert response.status_code == 200
    assert not JournalEntry.objects.exists()
    assert NOTE in body
    assert f'name="{CONFIRM_FIELD}"' in body and 'type="checkbox"' in body


def test_a_confirmed_journal_note_is_saved(client: Client, people: People, course: Course) -> None:
    client.force_login(people.mentor_user)
    client.post(reverse("journal_entry_add", args=[course.pk]), _entry(**{CONFIRM_FIELD: "on"}))
    assert JournalEntry.objects.get().note == NOTE


def test_a_look_up_reason_with_a_cpr_number_is_refused(client: Client, people: People) -> None:
    number = fake_cpr()
    CitizenFactory(team=people.team, cpr=number)
    client.force_login(people.manager)
    response = client.post(reverse("manager_lookup"), {
        "cpr": number, "reason": f"Klage fra borgeren med CPR {number[:6]}-{number[6:]}"})
    assert response.status_code == 200
    assert not AccessLog.objects.filter(action=AccessAction.LOOKUP).exists()
