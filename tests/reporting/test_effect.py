"""Progression and effect of ended courses, against courses built by hand: progression per
goal (first against latest review), readiness, the outcome at the end, the situation 3 and
6 months on, and the cost per citizen and per good outcome, per skal/kan and other groups."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from reporting import effect
from reporting.periods import period_for
from reporting.selectors import ReportFilter, ended_in_period, report_tables
from reporting.tables import SUPPRESSED, Table
from tests.conftest import People
from tests.reporting.helpers import cost, end, holistic, retention
from visitation.models import Course, FollowUpTask, FollowUpTaskKind, Review, ReviewStatus

D = datetime.date
TODAY = D(2019, 12, 31)


def reviewed(course: Course, *scores: tuple[dict[int, int], bool | None]) -> None:
    """Complete the course's first reviews with these goal scores and readiness, in order."""
    due = list(Review.objects.filter(course=course).order_by("due_date"))
    for index, (goals, ready) in enumerate(scores):
        Review.objects.filter(pk=due[index].pk).update(
            status=ReviewStatus.DONE,
            completed_at=datetime.datetime(2019, 2 + index, 1, 12, tzinfo=datetime.UTC),
            progression=[{"goal_id": g, "goal": f"Mål {g}", "scale": s, "text": ""}
                         for g, s in goals.items()],
            ready_for_active_offer=ready)


def situation(course: Course, months: int, value: str) -> None:
    kind = (FollowUpTaskKind.SITUATION_3_MONTHS if months == 3
            else FollowUpTaskKind.SITUATION_6_MONTHS)
    FollowUpTask.objects.create(
        citizen=course.citizen, course=course, team=course.team, kind=kind,
        due_date=D(2019, 9, 1), situation=value,
        done_at=datetime.datetime(2019, 10, 1, tzinfo=datetime.UTC))


@pytest.fixture
def courses(people: People) -> dict[str, Course]:
    """Skal: A (job; two goals, one better, one the same; ready) and B (other; one review).
    Kan: C (education; one goal worse). D is still open and E ended the year before."""
    a = holistic(people, D(2019, 1, 1))
    b = holistic(people, D(2019, 1, 1))
    c = retention(people, D(2019, 1, 1), level=2)
    d = retention(people, D(2019, 1, 1))
    e = retention(people, D(2018, 1, 1))
    reviewed(a, ({1: 2, 2: 3}, False), ({1: 4, 2: 3}, True))
    reviewed(b, ({1: 3}, None))
    reviewed(c, ({7: 4}, None), ({7: 2}, False))
    reviewed(d, ({1: 1}, True), ({1: 5}, True))
    end(a, D(2019, 6, 30), "job")
    end(b, D(2019, 7, 31), "other")
    end(c, D(2019, 5, 31), "education")
    end(e, D(2018, 12, 31), "job")
    for course, amount, month in ((a, 3000, 3), (a, 1000, 4), (b, 2000, 3), (c, 500, 3),
                                  (d, 9999, 3), (e, 7777, 3)):
        cost(course, amount, D(2019, month, 1))
    situation(a, 3, "employed")
    situation(a, 6, "on_benefit")
    situation(c, 3, "education")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def facts() -> dict[int, effect.EffectCourse]:
    f = ReportFilter(period_for(2019))
    rows = effect.effect_facts(ended_in_period(f), TODAY)
    ids = list(ended_in_period(f).order_by("pk").values_list("pk", flat=True))
    return dict(zip(ids, rows, strict=True))


def test_each_ended_course_counts_its_goals_first_against_latest(
        courses: dict[str, Course]) -> None:
    by_id = facts()
    a, b, c = (by_id[courses[k].pk] for k in "abc")
    assert set(by_id) == {courses[k].pk for k in "abc"}  # not the open one, not last year's
    assert (a.goals, a.improved, a.unchanged, a.declined) == (2, 1, 1, 0)
    assert (a.first_sum, a.latest_sum, a.ready) == (5, 7, True)
    assert (b.goals, b.ready) == (0, False)
    assert (c.goals, c.declined, c.ready) == (1, 1, False)
    assert (a.cost, b.cost, c.cost) == (Decimal(4000), Decimal(2000), Decimal(500))
    assert a.situations == {3: "employed", 6: "on_benefit"}
    assert (a.due, b.due, c.due) == ((3, 6), (3,), (3, 6))


