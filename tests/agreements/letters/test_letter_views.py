"""The letter pages: only those who may see the citizen see a letter (404 otherwise), every
look is access-logged, the status shows on the course and citizen pages and failed deliveries
on the team's follow-up page."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, Settings

from agreements.models_letters import Letter, LetterStatus
from agreements.services_letters import letter_for_grant, print_batch_create
from mentor.models import AccessAction, AccessLog, User
from tests.agreements.conftest import make_course
from tests.agreements.letters.conftest import deliver
from tests.conftest import People
from visitation.models import Course


def failed_letter(people: People, course: Course) -> Letter:
    people.municipality.cvr = ""  # Digital Post cannot send without the sender's CVR
    people.municipality.save()
    return deliver(letter_for_grant(actor=people.team_leader, course=course))


def test_an_outsider_gets_404_for_the_letter_and_its_pdf(client: Client, people: People,
                                                         course: Course) -> None:
    letter = deliver(letter_for_grant(actor=people.team_leader, course=course))
    for user in (people.outsider, people.manager, people.administrator):
        client.force_login(user)
        assert client.get(reverse("letter_detail", args=[letter.pk])).status_code == 404
        assert client.get(reverse("letter_download", args=[letter.pk])).status_code == 404
    assert not AccessLog.objects.filter(citizen=course.citizen).exists()


def test_the_caseworker_and_the_mentor_see_the_letter_and_it_is_logged(
        client: Client, people: People, course: Course) -> None:
    letter = deliver(letter_for_grant(actor=people.team_leader, course=course))
    for user in (people.caseworker, people.mentor_user):
        client.force_login(user)
        page = client.get(reverse("letter_detail", args=[letter.pk]))
        assert page.status_code == 200
        assert "Afgørelse: Du får mentorstøtte" in page.content.decode()
        pdf = client.get(reverse("letter_download", args=[letter.pk]))
        assert pdf["Content-Type"] == "application/pdf"
        logged = list(AccessLog.objects.filter(user=user).order_by("id")
                      .values_list("action", "citizen_id"))
        assert logged == [(AccessAction.VIEW, course.citizen.pk),
                          (AccessAction.DOCUMENT, course.citizen.pk)]


def test_the_course_and_citizen_pages_show_the_letters_status(
        client: Client, people: People, course: Course) -> None:
    failed_letter(people, course)
    client.force_login(people.caseworker)
    for url in (reverse("course_detail", args=[course.pk]),
                reverse("citizen_detail", args=[course.citizen.pk])):
        page = client.get(url).content.decode()
        assert "Afgørelsesbreve" in page and "Bevilling" in page and "Fejlet" in page


def test_the_follow_up_page_lists_failed_deliveries(client: Client, people: People,
                                                    course: Course) -> None:
    letter = failed_letter(people, course)
    client.force_login(people.team_leader)
    page = client.get(reverse("followup_overview")).content.decode()
    assert "Afgørelsesbreve, der ikke kunne sendes" in page
    assert reverse("letter_detail", args=[letter.pk]) in page
    client.force_login(people.outsider)
    assert reverse("letter_detail", args=[letter.pk]) not in client.get(
        reverse("followup_overview")).content.decode()


def test_sending_again_from_the_letter_page(client: Client, people: People,
                                            course: Course) -> None:
    letter = failed_letter(people, course)
    client.force_login(people.caseworker)
    response = client.post(reverse("letter_send_again", args=[letter.pk]), {"channel": "print"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.channel) == (LetterStatus.QUEUED, "print")
    client.force_login(people.mentor_user)
    assert client.post(reverse("letter_send_again", args=[letter.pk]),
                       {"channel": "print"}).status_code == 403


def test_the_print_batch_download_logs_each_citizen(client: Client, people: People,
                                                    course: Course) -> None:
    course.citizen.digital_post_exempt = True
    course.citizen.save()
    deliver(letter_for_grant(actor=people.team_leader, course=course))
    batch = print_batch_create(actor=people.caseworker, team=people.team)
    client.force_login(people.caseworker)
    response = client.get(reverse("letter_print_batch_download", args=[batch.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert list(AccessLog.objects.values_list("action", "citizen_id")) == [
        (AccessAction.DOCUMENT, course.citizen.pk)]
    client.force_login(people.outsider)
    assert client.get(reverse("letter_print_batch_download",
                              args=[batch.pk])).status_code == 404


def _print_letters(people: People, count: int) -> None:
    for _n in range(count):
        course = make_course(people, digital_post_exempt=True)
        letter_for_grant(actor=people.team_leader, course=course)


def _constant(client: Client, url: str, grow: Callable[[], None],
              django_assert_num_queries: DjangoAssertNumQueries) -> None:
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow()
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_print_pages_query_count_does_not_grow_with_letters(
        client: Client, people: People, policy: object,
        django_assert_num_queries: DjangoAssertNumQueries) -> None:
    _print_letters(people, 1)
    client.force_login(people.caseworker)
    _constant(client, reverse("letter_print"), lambda: _print_letters(people, 5),
              django_assert_num_queries)


def test_the_follow_up_pages_query_count_does_not_grow_with_failed_letters(
        client: Client, people: People, policy: object, settings: Settings,
        django_assert_num_queries: DjangoAssertNumQueries) -> None:
    people.municipality.cvr = ""
    people.municipality.save()

    def fail(count: int) -> None:
        for _n in range(count):
            deliver(letter_for_grant(actor=people.team_leader, course=make_course(people)))

    fail(1)
    client.force_login(people.team_leader)
    _constant(client, reverse("followup_overview"), lambda: fail(3),
              django_assert_num_queries)


def _panel(user: User, subject: object) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("agreements/letters/_panel.html",
                            {"letters_subject": subject, "show_course": True},
                            request=request)


def test_the_letters_panels_query_count_does_not_grow_with_letters(
        people: People, course: Course,
        django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    from visitation.services.courses import course_end, course_extend

    letter_for_grant(actor=people.team_leader, course=course)
    people.caseworker.roles, people.caseworker.team_ids  # noqa: B018 - warm the caches
    with django_assert_max_num_queries(3) as few:
        _panel(people.caseworker, course)
    course_extend(actor=people.caseworker, course=course, reason="Fortsat behov for støtte")
    course_end(actor=people.caseworker, course=course, reason="job",
               ended_on=course.start_date)
    assert Letter.objects.filter(course=course).count() == 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _panel(people.caseworker, course)
    assert html.count(reverse("letter_detail", args=[1])[:-2]) >= 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        _panel(people.caseworker, course.citizen)
