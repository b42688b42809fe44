"""A caseworker of another team, a mentor without a course, a manager without a justified
look-up and an administrator get 404 on a citizen's pages; a mentor with a course sees the
page but may not edit it."""

import datetime

import pytest
from django.test import Client

from tests.conftest import People
from tests.factories import CitizenFactory, open_course

PAGES = ["/citizens/{pk}/", "/citizens/{pk}/edit/", "/citizens/{pk}/social-support/",
         "/citizens/{pk}/referrals/new/"]


@pytest.mark.parametrize("who", ["outsider", "mentor_user", "manager", "administrator"])
@pytest.mark.parametrize("url", PAGES)
def test_people_outside_the_case_get_404(client: Client, people: People, who: str,
                                         url: str) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(getattr(people, who))
    assert client.get(url.format(pk=citizen.pk)).status_code == 404


@pytest.mark.parametrize("url", PAGES[1:])
def test_the_mentor_of_a_course_may_not_change_the_citizen(client: Client, people: People,
                                                           url: str) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    open_course(citizen=citizen, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))
    client.force_login(people.mentor_user)
    assert client.get(f"/citizens/{citizen.pk}/").status_code == 200
    assert client.get(url.format(pk=citizen.pk)).status_code == 404


def test_a_team_leader_sees_but_does_not_edit(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.team_leader)
    assert client.get(f"/citizens/{citizen.pk}/").status_code == 200
    assert client.get(f"/citizens/{citizen.pk}/edit/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client: Client, people: People) -> None:
    citizen = CitizenFactory(team=people.team)
    response = client.get(f"/citizens/{citizen.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_get_citizen_for_user_answers_as_visible_citizens_for_every_role(people: People) -> None:
    """``get_citizen_for_user`` lets through exactly the citizens ``visible_citizens`` holds,
    for every role and mix of roles, with all their values and the team and municipality
    attached."""
    from django.http import Http404
    from django.utils import timezone

    from mentor.models import AccessAction, AccessLog, Citizen, Role
    from mentor.permissions import get_citizen_for_user, visible_citizens
    from tests.factories import UserFactory
    from visitation.models import Course, CourseStatus

    own = CitizenFactory(team=people.team, in_employment_activity=True)
    other = CitizenFactory(team=people.other_team, in_employment_activity=True)
    anonymised = CitizenFactory(team=people.team)
    Citizen.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    mentored = CitizenFactory(team=people.other_team, in_employment_activity=True)
    open_course(citizen=mentored, caseworker=people.outsider, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))
    long_ended = CitizenFactory(team=people.other_team, in_employment_activity=True)
    course = open_course(citizen=long_ended, caseworker=people.outsider, mentor=people.mentor,
                         approver=people.team_leader, decision_date=datetime.date(2026, 10, 1))
    Course.objects.filter(pk=course.pk).update(
        status=CourseStatus.ENDED, ended_on=timezone.localdate() - datetime.timedelta(days=200))
    looked_up = CitizenFactory(team=people.other_team)
    AccessLog.objects.create(user=people.manager, citizen=looked_up, action=AccessAction.LOOKUP,
                             what="Opslag", reason="Klage")
    mixed = UserFactory(username="mixed", roles=[Role.CASEWORKER, Role.MENTOR],
                        teams=[people.other_team])
    inactive = UserFactory(username="inactive", roles=[Role.CASEWORKER], teams=[people.team],
                           is_active=False)
    citizens = [own, other, anonymised, mentored, long_ended, looked_up]
    users = [people.caseworker, people.team_leader, people.outsider, people.mentor_user,
             people.manager, people.administrator, mixed, inactive]
    seen = 0
    for user in users:
        visible = set(visible_citizens(user).values_list("pk", flat=True))
        for citizen in citizens:
            try:
                found = get_citizen_for_user(user, citizen.pk)
            except Http404:
                assert citizen.pk not in visible, (user.username, citizen.pk)
                continue
            assert citizen.pk in visible, (user.username, citizen.pk)
            seen += 1
            want = Citizen.objects.select_related("team__municipality").get(pk=citizen.pk)
            for field in Citizen._meta.concrete_fields:
                assert getattr(found, field.attname) == getattr(want, field.attname), field.name
            assert (found.team.pk, found.team.name, found.team.municipality_id) == \
                (want.team.pk, want.team.name, want.team.municipality_id)
            municipality = found.team.municipality
            assert (municipality.pk, municipality.name, municipality.address, municipality.phone,
                    municipality.email) == (
                want.team.municipality.pk, want.team.municipality.name,
                want.team.municipality.address, want.team.municipality.phone,
                want.team.municipality.email)
            assert found.cpr_masked == want.cpr_masked
        for pk in (0, 10**12, 2**70, "x"):
            with pytest.raises(Http404):
                get_citizen_for_user(user, pk)  # type: ignore[arg-type]
    # Each kind of access was exercised: by team (caseworker and team leader: their own
    # citizen; the outsider and the mixed user: the four of the other team), by course (the
    # mentor) and by look-up (the manager).
    assert seen == 1 + 1 + 4 + 1 + 1 + 4
