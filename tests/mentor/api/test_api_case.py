"""The municipality's case system: decisions, courses, the event feed, CPR look-up."""

from __future__ import annotations

import datetime

from django.test import Client

from mentor.models import AccessAction, AccessLog
from mentor.models_api import ApiEvent
from tests.factories import CitizenFactory, submitted_referral
from tests.mentor.api.conftest import ApiWorld
from visitation.services.courses import course_end
from visitation.services.referrals import referral_reject


def test_courses_of_the_municipality_only(client: Client, world: ApiWorld,
                                          case_headers: dict[str, str]) -> None:
    rows = client.get("/api/v1/case/courses/", headers=case_headers).json()["results"]
    assert {row["id"] for row in rows} == {world.course.pk, world.other_course.pk}
    assert client.get(f"/api/v1/case/courses/{world.foreign_course.pk}/",
                      headers=case_headers).status_code == 404


def test_a_course_and_its_events(client: Client, world: ApiWorld,
                                 case_headers: dict[str, str]) -> None:
    course = client.get(f"/api/v1/case/courses/{world.course.pk}/", headers=case_headers).json()
    assert course["citizen"]["last_name"] == "Berg"
    assert "cpr" not in str(course).lower()
    events = client.get(f"/api/v1/case/courses/{world.course.pk}/events/",
                        headers=case_headers).json()
    assert [event["action"] for event in events] == ["opened"]


def test_decisions_are_the_decided_referrals(client: Client, world: ApiWorld,
                                             case_headers: dict[str, str]) -> None:
    rows = client.get("/api/v1/case/decisions/", headers=case_headers).json()["results"]
    assert {row["id"] for row in rows} == {world.course.referral_id,
                                           world.other_course.referral_id}
    assert rows[0]["status"] == "approved"


def test_the_feed_is_read_by_cursor(client: Client, world: ApiWorld,
                                    case_headers: dict[str, str]) -> None:
    first = client.get("/api/v1/case/events/?limit=1", headers=case_headers).json()
    assert [event["type"] for event in first["events"]] == ["course.started"]
    rest = client.get(f"/api/v1/case/events/?after={first['next_after']}",
                      headers=case_headers).json()
    assert [event["course_id"] for event in rest["events"]] == [world.other_course.pk]
    empty = client.get(f"/api/v1/case/events/?after={rest['next_after']}",
                       headers=case_headers).json()
    assert empty == {"events": [], "next_after": rest["next_after"]}


def test_the_feed_holds_only_the_municipalitys_events(client: Client, world: ApiWorld,
                                                      case_headers: dict[str, str]) -> None:
    events = client.get("/api/v1/case/events/", headers=case_headers).json()["events"]
    assert world.foreign_course.pk not in {event["course_id"] for event in events}


def test_the_services_record_their_changes_in_the_feed(world: ApiWorld) -> None:
    people = world.people
    citizen = CitizenFactory(team=people.team, can_take_part_in_offers=False)
    referral = submitted_referral(citizen=citizen,
                                  caseworker=people.caseworker)
    referral_reject(actor=people.team_leader, referral=referral, reason="Ikke relevant.")
    course_end(actor=people.caseworker, course=world.course, reason="job",
               ended_on=datetime.date(2017, 3, 20))
    kinds = list(ApiEvent.objects.filter(municipality=people.municipality).order_by("id")
                 .values_list("kind", flat=True))
    assert kinds[-3:] == ["referral.submitted", "referral.rejected", "course.ended"]


def test_a_citizen_is_looked_up_by_cpr_in_the_body(client: Client, world: ApiWorld,
                                                   case_headers: dict[str, str]) -> None:
    response = client.post("/api/v1/case/citizens/lookup/", {"cpr": world.cpr},
                           content_type="application/json", headers=case_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["citizen"]["id"] == world.citizen.pk
    assert [course["id"] for course in body["courses"]] == [world.course.pk]
    log = AccessLog.objects.get(citizen=world.citizen)
    assert log.action == AccessAction.LOOKUP


def test_another_municipalitys_citizen_is_not_found_by_cpr(client: Client, world: ApiWorld,
                                                           case_headers: dict[str, str]) -> None:
    response = client.post("/api/v1/case/citizens/lookup/", {"cpr": world.foreign_cpr},
                           content_type="application/json", headers=case_headers)
    assert response.status_code == 404


def test_every_read_of_a_citizen_is_in_the_access_log(client: Client, world: ApiWorld,
                                                      case_headers: dict[str, str]) -> None:
    client.get("/api/v1/case/courses/", headers=case_headers)
    client.get(f"/api/v1/case/courses/{world.course.pk}/", headers=case_headers)
    client.get(f"/api/v1/case/courses/{world.course.pk}/events/", headers=case_headers)
    client.get("/api/v1/case/decisions/", headers=case_headers)
    client.get(f"/api/v1/case/decisions/{world.course.referral_id}/", headers=case_headers)
    rows = AccessLog.objects.filter(citizen=world.citizen, user=world.case.client.user)
    assert rows.count() == 5
