"""A caseworker of another team, a mentor of other courses, a manager without a justified
look-up and an administrator get 404 on a course's pages."""

import datetime

import pytest
from django.test import Client

from mentor.models import Role, User
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, open_course
from visitation.models import Course

PAGES = ["/courses/{pk}/", "/courses/{pk}/extend/", "/courses/{pk}/end/",
         "/courses/{pk}/reassign/"]


@pytest.fixture
def course(people: People) -> Course:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    return open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                       approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))


@pytest.fixture
def other_mentor(people: People) -> User:
    user = UserFactory(roles=[Role.MENTOR])
    MentorFactory(user=user, provider__municipality=people.municipality)
    return user


@pytest.mark.parametrize("who", ["outsider", "manager", "administrator", "other_mentor"])
@pytest.mark.parametrize("url", PAGES)
def test_outside_the_case_the_course_is_404(client: Client, people: People, course: Course,
                                            other_mentor: User, who: str, url: str) -> None:
    user = other_mentor if who == "other_mentor" else getattr(people, who)
    client.force_login(user)
    assert client.get(url.format(pk=course.pk)).status_code == 404
