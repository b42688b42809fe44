"""`manage.py report spend`: schemes with fewer than five citizens print "<5", not the count,
and what would give the count away (the total beside a single row, the average) "x"."""

import datetime
import io

from django.core.management import call_command

from tests.conftest import People
from tests.reporting.helpers import cost, holistic


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "spend", *args, stdout=out)
    return out.getvalue()


def test_small_schemes_print_under_five(people: People) -> None:
    for _ in range(2):
        cost(holistic(people, datetime.date(2017, 2, 1)), 1000, datetime.date(2017, 2, 1))
    lines = report("--year", "2017").splitlines()
    assert lines[3].split() == ["Helhedsorienteret", "mentor", "2,000", "<5", "x"]
    assert lines[-1].split() == ["I", "alt", "2,000", "<5", "x"]
