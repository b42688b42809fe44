"""Cells for spreadsheet exports (CSV and XLSX): the one guard against formula injection.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and some
also after a leading tab or carriage return), so a citizen named ``=HYPERLINK(…)`` or a typed
look-up reason could make a manager's Excel fetch a URL or run a command. Every export passes
its cells through ``safe_cell``; numbers, dates and empty cells stay as they are.
"""

from __future__ import annotations

from typing import Any, Final

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe (OWASP's
    advice for CSV injection); any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]