@pytest.fixture
def unsuppressed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures before small counts are hidden (three courses are all small)."""
    monkeypatch.setattr(effect, "protect", lambda *args, **kwargs: {})


def tables(people: People, by: str = "kind") -> dict[str, Table]:
    return report_tables(["effect_progress", "effect_outcomes", "effect_situations"],
                         ReportFilter(period_for(2019)), user=people.manager, today=TODAY,
                         by=by)


def test_progression_per_skal_and_kan(people: People, courses: Any, unsuppressed: None) -> None:
    table = tables(people)["effect_progress"]
    assert table.rows == [
        ["Skal (ret og pligt, ret)", 2, 2, 1, 1, 0, Decimal("2.5"), Decimal("3.5"), 1],
        ["Kan (tilbud)", 1, 1, 0, 0, 1, Decimal("4.0"), Decimal("2.0"), 0]]
    assert table.total == ["I alt", 3, 3, 1, 1, 1, Decimal("3.0"), Decimal("3.0"), 1]


def test_outcomes_situations_and_cost_per_citizen_and_per_good_outcome(
        people: People, courses: Any, unsuppressed: None) -> None:
    table = tables(people)["effect_outcomes"]
    # ended, citizens, job/education, 3 months (recorded, good), 6 months, cost, per citizen,
    # per good outcome
    assert table.rows == [
        ["Skal (ret og pligt, ret)", 2, 2, 1, 1, 1, 1, 0, Decimal(6000), Decimal(3000),
         Decimal(6000)],
        ["Kan (tilbud)", 1, 1, 1, 1, 1, 0, 0, Decimal(500), Decimal(500), Decimal(500)]]
    assert table.total[1:] == [3, 3, 2, 2, 2, 1, 0, Decimal(6500), Decimal(2167),
                               Decimal(3250)]


def test_the_situations_with_those_not_recorded(people: People, courses: Any,
                                                unsuppressed: None) -> None:
    table = tables(people)["effect_situations"]
    assert {r[0]: r[1:] for r in table.rows} == {
        "I beskæftigelse": [1, 0], "I uddannelse": [1, 0], "I et aktivt tilbud": [0, 0],
        "Fortsat på offentlig forsørgelse uden tilbud": [0, 1], "Andet": [0, 0],
        "Ikke registreret": [1, 1]}
    assert table.total == ["Forløb, hvor tidspunktet er nået", 3, 2]


@pytest.mark.parametrize(("by", "labels"), [
    ("level", ["Niveau 1", "Niveau 2"]),
    ("mentor_type", ["Fastholdelsesmentor", "Helhedsorienteret mentor (ret og pligt)"]),
])
def test_the_same_courses_by_service_level_or_mentor_type(
        people: People, courses: Any, unsuppressed: None, by: str, labels: list[str]) -> None:
    table = tables(people, by)["effect_progress"]
    assert [r[0] for r in table.rows] == labels
    assert table.total[1] == 3


def test_by_provider_names_each_provider(people: People, courses: dict[str, Course],
                                         unsuppressed: None) -> None:
    table = tables(people, "provider")["effect_outcomes"]
    assert sorted(r[0] for r in table.rows) == sorted(
        {courses[k].provider.name for k in "abc"})


def test_small_groups_are_hidden_and_the_table_says_so(people: People, courses: Any) -> None:
    table = tables(people)["effect_outcomes"]
    assert table.rows[0][1] == SUPPRESSED
    assert table.total[1] == SUPPRESSED  # 3 ended courses in all
    assert table.rows[0][9] == "x"  # the cost per citizen would give the citizens away
    assert table.rows[0][8] == Decimal(6000)  # an amount alone reveals no count
    assert "x: skjult" in table.notes
