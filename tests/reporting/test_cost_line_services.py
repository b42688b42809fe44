"""Cost lines: pre-filled from the journal at the framework price, administrators only."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from mentor.models import PolicyVersion, ProviderKind
from mentor.services import DomainError
from reporting import services
from reporting.models import CostKind, CostLine
from tests.conftest import People
from tests.factories import ProviderFactory
from tests.reporting.helpers import holistic, journal, retention

D = datetime.date


def test_a_line_is_prefilled_from_journaled_hours_at_the_framework_price(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))  # provider's hourly price: 500 kr.
    journal(course, D(2017, 3, 2), 90, people.mentor_user)
    journal(course, D(2017, 3, 20), 45, people.mentor_user)
    journal(course, D(2017, 4, 2), 60, people.mentor_user)  # outside the period
    line = services.cost_line_create(actor=people.administrator, course=course,
                                     provider=course.provider, kind=CostKind.INVOICE,
                                     period_start=D(2017, 3, 1), period_end=D(2017, 3, 31))
    assert (line.hours, line.amount) == (Decimal("2.25"), Decimal("1125.00"))
    assert line.history.get().history_user == people.administrator


def test_a_corrected_journal_entry_counts_as_its_correction_only(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    wrong = journal(course, D(2017, 3, 2), 600, people.mentor_user)
    correction = journal(course, D(2017, 3, 2), 60, people.mentor_user)
    correction.corrects = wrong
    correction.save()
    assert services.journaled_hours(course, D(2017, 3, 1), D(2017, 3, 31)) == Decimal("1.00")


def test_internal_time_is_priced_at_the_internal_rate(people: People) -> None:
    internal = ProviderFactory(municipality=people.municipality, kind=ProviderKind.INTERNAL,
                               hourly_price=None)
    PolicyVersion.objects.create(municipality=people.municipality, name="P",
                                 effective_from=D(2014, 1, 1), complaint_guidance="Klag.",
                                 internal_hourly_rate=Decimal("425"),
                                 created_by=people.administrator)
    course = holistic(people, D(2017, 2, 1))
    journal(course, D(2017, 3, 2), 120, people.mentor_user)
    line = services.cost_line_create(actor=people.administrator, course=course,
                                     provider=internal, kind=CostKind.INTERNAL,
                                     period_start=D(2017, 3, 1), period_end=D(2017, 3, 31))
    assert (line.hours, line.amount) == (Decimal("2.00"), Decimal("850.00"))


def test_a_wage_refund_is_for_a_company_bought_free_under_section_31d(people: People) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY,
                              hourly_price=Decimal("320"))
    course = retention(people, D(2017, 2, 1), provider=company)
    line = services.cost_line_create(actor=people.administrator, course=course,
                                     provider=company, kind=CostKind.WAGE_REFUND,
                                     period_start=D(2017, 2, 1), period_end=D(2017, 2, 28),
                                     hours=Decimal("10"), amount=None)
    assert line.amount == Decimal("3200.00")
    with pytest.raises(DomainError, match="§ 31 d"):
        services.cost_line_create(actor=people.administrator, course=course,
                                  provider=people.mentor.provider, kind=CostKind.WAGE_REFUND,
                                  period_start=D(2017, 3, 1), period_end=D(2017, 3, 31),
                                  hours=Decimal("1"), amount=Decimal("1"))


def test_only_an_administrator_registers_spend(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    with pytest.raises(DomainError, match="administrator"):
        services.cost_line_create(actor=people.manager, course=course, provider=course.provider,
                                  kind=CostKind.INVOICE, period_start=D(2017, 3, 1),
                                  period_end=D(2017, 3, 31))
    assert not CostLine.objects.exists()


def test_the_same_line_twice_is_refused_in_danish(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    kwargs: dict[str, Any] = {
        "actor": people.administrator, "course": course, "provider": course.provider,
        "kind": CostKind.INVOICE, "period_start": D(2017, 3, 1), "period_end": D(2017, 3, 31),
        "hours": Decimal("2"), "amount": Decimal("1000")}
    services.cost_line_create(**kwargs)
    with pytest.raises(DomainError, match="findes allerede"):
        services.cost_line_create(**kwargs)


def test_a_period_outside_the_course_is_refused(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    with pytest.raises(DomainError, match="uden for mentorforløbets periode"):
        services.cost_line_create(actor=people.administrator, course=course,
                                  provider=course.provider, kind=CostKind.INVOICE,
                                  period_start=D(2018, 3, 1), period_end=D(2018, 3, 31))


def test_an_administrator_corrects_a_line_and_the_history_keeps_the_old_amount(
        people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    line = services.cost_line_create(actor=people.administrator, course=course,
                                     provider=course.provider, kind=CostKind.INVOICE,
                                     period_start=D(2017, 3, 1), period_end=D(2017, 3, 31),
                                     hours=Decimal("2"), amount=Decimal("1000"))
    services.cost_line_update(actor=people.administrator, cost_line=line,
                              amount=Decimal("1100"), reason="Faktura rettet")
    history = list(line.history.order_by("history_date"))
    assert [h.amount for h in history] == [Decimal("1000"), Decimal("1100")]
    assert history[-1].history_change_reason == "Faktura rettet"


def test_deleting_a_line_needs_a_reason(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    line = services.cost_line_create(actor=people.administrator, course=course,
                                     provider=course.provider, kind=CostKind.INVOICE,
                                     period_start=D(2017, 3, 1), period_end=D(2017, 3, 31),
                                     hours=Decimal("2"), amount=Decimal("1000"))
    with pytest.raises(DomainError, match="hvorfor"):
        services.cost_line_delete(actor=people.administrator, cost_line=line, reason=" ")
    services.cost_line_delete(actor=people.administrator, cost_line=line, reason="Dublet")
    assert not CostLine.objects.exists()


def test_generating_a_month_prefills_courses_with_journal_time_and_can_run_twice(
        people: People) -> None:
    with_time, without = holistic(people, D(2017, 2, 1)), holistic(people, D(2017, 2, 1))
    journal(with_time, D(2017, 3, 2), 120, people.mentor_user)
    assert services.cost_lines_generate(actor=people.administrator,
                                        period_start=D(2017, 3, 1), period_end=D(2017, 3, 31)) == 1
    assert services.cost_lines_generate(actor=people.administrator,
                                        period_start=D(2017, 3, 1), period_end=D(2017, 3, 31)) == 0
    line = CostLine.objects.get()
    assert (line.course, line.hours, line.amount) == (with_time, Decimal("2.00"),
                                                      Decimal("1000.00"))
    assert not without.cost_lines.exists()
