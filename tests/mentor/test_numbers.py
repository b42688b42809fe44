"""Numbers written the reader's way: a decimal comma in Danish, also in validation messages."""

from decimal import Decimal
from types import SimpleNamespace
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from mentor.numbers import LocalisedMinValueValidator, number
from tests.conftest import People
from visitation.forms import level_choices
from visitation.rules import Policy


def test_a_number_has_a_decimal_comma_in_danish_and_a_point_in_english() -> None:
    with translation.override("da"):
        assert (number(Decimal("1.5")), number(Decimal("10")), number(2, 1)) == ("1,5", "10", "2,0")
    with translation.override("en"):
        assert number(Decimal("1.5")) == "1.5"


@pytest.mark.parametrize(("language", "limit"), [("da", "0,5"), ("en", "0.5")])
def test_a_validation_message_writes_the_limit_the_readers_way(language: str, limit: str) -> None:
    with translation.override(language), pytest.raises(ValidationError) as raised:
        LocalisedMinValueValidator(Decimal("0.5"))(Decimal("0.2"))
    assert limit in raised.value.messages[0]


class HalfHourPolicy:
    """A policy whose every level is 1.5 to 2.5 hours a week."""

    def level(self, number: int) -> SimpleNamespace:
        return SimpleNamespace(min_hours_per_week=Decimal("1.5"),
                               max_hours_per_week=Decimal("2.5"), review_interval_months=1)


@pytest.mark.parametrize(("language", "hours"), [("da", "1,5–2,5"), ("en", "1.5–2.5")])
def test_the_service_levels_are_labelled_in_the_readers_language(language: str, hours: str) -> None:
    with translation.override(language):
        # A stand-in with the one method level_choices reads.
        [(_level, label), *_rest] = level_choices(cast("Policy", HalfHourPolicy()))
    assert hours in label


def test_the_referral_form_refuses_too_few_hours_with_a_danish_number(client: Client,
                                                                      people: People) -> None:
    from tests.factories import CitizenFactory

    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    page = client.post(f"/citizens/{citizen.pk}/referrals/new/",
                       {"hours_per_week": "0.2", "service_level": "1",
                        "proposed_start": "2030-01-01", "action": "draft",
                        "goals-TOTAL_FORMS": "0", "goals-INITIAL_FORMS": "0"}).content.decode()
    assert "0,5" in page and "0.5." not in page


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("1.234.567,89", "da", "1234567,89"), ("1,234,567.89", "en", "1234567.89"),
    ("812.345", "da", "812345"), ("812.345", "en", "812.345"), (" 700 000,5 ", "da", "700000,5"),
    ("12,5", "da", "12,5"),
])
def test_digit_grouping_is_taken_out_of_an_amount(text: str, language: str,
                                                  expected: str) -> None:
    from mentor.numbers import normalise_amount

    assert normalise_amount(text, language) == expected
