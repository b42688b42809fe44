"""Reads for journal work: a course's journal and its panel, the reviews due, and how
notifications name a course. Dates are passed in; nothing here reads a clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from mentor.models import User
from mentor.permissions import may_complete_review, may_journal, visible_courses
from visitation.models import ContactInterval, Course, JournalEntry, Review, ReviewStatus
from visitation.selectors_compliance import Compliance

# Reviews due within this many days count as "due soon" on the workspace and follow-up list.
REVIEWS_DUE_SOON_DAYS = 7
# The course panel shows this many journal entries and links to the full list.
PANEL_ENTRIES = 5
JOURNAL_PAGE_SIZE = 20


# --- Labels -------------------------------------------------------------------------------


def citizen_initials(first_name: str, last_name: str) -> str:
    return "".join(part[:1].upper() for part in (first_name, last_name) if part)


def course_label(course: Course) -> str:
    """"#12 (AB)": how notifications and the calendar name a course (never a CPR number)."""
    citizen = course.citizen
    return f"#{course.pk} ({citizen_initials(citizen.first_name, citizen.last_name)})"


# --- Reviews -------------------------------------------------------------------------------


def reviews_due(course_ids: list[int], *, limit: int | None = None) -> list[Review]:
    """The reviews due on these courses (ones the caller may see), soonest first, the first
    ``limit`` of them with a limit."""
    reviews = (Review.objects.filter(course_id__in=course_ids, status=ReviewStatus.DUE)
               .only("course_id", "due_date", "kind").order_by("due_date", "id"))
    return list(reviews if limit is None else reviews[:limit])


# --- The course panel and the journal list ------------------------------------------------


@dataclass
class ContactStatus:
    last_contact: datetime.date | None
    next_due: datetime.date | None
    overdue_days: int
    in_person_required: bool
    remote_without_reason: int
    compliance: Compliance
    # Elapsed intervals without contact, and how many of them had attempts to reach the
    # citizen (with the attempts' number): a missed interval with attempts reads differently.
    missed: int = 0
    missed_with_attempts: int = 0
    attempts_in_missed: int = 0

    @property
    def overdue(self) -> bool:
        return self.overdue_days > 0


def contact_status(course: Course, *, today: datetime.date) -> ContactStatus:
    intervals = ContactInterval.objects.filter(course=course).aggregate(
        total=Count("id"), met_count=Count("id", filter=Q(met=True)),
        flagged=Count("id", filter=Q(remote_without_reason=True)),
        tried=Count("id", filter=Q(met=False, attempts__gt=0)),
        attempts_missed=Sum("attempts", filter=Q(met=False)))
    overdue = 0
    if course.is_open and course.next_contact_due and course.next_contact_due < today:
        overdue = (today - course.next_contact_due).days
    return ContactStatus(
        last_contact=course.last_contact_date, next_due=course.next_contact_due if
        course.is_open else None, overdue_days=overdue,
        in_person_required=course.in_person_contact_required,
        remote_without_reason=intervals["flagged"],
        compliance=Compliance(intervals=intervals["total"], met=intervals["met_count"]),
        missed=intervals["total"] - intervals["met_count"],
        missed_with_attempts=intervals["tried"],
        attempts_in_missed=intervals["attempts_missed"] or 0)


def journal_entries(course: Course) -> QuerySet[JournalEntry]:
    """A course's entries, newest first, with their corrections (no query per entry)."""
    return (JournalEntry.objects.filter(course=course)
            .select_related("author", "corrects")
            .prefetch_related(Prefetch("corrections",
                                       queryset=JournalEntry.objects.order_by("created_at")))
            .order_by("-contact_date", "-created_at", "-id"))


def journal_page(course: Course, page_number: str | None) -> Page[JournalEntry]:
    return Paginator(journal_entries(course), JOURNAL_PAGE_SIZE).get_page(page_number)


def course_panel(user: User, course: Course, *, today: datetime.date) -> dict[str, Any]:
    """What the course page's journal panel shows to ``user``.

    Notes are only shown to a user who may see the course (and so the citizen); the course
    page already checked that, and this checks again so that the panel is safe anywhere.
    """
    if not visible_courses(user).filter(pk=course.pk).exists():
        return {"visible": False}
    entries = list(journal_entries(course)[:PANEL_ENTRIES])
    return {
        "visible": True,
        "status": contact_status(course, today=today),
        "entries": entries,
        "entry_count": JournalEntry.objects.filter(course=course).count(),
        "reviews": list(course.reviews.select_related("completed_by").order_by("due_date",
                                                                                "pk")),
        "is_mentor": may_journal(user, course),
        "may_review": may_complete_review(user, course),
        "today": today,
    }
