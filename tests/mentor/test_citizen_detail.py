"""The citizen page: facts the rules read, courses, reviews due, referrals, Serviceloven
support with the overlap warning, and the access log."""

import datetime

import pytest
from django.test import Client

from mentor.models import AccessLog, Citizen, SocialServiceSupport
from tests.conftest import People
from tests.factories import CitizenFactory, draft_referral, open_course
from visitation.models import Course


@pytest.fixture
def citizen(people: People) -> Citizen:
    return CitizenFactory(team=people.team, first_name="Nadia", last_name="Larsen",
                          in_employment_activity=True,
                          prison_release_date=datetime.date(2027, 1, 15))


@pytest.fixture
def course(people: People, citizen: Citizen) -> Course:
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))


def support(citizen: Citizen, people: People, start: datetime.date,
            end: datetime.date | None = None) -> SocialServiceSupport:
    return SocialServiceSupport.objects.create(citizen=citizen, kind="sel_85", start_date=start,
                                               end_date=end, created_by=people.caseworker)


def test_the_page_shows_the_facts_and_a_masked_cpr(client: Client, people: People,
                                                   citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    page = client.get(f"/citizens/{citizen.pk}/").content.decode()
    assert "Nadia Larsen" in page and citizen.cpr_masked in page
    assert "Forventet løsladelse" in page and "15.01.2027" in page
    assert "Reglerne i dag" in page


def test_the_page_lists_courses_reviews_and_referrals(client: Client, people: People,
                                                      citizen: Citizen, course: Course) -> None:
    draft_referral(citizen=citizen, caseworker=people.caseworker)
    client.force_login(people.caseworker)
    response = client.get(f"/citizens/{citizen.pk}/")
    assert response.context["overview"].courses == [course]
    assert len(response.context["overview"].referrals) == 2
    first_review = course.reviews.order_by("due_date").first()
    assert first_review is not None
    assert first_review.due_date.strftime("%d.%m.%Y") in response.content.decode()


def test_viewing_a_citizen_is_written_to_the_access_log(client: Client, people: People,
                                                        citizen: Citizen) -> None:
    client.force_login(people.caseworker)
    client.get(f"/citizens/{citizen.pk}/")
    log = AccessLog.objects.get()
    assert (log.user, log.citizen, log.action) == (people.caseworker, citizen, "view")


def test_serviceloven_support_overlapping_an_active_course_is_flagged(
        client: Client, people: People, citizen: Citizen, course: Course) -> None:
    support(citizen, people, datetime.date(2026, 9, 1))
    client.force_login(people.caseworker)
    page = client.get(f"/citizens/{citizen.pk}/").content.decode()
    assert "Overlap med serviceloven" in page


def test_support_that_ended_before_the_course_is_not_flagged(
        client: Client, people: People, citizen: Citizen, course: Course) -> None:
    support(citizen, people, datetime.date(2026, 1, 1), datetime.date(2026, 9, 30))
    client.force_login(people.caseworker)
    response = client.get(f"/citizens/{citizen.pk}/")
    assert not response.context["overview"].has_overlap
    assert "Socialpædagogisk bistand" in response.content.decode()


def test_the_mentor_sees_the_citizen_but_not_the_referrals(client: Client, people: People,
                                                           citizen: Citizen,
                                                           course: Course) -> None:
    client.force_login(people.mentor_user)
    response = client.get(f"/citizens/{citizen.pk}/")
    assert response.status_code == 200
    assert response.context["overview"].referrals == []
    assert "Ny indstilling" not in response.content.decode()
