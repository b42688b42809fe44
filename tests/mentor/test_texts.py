"""Texts the system writes are stored as a code and parameters (mentor/texts.py) and read in
the reader's language: no page in English shows a Danish text the system stored."""

import datetime
import importlib
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mentor import texts
from mentor.models import Notification
from mentor.services import notify
from tests.conftest import People
from tests.mentor.test_translations import catalogue
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import ReferralEvent, ReferralStatus, ReviewKind, ReviewOutcome
from visitation.services.reviews import GoalProgression, review_complete

CPH = ZoneInfo("Europe/Copenhagen")
# A value for every parameter any text takes.
PARAMS = {"referral": 7, "course": 12, "label": "#12 (AB)", "due": "2017-04-02",
          "end_date": "2017-09-30", "ended_on": "2017-05-01", "start_date": "2017-04-01",
          "days": 3, "mentor": "Mette Mentor", "kind": ReviewKind.PRE_END, "week": "14",
          "contacts": 2, "reviews": 1, "outcome": ReviewOutcome.EXTEND, "initials": "AB",
          "release_date": "2026-12-01", "count": 3, "caseworker": "Karim Sagsbehandler",
          "citizens": 2, "referrals": 1, "courses": 4, "from": "Sofie", "to": "Karim",
          "months": 3,
          "threshold": 80, "year": "2026", "share": 84.9,
          "complaint": 5, "level": 2}
# History lines and stored errors render with their own parameters (a letter's, a course's).
NOTIFICATION_CODES = [code for code in texts.TEXTS if not code.startswith((
    "course_event.", "referral_event.", "letter_event.", "letter_error."))]


def test_every_text_has_an_english_translation() -> None:
    english = catalogue()
    with translation.override("da"):  # the msgids
        danish = [str(text) for text in texts.TEXTS.values()]
    assert [msgid for msgid in danish if not english.get(msgid)] == []


@pytest.mark.parametrize("code", NOTIFICATION_CODES)
def test_a_notification_renders_in_both_languages_with_all_its_parameters(code: str) -> None:
    for language in ("da", "en"):
        with translation.override(language):
            text = texts.render(code, PARAMS)
        assert text and "%(" not in text


def test_dates_and_choices_are_written_for_the_readers_language() -> None:
    params = {"kind": ReviewKind.PERIODIC, "label": "#3 (AB)", "due": "2017-04-02"}
    with translation.override("da"):
        assert texts.render("review_due", params) == (
            "Løbende opfølgning i mentorforløb #3 (AB) forfalder den 2. april 2017.")
    with translation.override("en"):
        assert texts.render("review_due", params) == (
            "Ongoing review in mentor course #3 (AB) is due on April 2, 2017.")


def test_an_unknown_code_shows_the_text_stored_with_the_row() -> None:
    assert texts.render("", {}, fallback="Gammel besked") == "Gammel besked"


def test_notify_refuses_a_code_that_has_no_text(people: People) -> None:
    with pytest.raises(ValueError, match=r"mentor/texts\.py"):
        notify(user=people.caseworker, code="no_such_text")


def test_the_data_migration_maps_the_old_danish_texts_to_codes() -> None:
    migration = importlib.import_module("mentor.migrations.0014_notification_code")
    assert migration.parse("Indstilling #5 venter på visitation.") == (
        "referral_awaits_visitation", {"referral": 5})
    assert migration.parse("Løbende opfølgning i mentorforløb #3 (AB) forfalder den "
                           "02.04.2017.") == (
        "review_due", {"kind": "periodic", "label": "#3 (AB)", "due": "2017-04-02"})
    assert migration.parse("Kontakten i mentorforløb #3 (AB) er overskredet: den forfaldt "
                           "16.03.2017 (4 dage siden). Mentor: ingen mentor tilknyttet.") == (
        "contact_escalated_no_mentor", {"label": "#3 (AB)", "due": "2017-03-16", "days": 4})
    assert migration.parse("Noget helt andet.") is None


def test_no_page_in_english_shows_a_danish_text_the_system_stored(client: Client, people: People,
                                                                   time_machine: Any) -> None:
    time_machine.move_to(datetime.datetime(2017, 4, 2, 10, tzinfo=CPH), tick=False)
    course = right_and_duty_course(people)
    review = course.reviews.get(kind=ReviewKind.PRE_END)
    review_complete(actor=people.mentor_user, review=review, effect="Stabilt fremmøde.",
                    progression=[GoalProgression(goal_id=g.pk, scale=3, text="Godt")
                                 for g in course.referral.goals.all()],
                    ready_for_active_offer=False, outcome=ReviewOutcome.EXTEND)
    referral = course.referral
    ReferralEvent.objects.create(referral=referral, actor=people.caseworker, from_status="",
                                 to_status=ReferralStatus.DRAFT)
    ReferralEvent.objects.create(referral=referral, actor=people.caseworker,
                                 from_status=ReferralStatus.RETURNED,
                                 to_status=ReferralStatus.SUBMITTED)
    for code in NOTIFICATION_CODES:
        notify(user=people.caseworker, code=code, params=PARAMS)
    stored = set(Notification.objects.filter(user=people.caseworker)
                 .values_list("message", flat=True))
    assert len(stored) > len(NOTIFICATION_CODES) // 2
    danish = [*stored, "Kladde oprettet", "Indsendt igen efter retur", "Opfølgning gennemført",
              "Opfølgning før periodens udløb", "review_completed", "anbefaling"]

    client.force_login(people.caseworker)
    client.cookies.load({"django_language": "en"})
    for url in (reverse("notification_list"), reverse("course_detail", args=[course.pk]),
                reverse("referral_detail", args=[referral.pk])):
        page = client.get(url).content.decode()
        assert '<html lang="en">' in page
        assert [text for text in danish if text in page] == [], url
    notifications = client.get(reverse("notification_list")).content.decode()
    assert "Review done in mentor course" in notifications
    history = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "Review completed" in history and "Review before the period ends: Extend" in history


def test_the_data_migration_clears_the_danish_history_texts_the_system_wrote(
        people: People) -> None:
    from django.apps import apps

    migration = importlib.import_module("visitation.migrations.0009_event_texts_as_codes")
    referral = right_and_duty_course(people).referral
    created = ReferralEvent.objects.create(referral=referral, actor=people.caseworker,
                                           from_status="", to_status=ReferralStatus.DRAFT,
                                           reason="Kladde oprettet")
    own = ReferralEvent.objects.create(referral=referral, actor=people.team_leader,
                                       from_status=ReferralStatus.SUBMITTED,
                                       to_status=ReferralStatus.RETURNED,
                                       reason="Kladde oprettet")  # a person's own words
    migration.forwards(apps, None)
    created.refresh_from_db()
    own.refresh_from_db()
    assert (created.reason, own.reason) == ("", "Kladde oprettet")
    with translation.override("en"):
        assert created.note == "Draft created"


def test_the_notification_migration_gives_old_rows_their_code(people: People) -> None:
    from django.apps import apps

    migration = importlib.import_module("mentor.migrations.0014_notification_code")
    old = Notification.objects.create(user=people.caseworker,
                                      message="Indstilling #5 er afvist.")
    unknown = Notification.objects.create(user=people.caseworker, message="Noget andet.")
    migration.forwards(apps, None)
    old.refresh_from_db()
    unknown.refresh_from_db()
    assert (old.code, old.params) == ("referral_rejected", {"referral": 5})
    assert unknown.code == "" and unknown.text == "Noget andet."
    with translation.override("en"):
        assert old.text == "Referral #5 has been rejected."
