from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from agreements import services
from agreements.models import Agreement
from mentor.models import PolicyVersion, User
from tests.agreements.conftest import make_course
from tests.conftest import People
from tests.factories import MentorFactory
from visitation.models import Course


def panel(people: People, course: Course, user: User) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("agreements/_course_panel.html", {"course": course},
                            request=request)


def test_without_an_agreement_the_caseworker_is_offered_to_create_one(
        people: People, course: Course) -> None:
    html = panel(people, course, people.caseworker)
    assert "Der er endnu ingen aftale om mentorstøtte." in html
    assert reverse("agreement_draft_open", args=[course.pk]) in html


def test_the_mentor_sees_the_versions_but_no_actions(people: People, issued: Agreement) -> None:
    html = panel(people, issued.course, people.mentor_user)
    assert reverse("agreement_download", args=[issued.pk]) in html
    assert reverse("agreement_new_version", args=[issued.course_id]) not in html
    assert reverse("agreement_acceptance", args=[issued.pk]) not in html


def test_all_versions_are_listed_and_the_current_one_is_marked(
        people: People, issued: Agreement) -> None:
    draft = services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                           reason="Nyt timetal")
    second = services.agreement_issue(actor=people.caseworker, agreement=draft)
    html = panel(people, issued.course, people.caseworker)
    assert html.count("Gældende") == 1 and "Erstattet" in html
    assert reverse("agreement_download", args=[issued.pk]) in html
    assert reverse("agreement_download", args=[second.pk]) in html
    assert reverse("agreement_acceptance", args=[second.pk]) in html


def test_a_recorded_acceptance_is_shown(people: People, issued: Agreement) -> None:
    import datetime

    services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                         accepted_on=datetime.date(2017, 3, 10),
                                         method="meeting")
    html = panel(people, issued.course, people.caseworker)
    assert "10.03.2017" in html and "Accepteret på møde" in html
    assert reverse("agreement_acceptance", args=[issued.pk]) not in html


def test_a_new_mentor_prompts_a_new_version(people: People, issued: Agreement) -> None:
    course = issued.course
    course.mentor = MentorFactory(name="Mette Ny", provider=course.provider)
    course.save()
    html = panel(people, course, people.caseworker)
    assert "Forløbets mentor er nu Mette Ny" in html
    assert "Ny mentor: Mette Ny." in html  # the reason is suggested


def test_the_panels_query_count_does_not_grow_with_versions(
        people: People, policy: PolicyVersion,
        django_assert_max_num_queries: DjangoAssertNumQueries) -> None:
    def issue_versions(count: int) -> Course:
        course = make_course(people)
        draft = services.agreement_draft_open(actor=people.caseworker, course=course)
        services.agreement_issue(actor=people.caseworker, agreement=draft)
        for n in range(count - 1):
            draft = services.agreement_new_version(actor=people.caseworker, course=course,
                                                   reason=f"Ændring {n}")
            services.agreement_issue(actor=people.caseworker, agreement=draft)
        return course

    small, large = issue_versions(1), issue_versions(4)
    people.caseworker.roles, people.caseworker.team_ids  # noqa: B018 - warm the caches
    with django_assert_max_num_queries(4) as few:
        panel(people, small, people.caseworker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        panel(people, large, people.caseworker)


def test_the_course_agreements_page_is_404_for_an_outsider(client: Client, people: People,
                                                           course: Course) -> None:
    client.force_login(people.outsider)
    assert client.get(reverse("agreement_course", args=[course.pk])).status_code == 404
