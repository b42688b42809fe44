"""Reads for the mentor's calendar feed."""

from __future__ import annotations

from mentor.models import User
from visitation.models import CalendarToken, Course, CourseStatus, Review, ReviewStatus


def calendar_token_for(user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def calendar_items(user: User) -> tuple[list[Course], list[Review]]:
    """The mentor's open courses with a next contact date, and their due reviews."""
    courses = (Course.objects.filter(mentor__user=user).exclude(status=CourseStatus.ENDED)
               .select_related("citizen"))
    with_due = [c for c in courses.order_by("next_contact_due", "pk")
                if c.next_contact_due is not None]
    reviews = list(Review.objects.filter(course__in=courses.values("pk"),
                                         status=ReviewStatus.DUE)
                   .select_related("course__citizen").order_by("due_date", "pk"))
    return with_due, reviews
