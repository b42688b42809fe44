"""Report periods: a year, a quarter or a month, named by a short key ("2017", "2017-q2",
"2017-m03") so that a period fits in a URL and a file name."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTH_NAMES = (
    gettext_lazy("januar"), gettext_lazy("februar"), gettext_lazy("marts"),
    gettext_lazy("april"), gettext_lazy("maj"), gettext_lazy("juni"), gettext_lazy("juli"),
    gettext_lazy("august"), gettext_lazy("september"), gettext_lazy("oktober"),
    gettext_lazy("november"), gettext_lazy("december"),
)

_KEY = re.compile(r"^(?P<year>\d{4})(?:-q(?P<quarter>[1-4])|-m(?P<month>0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    key: str

    @property
    def label(self) -> str:
        match = _KEY.match(self.key)
        if match is None:
            raise ValueError(f"not a report period: {self.key!r}")
        year = match["year"]
        if match["quarter"]:
            return _("%(quarter)s. kvartal %(year)s") % {"quarter": match["quarter"],
                                                         "year": year}
        if match["month"]:
            return f"{str(MONTH_NAMES[int(match['month']) - 1]).capitalize()} {year}"
        return year

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def part(self) -> str:
        """The part of the year: "" (whole year), "q1".."q4" or "m01".."m12"."""
        return self.key[5:]


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))


def period_for(year: int, part: str = "") -> Period:
    """The period for a year and a part of it ("" / "q1".."q4" / "m01".."m12").

    Raises ValueError for a part that is not one of those.
    """
    key = f"{year}-{part}" if part else str(year)
    match = _KEY.match(key)
    if match is None or not 1900 <= year <= 2999:
        raise ValueError(f"not a report period: {key!r}")
    if match["quarter"]:
        first_month = 3 * (int(match["quarter"]) - 1) + 1
        last_month = first_month + 2
    elif match["month"]:
        first_month = last_month = int(match["month"])
    else:
        return year_period(year)
    last_day = calendar.monthrange(year, last_month)[1]
    return Period(datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day),
                  key)


def parse_period(key: str) -> Period:
    match = _KEY.match(key or "")
    if match is None:
        raise ValueError(f"not a report period: {key!r}")
    return period_for(int(match["year"]), key[5:])


def part_choices() -> list[tuple[str, str]]:
    choices = [("", _("Hele året"))]
    choices += [(f"q{q}", _("%(quarter)s. kvartal") % {"quarter": q}) for q in range(1, 5)]
    choices += [(f"m{m:02d}", str(MONTH_NAMES[m - 1]).capitalize()) for m in range(1, 13)]
    return choices
