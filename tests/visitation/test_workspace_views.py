"""The mentor's workspace: own citizens only, due and overdue contacts and reviews, hours used
against hours granted; a query count that does not grow with the number of courses."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from time_machine import TimeMachineFixture

from tests.conftest import People
from tests.visitation.journal_helpers import meeting, other_mentor, right_and_duty_course
from visitation.services.journal import journal_entry_add

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _friday(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(datetime.datetime(2017, 3, 31, 10, tzinfo=CPH), tick=False)


def test_the_workspace_shows_only_the_mentors_own_citizens(client: Client, people: People) -> None:
    right_and_duty_course(people, first_name="Egen", last_name="Borger")
    right_and_duty_course(people, mentor=other_mentor(people), first_name="Fremmed",
                          last_name="Borger")
    client.force_login(people.mentor_user)
    page = client.get(reverse("mentor_workspace")).content.decode()
    assert "Egen Borger" in page and "Fremmed Borger" not in page


def test_overdue_contacts_and_due_reviews_are_listed(client: Client, people: People) -> None:
    right_and_duty_course(people, first_name="Overskredet", last_name="Kontakt")
    client.force_login(people.mentor_user)
    response = client.get(reverse("mentor_workspace"))
    assert response.context["overdue_count"] == 1  # due 16 March
    assert [r.due_date for r in response.context["reviews_soon"]] == [datetime.date(2017, 4, 2)]


def test_reviews_are_split_into_overdue_and_soon_with_each_rows_next_review(client: Client,
                                                                           people: People) -> None:
    from visitation.models import Review, ReviewStatus

    late = right_and_duty_course(people, first_name="Sen", last_name="Opfølgning")
    soon = right_and_duty_course(people, first_name="Snart", last_name="Opfølgning")
    first = Review.objects.filter(course=late, status=ReviewStatus.DUE).order_by("due_date")[0]
    Review.objects.filter(pk=first.pk).update(due_date=datetime.date(2017, 3, 20))
    later = Review.objects.filter(course=soon, status=ReviewStatus.DUE).order_by("due_date")[0]
    Review.objects.create(course=soon, period_id=later.period_id, kind=later.kind,
                          due_date=datetime.date(2017, 9, 1), status=ReviewStatus.DUE)
    client.force_login(people.mentor_user)
    response = client.get(reverse("mentor_workspace"))
    overdue, coming = response.context["reviews_overdue"], response.context["reviews_soon"]
    assert [(r.course_id, r.due_date) for r in overdue] == [(late.pk, datetime.date(2017, 3, 20))]
    assert [(r.course_id, r.due_date) for r in coming] == [(soon.pk, datetime.date(2017, 4, 2))]
    page = response.content.decode()
    assert "Sen Opfølgning" in page and "Snart Opfølgning" in page
    next_due = {row.course.pk: row.course.next_review_due for row in response.context["rows"]}
    assert next_due == {late.pk: datetime.date(2017, 3, 20), soon.pk: datetime.date(2017, 4, 2)}


def test_hours_used_are_counted_against_hours_granted(client: Client, people: People) -> None:
    course = right_and_duty_course(people)  # 1.5 hours a week
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 28), minutes=90))
    journal_entry_add(actor=people.mentor_user, course=course,
                      data=meeting(datetime.date(2017, 3, 20), minutes=60))
    client.force_login(people.mentor_user)
    row = client.get(reverse("mentor_workspace")).context["rows"][0]
    assert (str(row.hours_week), str(row.granted_week)) == ("1.5", "1.5")
    assert (str(row.hours_month), str(row.granted_month)) == ("2.5", "6.4")


def test_the_workspace_searches_by_name(client: Client, people: People) -> None:
    right_and_duty_course(people, first_name="Anna", last_name="Jensen")
    right_and_duty_course(people, first_name="Bo", last_name="Hansen")
    client.force_login(people.mentor_user)
    rows = client.get(reverse("mentor_workspace") + "?q=jens").context["rows"]
    assert [row.course.citizen.full_name for row in rows] == ["Anna Jensen"]


def test_the_workspace_has_an_empty_state(client: Client, people: People) -> None:
    client.force_login(people.mentor_user)
    assert "ingen aktive mentorforløb" in client.get(reverse("mentor_workspace")).content.decode()


def test_a_caseworker_has_no_workspace(client: Client, people: People) -> None:
    client.force_login(people.caseworker)
    assert client.get(reverse("mentor_workspace")).status_code == 403


def add_courses(people: People, count: int) -> None:
    for number in range(count):
        course = right_and_duty_course(people, goals=0)
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, 10 + number)))


def test_the_workspace_query_count_does_not_grow_with_courses(
        client: Client, people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.mentor_user)
    add_courses(people, 1)
    client.get(reverse("mentor_workspace"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(reverse("mentor_workspace")).context["rows"]) == 1
    add_courses(people, 9)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(reverse("mentor_workspace")).context["rows"]) == 10


def test_the_minutes_per_course_are_those_of_the_effective_entries(
        people: People, time_machine: TimeMachineFixture) -> None:
    """The workspace's minutes, grouped for all its courses at once, equal a sum over
    ``effective_entries`` per course: corrected entries count as their correction, whatever
    its date."""
    from django.db.models import Q, Sum

    from visitation.selectors_compliance import effective_entries
    from visitation.selectors_workspace import minutes_by_course
    from visitation.services.journal import journal_entry_correct

    time_machine.move_to(datetime.datetime(2017, 3, 31, 10, tzinfo=CPH), tick=False)
    first = right_and_duty_course(people, first_name="Første")
    second = right_and_duty_course(people, first_name="Anden")
    quiet = right_and_duty_course(people, first_name="Stille")
    for course, day, minutes in ((first, 27, 30), (first, 28, 45), (first, 6, 60),
                                 (second, 29, 90), (second, 10, 15)):
        journal_entry_add(actor=people.mentor_user, course=course,
                          data=meeting(datetime.date(2017, 3, day), minutes=minutes))
    old = journal_entry_add(actor=people.mentor_user, course=second,
                            data=meeting(datetime.date(2017, 3, 20), minutes=20))
    time_machine.move_to(datetime.datetime(2017, 4, 2, 10, tzinfo=CPH), tick=False)
    # Moved to a day before both periods: the original no longer counts in either.
    journal_entry_correct(actor=people.mentor_user, entry=old,
                          data=meeting(datetime.date(2017, 3, 3), minutes=25))
    week = (datetime.date(2017, 3, 27), datetime.date(2017, 4, 2))
    month = (datetime.date(2017, 3, 5), datetime.date(2017, 3, 31))
    ids = [first.pk, second.pk, quiet.pk]

    expected = {}
    for course_id in ids:
        sums = effective_entries().filter(course_id=course_id).aggregate(
            week=Sum("duration_minutes", filter=Q(contact_date__range=week)),
            month=Sum("duration_minutes", filter=Q(contact_date__range=month)))
        if sums["week"] is not None or sums["month"] is not None:
            expected[course_id] = (sums["week"] or 0, sums["month"] or 0)
    assert minutes_by_course(ids, week, month) == expected == {
        first.pk: (75, 135), second.pk: (90, 105)}
    assert minutes_by_course([], week, month) == {}
