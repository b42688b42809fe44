"""Erasure: an anonymised citizen's letters keep their kind, status and dates; their text,
content and stored PDF go."""

from __future__ import annotations

import datetime
import os

import time_machine

from agreements.models_letters import Letter
from agreements.services_letters import letter_for_grant
from mentor.services_security import citizen_erase
from tests.agreements.letters.conftest import actions, deliver
from tests.conftest import People
from visitation.models import Course


def test_erasure_removes_the_letters_text_and_pdf(people: People, course: Course) -> None:
    letter = deliver(letter_for_grant(actor=people.team_leader, course=course))
    path = letter.pdf.path
    Course.objects.filter(pk=course.pk).update(status="ended", ended_on=course.start_date,
                                               end_reason="job")
    with time_machine.travel(datetime.datetime(2023, 6, 1, 10, tzinfo=datetime.UTC)):
        citizen_erase(actor=people.administrator, citizen=course.citizen,
                      reason="Borgeren har bedt om sletning")
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.subject, letter.body, letter.content) == ("", "", {"anonymised": True})
    assert not letter.pdf and letter.kind == "grant" and letter.status == "sent"
    assert not os.path.exists(path)
    assert actions(letter)[-1] == "anonymised"
