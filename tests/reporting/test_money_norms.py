"""Hour norms per task (Slagelse's steering tool) against hand-built courses."""

from __future__ import annotations

import datetime
from decimal import Decimal

from reporting.periods import period_for
from reporting.selectors_money import hour_norms
from tests.conftest import People
from tests.reporting.money_helpers import course, minutes

D = datetime.date
TODAY = D(2026, 1, 28)  # four weeks into the year


def build(people: People) -> tuple[int, int, int]:
    # X: tasks of 1.0 + 0.5 guide hours a week, 3 h granted, 3 h journaled in four weeks.
    x = course(people, D(2026, 1, 1), D(2026, 6, 30), hours="3.0",
               tasks=("motivational_talks", "court_companion"))
    minutes(x, D(2026, 1, 5), 90, people)
    wrong = minutes(x, D(2026, 1, 12), 30, people)
    minutes(x, D(2026, 1, 12), 90, people, corrects=wrong)  # the correction counts, once
    minutes(x, D(2026, 2, 2), 600, people)  # after today: not yet counted
    # Y: one task of 1.0 a week, 1 h granted, 4 h journaled: on the norm.
    y = course(people, D(2026, 1, 1), D(2026, 6, 30), hours="1.0", tasks=("workplace_norms",))
    for day in (5, 12, 19, 26):
        minutes(y, D(2026, 1, day), 60, people)
    # Z: no task, 2 h granted.
    z = course(people, D(2026, 1, 1), D(2026, 6, 30), hours="2.0")
    return x.pk, y.pk, z.pk


def test_a_course_is_measured_against_its_tasks_guide_hours(people: People) -> None:
    x_id, y_id, z_id = build(people)
    norms = hour_norms(people.municipality, period_for(2026), TODAY, threshold=50)
    by_id = {c.course_id: c for c in norms.courses}
    x = by_id[x_id]
    assert (x.norm, x.granted, x.journaled) == (Decimal("6.0"), Decimal("12.0"), Decimal(3))
    assert (x.granted_deviation, x.journaled_deviation) == (Decimal("100.0"), Decimal("-50.0"))
    assert by_id[y_id].granted_deviation == by_id[y_id].journaled_deviation == Decimal("0.0")
    assert by_id[z_id].norm is None
    assert [c.course_id for c in norms.far] == [x_id]


def test_the_totals_and_the_task_rows_add_up(people: People) -> None:
    build(people)
    norms = hour_norms(people.municipality, period_for(2026), TODAY, threshold=50)
    assert norms.totals == {
        "courses": 3, "with_norm": 2, "far": 1, "norm": Decimal("10.0"),
        "granted": Decimal("16.0"), "journaled": Decimal("7.0"),
        "granted_deviation": Decimal("60.0"), "journaled_deviation": Decimal("-30.0")}
    rows = {row[0]: row[2:6] for row in norms.tasks.rows}
    assert rows == {
        "Arbejdspladsens normer (omgangstone, mødestabilitet)": [
            1, Decimal("4.0"), Decimal("4.0"), Decimal("4.0")],
        "Motiverende samtaler": [1, Decimal("4.0"), Decimal("8.0"), Decimal("2.0")],
        "Bisidder i retten": [1, Decimal("2.0"), Decimal("4.0"), Decimal("1.0")],
        "Forløb uden vejledende timer": [1, None, Decimal("8.0"), Decimal("0.0")],
    }
    assert norms.tasks.total[3:6] == [Decimal("10.0"), Decimal("24.0"), Decimal("7.0")]


def test_the_threshold_decides_which_courses_are_listed(people: People) -> None:
    build(people)
    assert hour_norms(people.municipality, period_for(2026), TODAY, threshold=101).far == []
