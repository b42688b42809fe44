"""Calendar arithmetic for periods and review schedules.

Months are calendar months: adding a month keeps the day of the month and clamps it to the
month's last day, so 31 January + 1 month is 28 February (29 in a leap year). A schedule's
k-th date is always computed from the start (start + k × interval), never from the previous
date, so a clamp in February does not drag later dates to the 28th.
"""

from __future__ import annotations

from datetime import date, timedelta

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """Return `day` moved by `months` calendar months (negative goes back), clamped to month end."""
    index = day.month - 1 + months
    year = day.year + index // 12
    month = index % 12 + 1
    last = days_in_month(year, month)
    return date(year, month, day.day if day.day <= last else last)


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on `on`, counting birthdays.

    A person born on 29 February has their birthday on 1 March in a year that is not a leap
    year (the comparison of (month, day) pairs below gives exactly that).
    """
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def review_schedule(
    start: date, end: date, interval_months: int, lead_days: int
) -> tuple[date, ...]:
    """Every review of a period: start + k × interval (k ≥ 1) strictly before the pre-end review,
    then the pre-end review (end - lead_days), which is always present and always last.

    The caller guarantees that the pre-end review falls after the start.
    """
    pre_end = end - timedelta(days=lead_days)
    reviews: list[date] = []
    offset = interval_months
    while True:
        review = add_months(start, offset)
        if review >= pre_end:
            break
        reviews.append(review)
        offset += interval_months
    reviews.append(pre_end)
    return tuple(reviews)


_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "da": (
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ),
}  # fmt: skip


def format_date(day: date, lang: str) -> str:
    """`day` as people write it: "7. december 2026" in Danish, "7 December 2026" in English.

    The rules have no Django, so no locale machinery: the month names are here.
    """
    month = _MONTHS[lang][day.month - 1]
    if lang == "da":
        return f"{day.day}. {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_dates(days: tuple[date, ...] | list[date], lang: str) -> str:
    """Several dates in one sentence: "a, b og c" / "a, b and c"."""
    written = [format_date(day, lang) for day in days]
    if len(written) <= 1:
        return "".join(written)
    last = " og " if lang == "da" else " and "
    return ", ".join(written[:-1]) + last + written[-1]
