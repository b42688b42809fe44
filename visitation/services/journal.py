"""The mentor's journal (journalnotater) and contact tracking.

- ``journal_entry_add``: a new entry by the course's mentor;
- ``journal_entry_edit``: the author changes an entry in place, within 24 hours of writing it
  (simple_history keeps every version);
- ``journal_entry_correct``: afterwards only an appended correction (``corrects`` set) that
  replaces the entry in counts, while the original stays readable;
- ``contact_tracking_update``: keeps ``Course.last_contact_date`` / ``next_contact_due`` and
  the ``ContactInterval`` rows (compliance) in step with the journal;
- ``journal_draft_save`` / ``journal_draft_discard``: unsaved text kept for its author.

Each change is atomic and takes the course's row lock, so two entries saved at once both
count and the course's contact dates end up right.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import caching
from mentor.models import User
from mentor.permissions import may_correct_entry, may_journal
from mentor.services import DomainError, NotPermitted
from visitation.models import (
    IN_PERSON_FORMS,
    ContactForm,
    ContactInterval,
    Course,
    CourseStatus,
    JournalDraft,
    JournalEntry,
    JournalPhase,
)
from visitation.selectors_compliance import (
    ContactFact,
    contact_facts,
    contact_intervals,
    course_last_day,
    effective_contacts,
)

# The author may change an entry in place this long after writing it.
EDIT_WINDOW = datetime.timedelta(hours=24)
NOTE_MAX_CHARS = 20_000
DRAFT_FIELDS = ("contact_date", "form", "duration_minutes", "phase", "note", "phone_reason",
                "attempt")
DRAFT_KEY = re.compile(r"^(new|edit-\d+|correct-\d+)$")


@dataclass(frozen=True)
class EntryData:
    contact_date: datetime.date
    form: str
    duration_minutes: int | None
    phase: str
    note: str
    phone_reason: str = ""
    # An outreach attempt that did not reach the citizen: no duration, and no contact.
    attempt: bool = False


def remote_reason_required(course: Course, form: str) -> bool:
    """On a course where contact should be in person (right and duty, decided from 2016),
    a contact by phone, video or other means needs the special circumstances stated."""
    return course.in_person_contact_required and form not in IN_PERSON_FORMS


def _lock_course(course_id: int) -> Course:
    return Course.objects.select_for_update(of=("self",)).select_related("mentor").get(pk=course_id)


def _check_writer(actor: User, course: Course) -> None:
    if not may_journal(actor, course):
        raise NotPermitted(_("Kun forløbets mentor kan skrive i journalen."))


def _check_data(course: Course, data: EntryData, today: datetime.date) -> None:
    if data.form not in ContactForm.values:
        raise DomainError(_("Vælg en kontaktform."))
    if data.phase not in JournalPhase.values:
        raise DomainError(_("Vælg en fase."))
    if data.contact_date > today:
        raise DomainError(_("Datoen kan ikke ligge i fremtiden."))
    if data.contact_date < course.decision_date:
        raise DomainError(_("Datoen ligger før afgørelsen om mentorforløbet (%(date)s).")
                          % {"date": f"{course.decision_date:%d.%m.%Y}"})
    if data.attempt:
        if data.duration_minutes is not None:
            raise DomainError(_("Et forsøg uden kontakt har ingen varighed."))
    elif data.duration_minutes is None or not 1 <= data.duration_minutes <= 24 * 60:
        raise DomainError(_("Varigheden skal være mellem 1 minut og 24 timer."))
    if not data.note.strip():
        raise DomainError(_("Skriv et notat."))
    if len(data.note) > NOTE_MAX_CHARS:
        raise DomainError(_("Notatet må højst være %(n)s tegn.") % {"n": NOTE_MAX_CHARS})
    if (not data.attempt and remote_reason_required(course, data.form)
            and not data.phone_reason.strip()):
        raise DomainError(_(
            "Kontakten i dette forløb skal være personlig. Angiv de særlige omstændigheder, "
            "der begrunder kontakt på anden måde end ved et møde."))


def _apply(entry: JournalEntry, data: EntryData) -> None:
    entry.contact_date = data.contact_date
    entry.form = data.form
    entry.duration_minutes = data.duration_minutes
    entry.phase = data.phase
    entry.note = data.note.strip()
    entry.phone_reason = data.phone_reason.strip()
    entry.attempt = data.attempt


@transaction.atomic
def journal_entry_add(*, actor: User, course: Course, data: EntryData) -> JournalEntry:
    """A new journal entry by the course's mentor; moves the course's contact dates."""
    locked = _lock_course(course.pk)
    _check_writer(actor, locked)
    today = timezone.localdate()
    _check_data(locked, data, today)
    entry = JournalEntry(course=locked, author=actor)
    _apply(entry, data)
    entry._history_user = actor  # type: ignore[attr-defined]
    entry.save()
    contact_tracking_update(course=locked, today=today)
    JournalDraft.objects.filter(user=actor, course=locked, form_key="new").delete()
    return entry


def may_edit(entry: JournalEntry, user: User, now: datetime.datetime) -> bool:
    return (entry.author_id == user.pk and now - entry.created_at <= EDIT_WINDOW
            and not entry.corrections.exists())


@transaction.atomic
def journal_entry_edit(*, actor: User, entry: JournalEntry, data: EntryData) -> JournalEntry:
    """The author changes an entry in place, within 24 hours of writing it."""
    locked_course = _lock_course(entry.course_id)
    locked = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not may_correct_entry(actor, locked, locked_course):
        raise NotPermitted(_("Kun den, der har skrevet notatet, kan rette det, og kun mens "
                             "vedkommende er forløbets mentor."))
    if timezone.now() - locked.created_at > EDIT_WINDOW:
        raise DomainError(_("Notatet er mere end 24 timer gammelt og kan ikke længere rettes "
                            "direkte. Tilføj en rettelse i stedet."))
    if JournalEntry.objects.filter(corrects=locked).exists():
        raise DomainError(_("Notatet er allerede rettet ved en tilføjet rettelse."))
    today = timezone.localdate()
    _check_data(locked_course, data, today)
    _apply(locked, data)
    locked._history_user = actor  # type: ignore[attr-defined]
    locked._change_reason = "Rettet af forfatteren inden for 24 timer"  # type: ignore[attr-defined]
    locked.save()
    contact_tracking_update(course=locked_course, today=today)
    JournalDraft.objects.filter(user=actor, course=locked_course,
                                form_key=f"edit-{locked.pk}").delete()
    return locked


@transaction.atomic
def journal_entry_correct(*, actor: User, entry: JournalEntry, data: EntryData) -> JournalEntry:
    """Append a correction to an entry: a new entry with ``corrects`` set. The original stays
    as it was, and counts (contacts, hours, compliance) use the correction from now on."""
    locked_course = _lock_course(entry.course_id)
    original = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not may_correct_entry(actor, original, locked_course):
        raise NotPermitted(_("Kun den, der har skrevet notatet, kan tilføje en rettelse, og kun "
                             "mens vedkommende er forløbets mentor."))
    if JournalEntry.objects.filter(corrects=original).exists():
        raise DomainError(_("Notatet er allerede rettet. Ret den seneste rettelse i stedet."))
    today = timezone.localdate()
    _check_data(locked_course, data, today)
    correction = JournalEntry(course=locked_course, author=actor, corrects=original)
    _apply(correction, data)
    correction._history_user = actor  # type: ignore[attr-defined]
    correction._change_reason = f"Rettelse af notat #{original.pk}"  # type: ignore[attr-defined]
    correction.save()
    contact_tracking_update(course=locked_course, today=today)
    JournalDraft.objects.filter(user=actor, course=locked_course,
                                form_key=f"correct-{original.pk}").delete()
    return correction


def contact_tracking_update(*, course: Course, today: datetime.date) -> None:
    """Recompute the course's last contact, next contact due and compliance intervals from
    its effective journal entries. Caller holds the course's row lock.

    A queryset update, not ``save()``: these are derived figures, not history-worthy changes.
    """
    contacts: list[ContactFact] = []
    if course.min_contact_days:
        # One read of the effective entries serves the last contact and the intervals.
        contacts = contact_facts(course)
        last = max((fact.contact_date for fact in contacts if not fact.attempt), default=None)
    else:
        # No minimum contact, so no intervals (``contact_intervals`` gives none): the last
        # contact alone.
        last = (effective_contacts().filter(course=course).order_by("-contact_date")
                .values_list("contact_date", flat=True).first())
    next_due = None
    if course.min_contact_days and course.status != CourseStatus.ENDED:
        next_due = (last or course.start_date) + datetime.timedelta(days=course.min_contact_days)
    Course.objects.filter(pk=course.pk).update(last_contact_date=last, next_contact_due=next_due)
    caching.bump(caching.JOURNAL)  # the reports' contact figures
    course.last_contact_date, course.next_contact_due = last, next_due
    contact_intervals_sync(course=course, until=today - datetime.timedelta(days=1),
                           contacts=contacts)


def contact_intervals_sync(*, course: Course, until: datetime.date,
                           contacts: list[ContactFact] | None = None) -> int:
    """Make the course's ``ContactInterval`` rows match its journal up to ``until``.

    ``contacts``: the course's ``contact_facts`` when the caller has just read them (under the
    course's row lock); read here otherwise. Returns how many rows were written. Safe to run
    again: it converges on the same rows.
    """
    figures = contact_intervals(
        start=course.start_date, last_day=course_last_day(course),
        min_days=course.min_contact_days, in_person_required=course.in_person_contact_required,
        contacts=contact_facts(course) if contacts is None else contacts, until=until)
    existing = {row.number: row for row in ContactInterval.objects.filter(course=course)}
    wanted = {figure.number for figure in figures}
    stale = [number for number in existing if number not in wanted]
    if stale:
        ContactInterval.objects.filter(course=course, number__in=stale).delete()
    fields = ("start_date", "end_date", "contacts", "met", "in_person", "remote_without_reason",
              "attempts")
    create, update = [], []
    for figure in figures:
        row = existing.get(figure.number)
        values = {name: getattr(figure, name) for name in fields}
        if row is None:
            create.append(ContactInterval(course=course, number=figure.number, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            update.append(row)
    ContactInterval.objects.bulk_create(create, ignore_conflicts=True)
    ContactInterval.objects.bulk_update(update, fields)
    return len(create) + len(update) + len(stale)


# --- Drafts ------------------------------------------------------------------------------


def _check_draft_key(actor: User, course: Course, form_key: str) -> None:
    if not DRAFT_KEY.match(form_key):
        raise DomainError(_("Ukendt formular."))
    if form_key != "new":
        entry_id = int(form_key.split("-", 1)[1])
        if not JournalEntry.objects.filter(pk=entry_id, course=course,
                                           author=actor).exists():
            raise DomainError(_("Ukendt formular."))


@transaction.atomic
def journal_draft_save(*, actor: User, course: Course, form_key: str,
                       data: dict[str, Any]) -> JournalDraft:
    """Keep the author's unsaved form text (one draft per user, course and form)."""
    _check_writer(actor, course)
    _check_draft_key(actor, course, form_key)
    clean = {name: str(data.get(name, ""))[:NOTE_MAX_CHARS] for name in DRAFT_FIELDS
             if name in data}
    draft, _created = JournalDraft.objects.update_or_create(
        user=actor, course=course, form_key=form_key, defaults={"data": clean})
    return draft


def journal_draft_discard(*, actor: User, course: Course, form_key: str) -> None:
    JournalDraft.objects.filter(user=actor, course=course, form_key=form_key).delete()


def journal_draft_for(user: User, course: Course, form_key: str) -> JournalDraft | None:
    return JournalDraft.objects.filter(user=user, course=course, form_key=form_key).first()
