"""Reading the administrator's numbers as Danish Excel writes them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mentor.services import DomainError
from reporting.services_money import IMPORT_OTHER, IMPORT_PERSONS, parse_amount, parse_import

D = datetime.date


@pytest.mark.parametrize(("text", "value"), [
    ("1.234.567,89", "1234567.89"), ("1234567,89", "1234567.89"), ("1234567.89", "1234567.89"),
    ("1.234", "1234"), ("12,5", "12.5"), ("  700 000,00 ", "700000.00"), ("0", "0"),
    ("812.345,50 kr.", "812345.50"),
])
def test_amounts_are_read_in_danish_and_with_a_decimal_point(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "NaN", "Infinity"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_a_file_with_headings_and_commas() -> None:
    rows = parse_import('år,fuldtidspersoner,kilde\n2026,"1234,5",STAR\n', IMPORT_PERSONS)
    assert [(r.key, r.amount, r.note) for r in rows] == [(2026, Decimal("1234.5"), "STAR")]


def test_months_in_either_order() -> None:
    rows = parse_import("2026-01;1\n02.2026;2\n3/2026;3\n", IMPORT_OTHER)
    assert [r.key for r in rows] == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]


@pytest.mark.parametrize(("text", "message"), [
    ("2026-01;1\n2026-01;2\n", "samme år eller måned to gange"),
    ("", "ingen linjer"),
    ("2026-01;-5\n", "negativt"),
    ("2026-01;1\nfoo;bar\n", "Linje 2"),
])
def test_a_bad_file_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        parse_import(text, IMPORT_OTHER)
