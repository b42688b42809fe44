"""A hand-written iCalendar (RFC 5545) feed: all-day events for contact due dates and reviews.

No CPR numbers and no notes: a course is named by its number and the citizen's initials.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse

from visitation.models import Course, Review
from visitation.selectors_journal import course_label

PRODID = "-//Jobcenter//Mentorstøtte//DA"


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        data = char.encode()
        if len(current) + len(data) > limit:
            parts.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += data
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _event(uid: str, day: datetime.date, summary: str, description: str, url: str,
           stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def render_feed(*, name: str, courses: Iterable[Course], reviews: Iterable[Review],
                site_url: str, now: datetime.datetime, host: str) -> str:
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}",
             "X-WR-TIMEZONE:Europe/Copenhagen"]
    for course in courses:
        if course.next_contact_due is None:
            raise ValueError("the feed's courses are those with a contact due")
        lines += _event(
            f"contact-{course.pk}@{host}", course.next_contact_due,
            f"Kontakt forfalder – mentorforløb {course_label(course)}",
            "Næste kontakt med borgeren skal være sket senest denne dag.",
            site_url + reverse("journal_entry_add", kwargs={"pk": course.pk}), stamp)
    for review in reviews:
        lines += _event(
            f"review-{review.pk}@{host}", review.due_date,
            f"{review.get_kind_display()} – mentorforløb {course_label(review.course)}",
            "Opfølgning med borgeren: progression, effekt og videre forløb.",
            site_url + reverse("review_form", kwargs={"pk": review.pk}), stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
