"""The dashboard's figures against fixtures computed by hand."""

import datetime
from decimal import Decimal

from reporting.models import CostKind
from reporting.periods import period_for
from tests.conftest import People
from tests.reporting.helpers import cost, end, holistic, retention, row, tables_for

D = datetime.date
HOLISTIC, RETENTION = "Helhedsorienteret mentor", "Fastholdelsesmentor"


def test_a_citizen_with_two_courses_counts_once_per_row_and_once_in_total(people: People) -> None:
    courses = [holistic(people, D(2017, 2, 1)) for _ in range(5)]
    second = holistic(people, D(2017, 9, 1), citizen=courses[0].citizen)
    for course in [*courses, second]:
        cost(course, 1000, D(2017, 3, 1) if course != second else D(2017, 10, 1))
    tables = tables_for(people.manager, 2017)
    assert row(tables["courses"], HOLISTIC) == [HOLISTIC, 6, 6, 0, 5]
    assert row(tables["spend"], HOLISTIC) == [HOLISTIC, Decimal(6000), 5, Decimal(1200)]
    assert tables["spend"].total == ["I alt", Decimal(6000), 5, Decimal(1200)]
    assert tables["courses"].total[4] == 5


def test_a_course_spanning_two_years_counts_in_both_and_spend_follows_the_lines(
        people: People) -> None:
    for _ in range(5):  # five, so that the counts are not hidden as small
        course = holistic(people, D(2016, 10, 1))  # runs to 1 April 2017
        cost(course, 1000, D(2016, 12, 1))
        cost(course, 2000, D(2017, 1, 1))
    in_2016, in_2017 = tables_for(people.manager, 2016), tables_for(people.manager, 2017)
    assert in_2016["courses"].total[1:4] == [5, 5, 0]  # started, active, ended
    assert in_2017["courses"].total[1:4] == [0, 5, 0]
    assert in_2016["spend"].total[1] == Decimal(5000)
    assert in_2017["spend"].total[1] == Decimal(10000)
    # Granted 1.5 h a week: 92 days in 2016 (19.7 h), 91 days in 2017 up to 1 April (19.5 h).
    assert in_2016["hours"].total[2] == Decimal("98.6")
    assert in_2017["hours"].total[2] == Decimal("97.5")


def test_spend_counts_in_the_period_in_which_the_line_starts(people: People) -> None:
    course = holistic(people, D(2017, 3, 1))
    cost(course, 700, D(2017, 3, 20), D(2017, 4, 19))
    assert tables_for(people.manager, period_for(2017, "q1"))["spend"].total[1] == Decimal(700)
    assert tables_for(people.manager, period_for(2017, "q2"))["spend"].total[1] == Decimal(0)
    assert tables_for(people.manager, period_for(2017, "m03"))["spend"].total[1] == Decimal(700)


def test_small_groups_show_under_five_and_so_does_a_small_total(people: People) -> None:
    for _ in range(2):
        cost(holistic(people, D(2017, 2, 1)), 3000, D(2017, 2, 1))
    cost(retention(people, D(2017, 5, 1)), 5000, D(2017, 5, 1))
    tables = tables_for(people.manager, 2017)
    # The averages would give the counts away; the amounts do not.
    assert row(tables["spend"], HOLISTIC) == [HOLISTIC, Decimal(6000), "<5", "x"]
    assert row(tables["spend"], RETENTION) == [RETENTION, Decimal(5000), "<5", "x"]
    assert tables["spend"].total == ["I alt", Decimal(11000), "<5", "x"]
    assert row(tables["courses"], HOLISTIC)[4] == "<5"
    assert tables["courses"].total[4] == "<5"


def test_internal_time_is_reported_apart_from_external_spend(people: People) -> None:
    course = holistic(people, D(2017, 2, 1))
    cost(course, 4250, D(2017, 2, 1), kind=CostKind.INTERNAL, hours="10")
    cost(course, 1000, D(2017, 3, 1))
    tables = tables_for(people.manager, 2017)
    assert tables["spend"].total[1] == Decimal(1000)
    assert tables["internal"].total[1:3] == [Decimal("10.0"), Decimal(4250)]


