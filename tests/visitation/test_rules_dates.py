"""Calendar arithmetic: month ends, leap years, the under-30 boundary, periods and reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from visitation.rules import Decision, evaluate, parse_facts, parse_policy
from visitation.rules.dates import add_months, age_on, days_in_month, review_schedule


def d(text: str) -> date:
    return date.fromisoformat(text)


ADD_MONTHS = [
    ("2016-01-31", 1, "2016-02-29"),
    ("2017-01-31", 1, "2017-02-28"),
    ("2016-01-31", 2, "2016-03-31"),
    ("2016-01-31", 3, "2016-04-30"),
    ("2016-02-29", 12, "2017-02-28"),
    ("2016-02-29", 48, "2020-02-29"),
    ("2016-08-31", 6, "2017-02-28"),
    ("2017-12-15", 1, "2018-01-15"),
    ("2016-05-31", -3, "2016-02-29"),
    ("2017-03-15", -3, "2016-12-15"),
    ("2000-02-29", 1200, "2100-02-28"),
]


@pytest.mark.parametrize(("start", "months", "expected"), ADD_MONTHS)
def test_adding_months_keeps_the_day_and_clamps_to_the_month_end(
    start: str, months: int, expected: str
) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("year", "days"), [(2016, 29), (2017, 28), (2000, 29), (2100, 28), (2024, 29)]
)
def test_february_has_29_days_in_leap_years_only(year: int, days: int) -> None:
    assert days_in_month(year, 2) == days


AGES = [
    ("1987-03-02", "2017-03-02", 30),  # the 30th birthday is the decision day
    ("1987-03-03", "2017-03-02", 29),  # the day before the 30th birthday
    ("2000-02-29", "2030-02-28", 29),  # born on 29 February: birthday on 1 March
    ("2000-02-29", "2030-03-01", 30),
    ("2000-02-29", "2028-02-29", 28),
    ("2017-03-02", "2017-03-02", 0),
]


@pytest.mark.parametrize(("born", "on", "age"), AGES)
def test_age_counts_birthdays(born: str, on: str, age: int) -> None:
    assert age_on(d(born), d(on)) == age


TRANSITION = {
    "decision_date": "2017-03-02",
    "benefit": "none",
    "education_start_date": "2017-08-15",
    "previous_jobcentre_contact": False,
}


def test_a_citizen_whose_30th_birthday_is_the_decision_day_is_not_under_30() -> None:
    decision = evaluate(parse_facts({**TRANSITION, "birth_date": "1987-03-02"}))

    assert decision.kind == "not_eligible"


def test_a_citizen_turning_30_the_day_after_the_decision_is_under_30() -> None:
    decision = evaluate(parse_facts({**TRANSITION, "birth_date": "1987-03-03"}))

    assert decision.target_groups == ("under_30_education_transition",)


def offer(start: str, level: int = 2, **extra: Any) -> Decision:
    facts = {
        "decision_date": "2016-01-04",
        "birth_date": "1979-09-09",
        "benefit": "flex_job",
        "start_date": start,
        "service_level": level,
        **extra,
    }
    return evaluate(parse_facts(facts))


def iso(days: tuple[date, ...]) -> list[str]:
    return [day.isoformat() for day in days]


def test_monthly_reviews_from_31_january_fall_on_each_month_end_in_a_leap_year() -> None:
    decision = offer("2016-01-31")

    assert decision.end_date == d("2016-07-31")
    assert iso(decision.review_dates) == [
        "2016-02-29",
        "2016-03-31",
        "2016-04-30",
        "2016-05-31",
        "2016-06-30",
        "2016-07-17",
    ]


def test_monthly_reviews_from_31_january_fall_on_28_february_in_a_common_year() -> None:
    decision = offer("2017-01-31")

    assert iso(decision.review_dates)[:3] == ["2017-02-28", "2017-03-31", "2017-04-30"]


def test_a_period_from_31_august_ends_on_the_last_day_of_february() -> None:
    assert offer("2016-08-31").end_date == d("2017-02-28")


def test_a_first_study_year_from_29_february_2016_ends_on_28_february_2017() -> None:
    decision = evaluate(
        parse_facts(
            {
                "decision_date": "2016-02-01",
                "birth_date": "1994-03-03",
                "benefit": "education_benefit",
                "single_parent_with_education_order": True,
                "education_start_date": "2016-02-29",
            }
        )
    )

    assert decision.start_date == d("2016-02-29")
    assert decision.end_date == d("2017-02-28")
    assert iso(decision.review_dates) == ["2016-05-29", "2016-08-29", "2016-11-29", "2017-02-14"]


def test_reviews_are_counted_from_the_start_not_from_each_other() -> None:
    decision = offer("2016-11-30", level=2)

    # 2017-02-28 is the clamp of 30 February; the next one is 30 March, not 28 March.
    assert iso(decision.review_dates) == [
        "2016-12-30",
        "2017-01-30",
        "2017-02-28",
        "2017-03-30",
        "2017-04-30",
        "2017-05-16",
    ]
    assert decision.end_date == d("2017-05-30")


DISCHARGE = [
    # (title, decision date, proposed start, discharge, start)
    ("far ahead: three months before discharge", "2017-03-02", None, "2017-12-01", "2017-09-01"),
    ("near: the proposed start", "2017-03-02", None, "2017-04-01", "2017-03-02"),
    ("in the past: the proposed start", "2017-03-02", None, "2017-01-10", "2017-03-02"),
    (
        "proposed start later than the window",
        "2017-03-02",
        "2017-10-01",
        "2017-12-01",
        "2017-10-01",
    ),
    ("three months before 31 May is 28 February", "2017-01-05", None, "2017-05-31", "2017-02-28"),
    ("exactly three months before discharge", "2017-03-02", None, "2017-06-02", "2017-03-02"),
]


@pytest.mark.parametrize(
    ("title", "on", "proposed", "discharge", "start"), DISCHARGE, ids=[c[0] for c in DISCHARGE]
)
def test_the_discharge_coordinator_starts_no_earlier_than_three_months_before_discharge(
    title: str, on: str, proposed: str | None, discharge: str, start: str
) -> None:
    facts = {
        "decision_date": on,
        "birth_date": "1979-09-09",
        "benefit": "sickness_benefit",
        "psychiatric_discharge_date": discharge,
        "start_date": proposed,
    }
    decision = evaluate(parse_facts(facts))

    assert decision.start_date == d(start)
    assert decision.end_date == add_months(d(start), 6)
    assert decision.min_total_months == 6


REVIEW_SCHEDULES = [
    # (start, end, interval, lead, reviews)
    ("2017-03-02", "2017-09-02", 1, 14, ["04-02", "05-02", "06-02", "07-02", "08-02", "08-19"]),
    ("2017-03-02", "2017-09-02", 3, 14, ["06-02", "08-19"]),
    ("2017-03-02", "2017-09-02", 6, 14, ["08-19"]),
    ("2017-03-02", "2017-09-02", 12, 0, ["09-02"]),
    ("2017-03-02", "2017-09-02", 3, 0, ["06-02", "09-02"]),
    ("2017-03-02", "2017-09-02", 1, 31, ["04-02", "05-02", "06-02", "07-02", "08-02"]),
    ("2017-03-02", "2017-09-02", 1, 90, ["04-02", "05-02", "06-02", "06-04"]),
]


@pytest.mark.parametrize(("start", "end", "interval", "lead", "reviews"), REVIEW_SCHEDULES)
def test_periodic_reviews_fall_strictly_before_the_pre_end_review_which_comes_last(
    start: str, end: str, interval: int, lead: int, reviews: list[str]
) -> None:
    schedule = review_schedule(d(start), d(end), interval, lead)

    assert [day.isoformat()[5:] for day in schedule] == reviews


def test_a_periodic_review_on_the_pre_end_day_is_not_repeated() -> None:
    # 2017-08-02 is 31 days before 2017-09-02: the periodic and pre-end reviews coincide.
    schedule = review_schedule(d("2017-03-02"), d("2017-09-02"), 1, 31)

    assert schedule.count(d("2017-08-02")) == 1


def test_the_review_lead_time_comes_from_the_policy() -> None:
    policy = parse_policy({"review_lead_days": 30})
    facts = parse_facts(
        {"decision_date": "2017-03-02", "birth_date": "1979-09-09", "benefit": "flex_job"}
    )

    assert evaluate(facts, policy).review_dates[-1] == d("2017-08-03")


def test_the_review_interval_comes_from_the_citizens_service_level_in_the_policy() -> None:
    policy = parse_policy({"service_levels": {"3": {"review_interval_months": 2}}})
    facts = parse_facts(
        {
            "decision_date": "2017-03-02",
            "birth_date": "1979-09-09",
            "benefit": "flex_job",
            "service_level": 3,
        }
    )

    assert iso(evaluate(facts, policy).review_dates) == [
        "2017-05-02",
        "2017-07-02",
        "2017-08-19",
    ]


def test_service_level_1_is_the_default() -> None:
    facts = parse_facts(
        {"decision_date": "2017-03-02", "birth_date": "1979-09-09", "benefit": "flex_job"}
    )

    assert iso(evaluate(facts).review_dates) == ["2017-06-02", "2017-08-19"]
