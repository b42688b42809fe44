"""Demo cost lines: priced month by month, and not added twice."""

import datetime
import io
from decimal import Decimal

import time_machine

from mentor.seed import costs as demo
from reporting.models import CostLine
from tests.conftest import People
from tests.reporting.helpers import holistic, journal

D = datetime.date


@time_machine.travel(D(2017, 5, 10))
def test_demo_cost_lines_follow_the_journal_or_the_grant_and_run_once(people: People) -> None:
    with_journal = holistic(people, D(2017, 2, 1), hours="2.0")
    journal(with_journal, D(2017, 3, 2), 90, people.mentor_user)
    granted_only = holistic(people, D(2017, 3, 1), hours="1.4")
    demo.seed(people.municipality, 10, io.StringIO())
    demo.seed(people.municipality, 10, io.StringIO())
    march = CostLine.objects.get(course=with_journal, period_start=D(2017, 3, 1))
    assert (march.hours, march.amount) == (Decimal("1.50"), Decimal("750.00"))
    # No journal: 1.4 h a week over March's 31 days is 6.2 h at 500 kr.
    assert CostLine.objects.get(course=granted_only, period_start=D(2017, 3, 1)).amount == (
        Decimal("3100.00"))
    assert CostLine.objects.filter(course=granted_only).count() == 2  # March, April
