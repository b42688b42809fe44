"""The demo journal: entries and completed reviews on the demo courses, once."""

import datetime
import io

from mentor.seed import journal as demo_journal
from tests.conftest import People
from tests.visitation.journal_helpers import right_and_duty_course
from visitation.models import JournalEntry, ReviewStatus


def test_the_demo_journal_fills_courses_once(people: People) -> None:
    course = right_and_duty_course(people, decision_date=datetime.date(2017, 3, 2))
    demo_journal.seed(people.municipality, 0, io.StringIO())
    entries = JournalEntry.objects.filter(course=course).count()
    assert entries > 5
    assert course.reviews.filter(status=ReviewStatus.DONE).exists()
    demo_journal.seed(people.municipality, 0, io.StringIO())
    assert JournalEntry.objects.filter(course=course).count() == entries
    course.refresh_from_db()
    assert course.last_contact_date is not None
