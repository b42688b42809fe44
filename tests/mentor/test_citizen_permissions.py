"""A caseworker of another team, a mentor without a course, a manager without a justified
look-up and an administrator get 404 on a citizen's pages; a mentor with a course sees the
page but may not edit it."""

import datetime

import pytest

from tests.factories import CitizenFactory, open_course

PAGES = ["/citizens/{pk}/", "/citizens/{pk}/edit/", "/citizens/{pk}/social-support/",
         "/citizens/{pk}/referrals/new/"]


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "manager", "administrator"])
@pytest.mark.parametrize("url", PAGES)
def test_people_outside_the_case_get_404(client, people, who, url) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(getattr(people, who))
    assert client.get(url.format(pk=citizen.pk)).status_code == 404


@pytest.mark.parametrize("url", PAGES[1:])
def test_the_mentor_of_a_course_may_not_change_the_citizen(client, people, url) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))
    client.force_login(people.mentor_user)
    assert client.get(f"/citizens/{citizen.pk}/").status_code == 200
    assert client.get(url.format(pk=citizen.pk)).status_code == 404


def test_a_team_leader_sees_but_does_not_edit(client, people) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.team_leader)
    assert client.get(f"/citizens/{citizen.pk}/").status_code == 200
    assert client.get(f"/citizens/{citizen.pk}/edit/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, people) -> None:
    citizen = CitizenFactory(team=people.team)
    response = client.get(f"/citizens/{citizen.pk}/")
    assert response.status_code == 302 and "/login/" in response.url