def test_must_and_may_courses_are_split_with_spend_and_results(people: People) -> None:
    must = [holistic(people, D(2017, 1, 10)) for _ in range(5)]
    may = retention(people, D(2017, 1, 10))
    for course in must:
        cost(course, 2000, D(2017, 2, 1))
    cost(may, 900, D(2017, 2, 1))
    end(must[0], D(2017, 5, 1), "job")
    end(must[1], D(2017, 5, 1), "education")
    end(must[2], D(2017, 5, 1), "ordinary_offer")
    kinds = tables_for(people.manager, 2017)["kinds"]
    # One offer course: five right-and-duty courses and six in all would give it away, so
    # they are hidden too ("x"), and the averages and shares beside hidden counts. The three
    # ended courses are hidden as in the outcome table, whose row they are.
    assert row(kinds, "Ret og pligt") == ["Skal", "Ret og pligt", "x", "x", Decimal(10000),
                                          "x", Decimal("0.0"), "<5", "<5", "x"]
    assert row(kinds, "Tilbud") == ["Kan", "Tilbud", "<5", "<5", Decimal(900), "x",
                                    Decimal("0.0"), 0, 0, None]
    assert kinds.total[2:] == ["x", "x", Decimal(10900), "x", Decimal("0.0"), "<5", "<5", "x"]


def test_outcomes_at_end_by_kind_and_scheme(people: People) -> None:
    courses = [holistic(people, D(2017, 1, 10)) for _ in range(6)]
    for course in courses[:5]:
        end(course, D(2017, 6, 1), "job")
    end(courses[5], D(2018, 1, 5), "education")  # ended in another year
    tables = tables_for(people.manager, 2017)
    assert row(tables["outcomes_kind"], "Skal: Ret og pligt") == [
        "Skal: Ret og pligt", 0, 5, 0, 0, 0, 5]
    assert row(tables["outcomes_scheme"], HOLISTIC) == [HOLISTIC, 0, 5, 0, 0, 0, 5]
    assert tables["outcomes_kind"].total == ["I alt", 0, 5, 0, 0, 0, 5]


def test_filters_narrow_every_table(people: People) -> None:
    cost(holistic(people, D(2017, 2, 1)), 3000, D(2017, 2, 1))
    cost(retention(people, D(2017, 2, 1)), 5000, D(2017, 2, 1))
    by_kind = tables_for(people.manager, 2017, kind="offer")
    other_team = tables_for(people.manager, 2017, team_ids=frozenset({people.other_team.pk}))
    assert by_kind["spend"].total[1:3] == [Decimal(5000), "<5"]
    assert by_kind["courses"].total[2] == "<5"
    assert other_team["spend"].total[1:3] == [Decimal(0), 0]


def test_hours_granted_against_hours_used_per_scheme_and_level(people: People) -> None:
    course = holistic(people, D(2017, 3, 1), hours="2.0", level=2)  # to 1 September 2017
    cost(course, 500, D(2017, 3, 1), hours="8")
    cost(course, 750, D(2017, 4, 1), kind=CostKind.INVOICE, hours="12")
    tables = tables_for(people.manager, 2017)
    # Granted: 2 h a week for the 185 days from 1 March to 1 September = 52.9 h.
    assert row(tables["hours"], HOLISTIC) == [HOLISTIC, "<5", Decimal("52.9"),
                                              Decimal("20.0"), Decimal("37.8")]
    assert row(tables["hours_level"], "Niveau 2")[2:4] == [Decimal("52.9"), Decimal("20.0")]


def test_compliance_counts_contact_today_intervals_and_reviews_on_time(people: People) -> None:
    import datetime as dt

    from django.utils import timezone

    from visitation.models import ContactInterval

    today = D(2019, 11, 22)
    late = holistic(people, D(2019, 10, 1))  # next contact was due 15 October
    on_time = holistic(people, D(2019, 10, 1))
    type(on_time).objects.filter(pk=on_time.pk).update(next_contact_due=D(2019, 11, 30))
    ContactInterval.objects.create(course=late, number=0, start_date=D(2019, 10, 1),
                                   end_date=D(2019, 10, 14), contacts=1, met=True)
    ContactInterval.objects.create(course=late, number=1, start_date=D(2019, 10, 15),
                                   end_date=D(2019, 10, 28), contacts=0, met=False)
    reviewed = holistic(people, D(2019, 1, 10), level=2)  # six reviews, all due before today
    first, second = reviewed.reviews.order_by("due_date")[:2]
    for review, days in ((first, 0), (second, 3)):
        review.status = "done"
        review.completed_at = timezone.make_aware(dt.datetime.combine(
            review.due_date + dt.timedelta(days=days), dt.time(10)))
        review.save()
    table = tables_for(people.manager, 2019, today=today)["compliance"]
    assert [r[1:] for r in table.rows] == [
        [1, 3, Decimal("33.3")],  # the January course's next contact is long past too
        [1, 2, Decimal("50.0")],
        [1, 6, Decimal("16.7")]]
