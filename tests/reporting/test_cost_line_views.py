"""Cost-line pages: administrators register, pre-fill, correct and delete; others get 404."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client, RequestFactory

from reporting.models import CostLine
from tests.conftest import People
from tests.reporting.helpers import cost, holistic, journal
from visitation.models import Course

D = datetime.date


@pytest.fixture
def admin(client: Client, people: People) -> Client:
    client.force_login(people.administrator)
    return client


def form(course: Course, **overrides: str) -> dict[str, str]:
    data = {"course": str(course.pk), "provider": str(course.provider_id), "kind": "invoice",
            "period_start": "2017-03-01", "period_end": "2017-03-31", "hours": "",
            "amount": "", "note": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["manager", "team_leader", "caseworker", "mentor_user"])
def test_only_administrators_keep_cost_lines(client: Client, people: People, role: str) -> None:
    client.force_login(getattr(people, role))
    assert client.get("/reporting/costs/").status_code == 404
    assert client.get("/reporting/costs/new/").status_code == 404


def test_prefill_fills_hours_and_amount_from_the_journal_without_saving(admin: Client,
                                                                       people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    journal(course, D(2017, 3, 2), 150, people.mentor_user)
    response = admin.post("/reporting/costs/new/", {**form(course), "prefill": "1"})
    assert response.context["form"]["hours"].value() == "2.50"
    assert response.context["form"]["amount"].value() == "1250.00"
    assert not CostLine.objects.exists()


def test_registering_a_line_with_blank_amount_prices_the_hours(
        admin: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    response = admin.post("/reporting/costs/new/", form(course, hours="3"))
    line = CostLine.objects.get()
    assert response.status_code == 302
    assert (line.hours, line.amount, line.created_by) == (Decimal("3.00"), Decimal("1500.00"),
                                                          people.administrator)


def test_a_refused_line_keeps_the_input_and_says_why(admin: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    response = admin.post("/reporting/costs/new/", form(course, period_start="2019-01-01",
                                                        period_end="2019-01-31",
                                                        note="Faktura 17"))
    body = response.content.decode()
    assert "uden for mentorforløbets periode" in body and "Faktura 17" in body
    assert not CostLine.objects.exists()


def test_an_unknown_course_number_is_a_form_error(admin: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    response = admin.post("/reporting/costs/new/", {**form(course), "course": "999999"})
    assert "Der findes intet mentorforløb med dette nummer." in response.content.decode()


def test_correcting_a_line_needs_a_reason_and_is_kept_in_history(admin: Client,
                                                                 people: People) -> None:
    line = cost(holistic(people, D(2017, 2, 1)), 1000, D(2017, 3, 1), D(2017, 3, 31),
                hours="2")
    data = form(line.course, hours="2", amount="1200")
    assert "Dette felt er påkrævet" in admin.post(f"/reporting/costs/{line.pk}/",
                                                  data).content.decode()
    response = admin.post(f"/reporting/costs/{line.pk}/", {**data, "reason": "Ny faktura"})
    line.refresh_from_db()
    assert response.status_code == 302 and line.amount == Decimal("1200")
    assert "Ny faktura" in admin.get(f"/reporting/costs/{line.pk}/").content.decode()


def test_deleting_asks_for_a_reason(admin: Client, people: People) -> None:
    line = cost(holistic(people, D(2017, 2, 1)), 1000, D(2017, 3, 1), D(2017, 3, 31))
    admin.post(f"/reporting/costs/{line.pk}/delete/", {"reason": ""})
    assert CostLine.objects.exists()
    admin.post(f"/reporting/costs/{line.pk}/delete/", {"reason": "Dublet"})
    assert not CostLine.objects.exists()


def test_the_list_finds_a_course_and_pages(admin: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    for month in range(1, 4):
        cost(course, 1000, D(2017, 1 + month, 1))
    other = cost(holistic(people, D(2017, 2, 1)), 2000, D(2017, 3, 1))
    response = admin.get("/reporting/costs/", {"q": f"#{course.pk}"})
    assert len(response.context["page"].object_list) == 3
    assert other not in response.context["page"].object_list


@time_machine.travel(D(2017, 4, 10))
def test_generating_a_month_from_the_list(admin: Client, people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    journal(course, D(2017, 3, 2), 60, people.mentor_user)
    response = admin.post("/reporting/costs/generate/", {"year": "2017", "month": "3"},
                          follow=True)
    assert "1 udgiftslinjer er forudfyldt for Marts 2017." in response.content.decode()
    assert CostLine.objects.get().amount == Decimal("500.00")


def test_the_course_panel_shows_lines_and_edit_links_for_administrators(
        people: People, rf: RequestFactory) -> None:
    from django.template.loader import render_to_string

    course = holistic(people, D(2017, 2, 1))
    line = cost(course, 1000, D(2017, 3, 1), D(2017, 3, 31))
    for user, may_edit in ((people.administrator, True), (people.caseworker, False)):
        html = render_to_string("reporting/_course_costs_panel.html",
                                {"course": course, "user": user})
        assert "1.000,00" in html
        assert (f"/reporting/costs/{line.pk}/" in html) is may_edit
    assert "Udgifter" not in render_to_string("reporting/_course_costs_panel.html",
                                              {"course": course, "user": people.mentor_user})
