"""Demo journal entries and completed reviews on whatever demo courses exist.

Synthetic text only. Idempotent: a course that already has journal entries is left alone, so
a second run adds nothing. Contact dates follow each course's interval with some gaps, and a
few courses are left with an overdue contact or review so that reminders, the workspace and
the team leader's list have something to show.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mentor.models import Municipality
from mentor.services import DomainError
from visitation.models import (
    IN_PERSON_FORMS,
    ContactForm,
    Course,
    CourseStatus,
    JournalEntry,
    JournalPhase,
    ReviewOutcome,
    ReviewStatus,
)
from visitation.selectors_compliance import course_last_day
from visitation.services.journal import (
    EntryData,
    contact_tracking_update,
    journal_entry_correct,
)
from visitation.services.reviews import GoalProgression, review_complete

CPH = ZoneInfo("Europe/Copenhagen")

NOTES = {
    JournalPhase.OUTREACH: (
        "Første møde. Vi talte om, hvad borgeren selv ønsker at arbejde med, og aftalte "
        "faste mødetider.",
        "Borgeren mødte ikke op til første aftale; opsøgt på bopælen, og ny tid er aftalt.",
    ),
    JournalPhase.COURSE: (
        "Fulgtes til praktikstedet. Borgeren var spændt, men gennemførte dagen.",
        "Gennemgik breve fra kommunen sammen; borgeren ringede selv til ydelseskontoret.",
        "Snak om døgnrytme. Borgeren har holdt sengetider i to uger.",
        "Deltog som bisidder ved møde med behandlingsstedet. Næste aftale er bekræftet.",
        "Borgeren fortalte om svær uge; vi lavede en plan for de næste dage.",
        "Evaluering af praktikken med arbejdsgiver: fremmødet er stabilt.",
        "Hjælp til at søge uddannelse; ansøgningen er sendt.",
    ),
    JournalPhase.CLOSING: (
        "Afslutningssamtale. Vi gennemgik forløbet og hvad borgeren tager med sig.",
        "Overlevering til sagsbehandler og praktiksted; borgeren kender sine kontakter.",
    ),
}
PHONE_REASONS = ("Borgeren var syg og kunne ikke møde.",
                 "Akut behov for afklaring mellem to møder.")
EFFECTS = ("Borgeren møder mere stabilt og tager selv kontakt ved forhindringer.",
           "Bedre overblik over aftaler; færre udeblivelser.",
           "Borgeren har fået ro på økonomien og kan fokusere på praktikken.")


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    today = timezone.localdate()
    courses = (Course.objects.filter(team__municipality=municipality,
                                     mentor__user__isnull=False, journal_entries__isnull=True)
               .select_related("mentor__user", "referral").order_by("pk").distinct())
    entries = reviews = 0
    for course in courses:
        with transaction.atomic():
            added = _journal(course, today)
            if added:
                entries += added
                reviews += _reviews(course, today)
    if entries:
        stdout.write(f"Demo journal: {entries} journal entries, {reviews} completed reviews")


def _journal(course: Course, today: datetime.date) -> int:
    rng = random.Random(course.pk * 7919)  # noqa: S311 (seeded synthetic data)
    author = course.mentor.user if course.mentor else None
    start = max(course.start_date, course.decision_date)
    last = min(today, course_last_day(course))
    if author is None or start >= last:
        return 0
    step = course.min_contact_days or rng.choice((7, 10, 14))
    # About one open course in five has fallen behind: no contact in the last weeks.
    behind = course.status != CourseStatus.ENDED and rng.random() < 0.2
    stop = last - datetime.timedelta(days=(step + 10) if behind else 0)
    rows: list[JournalEntry] = []
    day = start + datetime.timedelta(days=rng.randint(1, 3))
    while day <= stop:
        if rng.random() > 0.08:  # now and then an interval without contact
            rows.append(_entry(course, author, day, rng, first=not rows,
                               closing=course.status == CourseStatus.ENDED
                               and (last - day).days < step))
        day += datetime.timedelta(days=max(1, step - rng.randint(0, 4)))
    if not rows:
        return 0
    bulk_create_with_history(rows, JournalEntry, default_user=author)
    # Written on the day of the contact, not now: old entries are past their 24 hours.
    saved = list(JournalEntry.objects.filter(course=course))
    for row in saved:
        row.created_at = datetime.datetime.combine(
            row.contact_date, datetime.time(15, rng.randint(0, 59)), tzinfo=CPH)
    JournalEntry.objects.bulk_update(saved, ["created_at"])
    contact_tracking_update(course=course, today=today)
    if course.is_open and rng.random() < 0.15:
        _one_correction(course, author)
    return len(saved)


def _entry(course: Course, author: Any, day: datetime.date, rng: random.Random, *,
           first: bool, closing: bool) -> JournalEntry:
    phase = (JournalPhase.OUTREACH if first else JournalPhase.CLOSING if closing
             else JournalPhase.COURSE)
    form = rng.choices([ContactForm.MEETING, ContactForm.HOME_VISIT, ContactForm.PHONE,
                        ContactForm.WITH_AUTHORITY, ContactForm.VIDEO],
                       [50, 15, 20, 10, 5])[0]
    reason = ""
    if course.in_person_contact_required and form not in IN_PERSON_FORMS:
        reason = rng.choice(PHONE_REASONS)
    return JournalEntry(course=course, author=author, contact_date=day, form=form,
                        duration_minutes=rng.choice((20, 30, 45, 60, 90, 120)), phase=phase,
                        note=rng.choice(NOTES[phase]), phone_reason=reason)


def _one_correction(course: Course, author: Any) -> None:
    entry = (JournalEntry.objects.filter(course=course, corrects__isnull=True)
             .order_by("contact_date").first())
    if entry is None:
        return
    if entry.duration_minutes is None:  # an attempt without contact has no duration
        return
    data = EntryData(contact_date=entry.contact_date, form=entry.form,
                     duration_minutes=entry.duration_minutes + 15, phase=entry.phase,
                     note=entry.note + " (Rettelse: mødet varede et kvarter længere.)",
                     phone_reason=entry.phone_reason)
    with contextlib.suppress(DomainError):
        journal_entry_correct(actor=author, entry=entry, data=data)


def _reviews(course: Course, today: datetime.date) -> int:
    """Complete the course's past reviews, leaving some courses with the latest one overdue."""
    author = course.mentor.user if course.mentor else None
    if not course.is_open or author is None:
        return 0
    rng = random.Random(course.pk * 104729)  # noqa: S311 (seeded synthetic data)
    past = list(course.reviews.filter(status=ReviewStatus.DUE, due_date__lt=today)
                .order_by("due_date"))
    if past and rng.random() < 0.25:
        past = past[:-1]
    goals = list(course.referral.goals.all())
    done = 0
    for number, review in enumerate(past):
        progression = [GoalProgression(goal_id=goal.pk, scale=min(5, 2 + number // 2 +
                                                                   rng.randint(0, 1)),
                                       text="Vurderet sammen med borgeren.")
                       for goal in goals] or [GoalProgression(goal_id=None, scale=3, text="")]
        try:
            review_complete(actor=author, review=review, progression=progression,
                            effect=rng.choice(EFFECTS),
                            ready_for_active_offer=rng.random() < 0.3 if number else None,
                            outcome=ReviewOutcome.CONTINUE)
        except DomainError:
            continue
        done += 1
    return done
