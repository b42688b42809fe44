"""Report tables: one shape for the page, the CSV/XLSX exports, the PDF and the command.

Small-cell suppression happens here, once: a count of citizens (or of their outcomes) below
``SMALL_CELL`` in a row that breaks the figures down by a group is shown as "<5", and so is an
average that would give the count away. Totals stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

SMALL_CELL: Final = 5
SUPPRESSED: Final = "<5"

# Column kinds; they decide formatting and alignment.
TEXT, COUNT, MONEY, HOURS, PERCENT, DATE = "text", "count", "money", "hours", "percent", "date"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (COUNT, MONEY, HOURS, PERCENT)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] = field(default_factory=list)  # empty: no total row
    note: str = ""
    empty_text: str = ""
    # Tables listing single courses hold citizen-level data: exports write an access log.
    citizen_level: bool = False
    # Course ids behind citizen-level rows, for the access log (not exported).
    citizen_ids: list[int] = field(default_factory=list)
    # Extra per-row data the page needs (links); not exported.
    row_links: list[str | None] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def display_rows(self) -> list[tuple[list[tuple[Column, Any]], str | None]]:
        """Rows for templates: (column, value) pairs and the row's link, if any."""
        links = self.row_links or [None] * len(self.rows)
        return [(list(zip(self.columns, row, strict=True)), link)
                for row, link in zip(self.rows, links, strict=True)]

    @property
    def total_cells(self) -> list[tuple[Column, Any]]:
        if not self.total:
            return []
        return list(zip(self.columns, self.total, strict=True))

    def without(self, key: str) -> Table:
        """The table without one column (and without row links), e.g. the citizens' names
        for the PDF, which may travel further than the page."""
        keep = [i for i, c in enumerate(self.columns) if c.key != key]
        return Table(
            key=self.key, title=self.title, columns=[self.columns[i] for i in keep],
            rows=[[row[i] for i in keep] for row in self.rows],
            total=[self.total[i] for i in keep] if self.total else [], note=self.note,
            empty_text=self.empty_text, citizen_level=self.citizen_level)

    def as_records(self) -> list[dict[str, Any]]:
        """Rows (and the total last) as dicts keyed by column key, for JSON."""
        records = [dict(zip([c.key for c in self.columns], row, strict=True))
                   for row in self.rows]
        if self.total:
            records.append(dict(zip([c.key for c in self.columns], self.total, strict=True)))
        return records


def small(count: int | None) -> int | str | None:
    """A count in a breakdown row: exact from SMALL_CELL up (and zero), else "<5"."""
    if count is None:
        return None
    return SUPPRESSED if 0 < count < SMALL_CELL else count


def whole(value: Decimal | int | float | None) -> Decimal | None:
    """Round to whole kroner or hours, half up (8,333.33 -> 8,333; 10,666.67 -> 10,667)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def one_decimal(value: Decimal | int | float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average(amount: Decimal | int | None, count: int | None, *,
            suppress: bool) -> Decimal | str | None:
    """Amount per head, rounded to whole kroner; hidden with the count when that is small."""
    if not count:
        return None
    if suppress and count < SMALL_CELL:
        return SUPPRESSED
    return whole(Decimal(amount or 0) / count)


def percent(part: Decimal | int | None, of: Decimal | int | None) -> Decimal | None:
    """``part`` as a share of ``of`` in per cent, one decimal; None when ``of`` is zero."""
    if not of:
        return None
    return one_decimal(Decimal(100) * Decimal(part or 0) / Decimal(of))
