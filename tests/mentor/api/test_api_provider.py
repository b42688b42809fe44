"""A provider's system: its own open courses, journal entries, hours and invoices, reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.test import Client
from time_machine import TimeMachineFixture

from mentor.models import AccessLog
from reporting.models import CostLine
from tests.mentor.api.conftest import ApiWorld
from visitation.models import JournalEntry, ReviewStatus


def _journal(**overrides: object) -> dict[str, object]:
    data = {"contact_date": "2017-03-20", "form": "meeting", "duration_minutes": 60,
            "phase": "course", "note": "Samtale om praktikken."}
    data.update(overrides)
    return data


def test_the_provider_sees_its_open_courses_with_initials_and_no_cpr(
        client: Client, world: ApiWorld, provider_headers: dict[str, str]) -> None:
    response = client.get("/api/v1/provider/courses/", headers=provider_headers)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [world.course.pk]
    row = rows[0]
    assert row["citizen_initials"] == "AB"
    assert row["mentor"] == {"id": world.people.mentor.pk, "name": "Maja Mentor"}
    assert row["contact"]["in_person_contact_required"] is True
    assert row["reviews"] and row["reviews"][0]["status"] == "due"
    assert world.cpr not in response.content.decode()
    assert "Berg" not in response.content.decode()


def test_another_providers_course_is_not_found(client: Client, world: ApiWorld,
                                               provider_headers: dict[str, str]) -> None:
    response = client.get(f"/api/v1/provider/courses/{world.other_course.pk}/",
                          headers=provider_headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_journal_entry_is_written_as_the_courses_mentor(client: Client, world: ApiWorld,
                                                          provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/journal/", _journal(),
                           content_type="application/json", headers=provider_headers)
    assert response.status_code == 201, response.content
    entry = JournalEntry.objects.get()
    assert entry.author == world.people.mentor_user
    world.course.refresh_from_db()
    assert world.course.last_contact_date == datetime.date(2017, 3, 20)


def test_the_journals_own_rules_refuse_a_date_in_the_future(
        client: Client, world: ApiWorld, provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/journal/",
                           _journal(contact_date="2017-03-21"),
                           content_type="application/json", headers=provider_headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "Datoen kan ikke ligge i fremtiden."
    assert not JournalEntry.objects.exists()


def test_an_invalid_body_is_a_400_problem_with_the_fields(client: Client, world: ApiWorld,
                                                          provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/journal/",
                           {"form": "carrier pigeon"}, content_type="application/json",
                           headers=provider_headers)
    assert response.status_code == 400
    assert {"form", "note", "contact_date"} <= set(response.json()["errors"])


def test_an_entry_is_edited_within_24_hours_and_corrected_after(
        client: Client, world: ApiWorld, provider_headers: dict[str, str],
        time_machine: TimeMachineFixture) -> None:
    created = client.post(f"/api/v1/provider/courses/{world.course.pk}/journal/", _journal(),
                          content_type="application/json", headers=provider_headers).json()
    edited = client.put(f"/api/v1/provider/journal/{created['id']}/",
                        _journal(duration_minutes=45), content_type="application/json",
                        headers=provider_headers)
    assert edited.status_code == 200
    assert edited.json()["duration_minutes"] == 45
    time_machine.shift(datetime.timedelta(hours=25))
    from tests.mentor.api.conftest import bearer, token

    headers = bearer(token(client, world.provider))
    late = client.put(f"/api/v1/provider/journal/{created['id']}/", _journal(),
                      content_type="application/json", headers=headers)
    assert late.status_code == 422
    assert "24 timer" in late.json()["detail"]
    correction = client.post(f"/api/v1/provider/journal/{created['id']}/corrections/",
                             _journal(duration_minutes=30), content_type="application/json",
                             headers=headers)
    assert correction.status_code == 201
    assert correction.json()["corrects"] == created["id"]


def test_hours_become_a_cost_line_at_the_framework_price(client: Client, world: ApiWorld,
                                                         provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/cost-lines/",
                           {"period_start": "2017-03-20", "period_end": "2017-03-20",
                            "hours": "3.00"},
                           content_type="application/json", headers=provider_headers)
    assert response.status_code == 201, response.content
    line = CostLine.objects.get()
    assert (line.kind, line.hours, line.amount) == ("invoice", Decimal("3.00"),
                                                    Decimal("1500.00"))
    assert line.created_by == world.provider.client.user


def test_an_invoice_keeps_its_amount_and_shows_the_framework_amount(
        client: Client, world: ApiWorld, provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/cost-lines/",
                           {"period_start": "2017-03-20", "period_end": "2017-03-20",
                            "hours": "2.00", "amount": "1200.00"},
                           content_type="application/json", headers=provider_headers)
    body = response.json()
    assert (body["amount"], body["framework_amount"]) == ("1200.00", "1000.00")


def test_a_cost_line_outside_the_course_is_refused_by_the_service(
        client: Client, world: ApiWorld, provider_headers: dict[str, str]) -> None:
    response = client.post(f"/api/v1/provider/courses/{world.course.pk}/cost-lines/",
                           {"period_start": "2016-01-01", "period_end": "2016-01-31",
                            "hours": "1"},
                           content_type="application/json", headers=provider_headers)
    assert response.status_code == 422
    assert not CostLine.objects.exists()


def test_the_provider_submits_a_review(client: Client, world: ApiWorld,
                                       provider_headers: dict[str, str]) -> None:
    review = world.course.reviews.order_by("due_date").first()
    assert review is not None
    goals = [None] if not world.course.referral.goals.exists() else \
        list(world.course.referral.goals.values_list("pk", flat=True))
    response = client.post(
        f"/api/v1/provider/reviews/{review.pk}/complete/",
        {"progression": [{"goal_id": goal, "scale": 3, "text": "Møder stabilt."}
                         for goal in goals],
         "effect": "Borgeren møder op.", "ready_for_active_offer": False,
         "outcome": "continue"},
        content_type="application/json", headers=provider_headers)
    assert response.status_code == 200, response.content
    review.refresh_from_db()
    assert review.status == ReviewStatus.DONE
    assert review.completed_by == world.people.mentor_user


def test_every_read_of_a_course_is_in_the_access_log(client: Client, world: ApiWorld,
                                                     provider_headers: dict[str, str]) -> None:
    client.get("/api/v1/provider/courses/", headers=provider_headers)
    client.get(f"/api/v1/provider/courses/{world.course.pk}/", headers=provider_headers)
    client.get(f"/api/v1/provider/courses/{world.course.pk}/reviews/", headers=provider_headers)
    client.get(f"/api/v1/provider/courses/{world.course.pk}/cost-lines/", headers=provider_headers)
    rows = AccessLog.objects.filter(citizen=world.citizen).order_by("id")
    assert rows.count() == 4
    assert {row.user_id for row in rows} == {world.provider.client.user_id}
    assert all(row.what.startswith("API (Mentorhusets system)") for row in rows)


def test_only_the_providers_own_active_client_may_register_its_costs(world: ApiWorld) -> None:
    from mentor.api.clients import api_client_revoke
    from mentor.permissions import may_register_provider_costs

    system_user = world.provider.client.user
    assert may_register_provider_costs(system_user, world.course.provider)
    assert not may_register_provider_costs(system_user, world.other_course.provider)
    assert not may_register_provider_costs(world.case.client.user, world.course.provider)
    api_client_revoke(actor=world.people.administrator, client=world.provider.client)
    assert not may_register_provider_costs(system_user, world.course.provider)
