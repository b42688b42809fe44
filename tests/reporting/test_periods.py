import datetime

import pytest

from reporting.periods import parse_period, period_for

D = datetime.date


@pytest.mark.parametrize("year,part,start,end,label", [
    (2017, "", D(2017, 1, 1), D(2017, 12, 31), "2017"),
    (2017, "q1", D(2017, 1, 1), D(2017, 3, 31), "1. kvartal 2017"),
    (2016, "q4", D(2016, 10, 1), D(2016, 12, 31), "4. kvartal 2016"),
    (2016, "m02", D(2016, 2, 1), D(2016, 2, 29), "Februar 2016"),
    (2017, "m12", D(2017, 12, 1), D(2017, 12, 31), "December 2017"),
])
def test_a_period_is_a_year_a_quarter_or_a_month(year: int, part: str, start: datetime.date,
                                                 end: datetime.date, label: str) -> None:
    period = period_for(year, part)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse_period(period.key) == period


@pytest.mark.parametrize("part", ["q5", "m13", "m1", "h1"])
def test_other_parts_are_refused(part: str) -> None:
    with pytest.raises(ValueError):
        period_for(2017, part)
