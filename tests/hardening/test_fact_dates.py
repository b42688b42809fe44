"""Dates the rules read: bounded when typed, and an absurd stored date is a facts error on the
citizen page and the referral form, never a 500 for the whole team."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from tests.conftest import People
from tests.factories import CitizenFactory
from visitation.rules import Facts, FactsError, evaluate
from visitation.rules.policy import LEGAL_MINIMUM

ABSURD = [datetime.date(9999, 12, 31), datetime.date(1, 1, 1)]


@pytest.mark.parametrize("day", ABSURD)
@pytest.mark.parametrize("field", ["psychiatric_discharge_date", "prison_release_date",
                                   "education_start_date", "start_date"])
def test_the_rules_report_an_absurd_date_as_a_facts_error(field: str,
                                                          day: datetime.date) -> None:
    absurd: dict[str, Any] = {field: day}
    with pytest.raises(FactsError) as raised:
        facts = Facts(decision_date=datetime.date(2026, 11, 2),
                      birth_date=datetime.date(1990, 5, 17), benefit="cash_benefit", **absurd)
        evaluate(facts, LEGAL_MINIMUM)
    assert raised.value.field == field


@pytest.mark.parametrize("day", ABSURD)
def test_an_absurd_stored_discharge_date_does_not_break_the_pages(client: Client, people: People,
                                                                  day: datetime.date) -> None:
    citizen = CitizenFactory(team=people.team, psychiatric_discharge_date=day)
    client.force_login(people.caseworker)
    assert client.get(f"/citizens/{citizen.pk}/").status_code == 200
    assert client.get(f"/citizens/{citizen.pk}/referrals/new/").status_code == 200


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1850-06-01"])
def test_an_implausible_discharge_date_is_refused_when_typed(client: Client, people: People,
                                                            typed: str) -> None:
    citizen = CitizenFactory(team=people.team, first_name="Emil", last_name="Olsen")
    client.force_login(people.caseworker)
    response = client.post(f"/citizens/{citizen.pk}/edit/", {
        "first_name": "Emil", "last_name": "Olsen", "benefit": "cash_benefit",
        "psychiatric_discharge_date": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["psychiatric_discharge_date"]
    citizen.refresh_from_db()
    assert citizen.psychiatric_discharge_date is None
