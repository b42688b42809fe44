"""Report tables: one shape for the page, the CSV/XLSX exports, the PDF and the command.

Small-cell suppression happens here, once (``protect``), so that no hidden count can be worked
out from what a table publishes:

- *primary*: a count below ``SMALL_CELL`` (``settings.REPORT_SMALL_CELL``, 5) is shown as "<5";
- *secondary*: further cells are hidden ("x") until no hidden count is pinned to one value by
  the published cells, the totals and what the markers say ("<5": 1 to 4; "x": 5 or more;
  zeros are shown). The test is exact (``disclosed``: a cycle of hidden cells that can all
  move by one); where the rows cannot hide a cell, the total is hidden too. One case is left:
  a total under 5 made of four ones has every cell hidden and still tells them (the reader
  knows each is at least 1);
- amounts and shares are hidden only where they would reveal a hidden count (an average per
  citizen beside a hidden number of citizens), and the table says so (``Table.hidden_note``).

The grid logic (``protect_grid``, ``disclosed``) is plain Python over integers, tested with
random tables (``tests/reporting/test_suppression.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.conf import settings
from django.utils.translation import gettext as _

SMALL_CELL: Final = int(getattr(settings, "REPORT_SMALL_CELL", 5))
SUPPRESSED: Final = f"<{SMALL_CELL}"
# A cell hidden so that a small count cannot be worked out from it (secondary suppression).
HIDDEN: Final = "x"
MARKERS: Final = frozenset({SUPPRESSED, HIDDEN})

# Column kinds; they decide formatting and alignment.
TEXT, COUNT, MONEY, HOURS, PERCENT, DATE = "text", "count", "money", "hours", "percent", "date"
SCALE = "scale"  # an average on a rating scale, one decimal


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def numeric(self) -> bool:
        return self.kind in (COUNT, MONEY, HOURS, PERCENT, SCALE)


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
    # Said under the table when ``protect`` hid any cell.
    hidden_note: str = ""
    # A line under a row's name (a scheme's mentor types); shown, not exported.
    row_details: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def display_rows(self) -> list[tuple[list[tuple[Column, Any]], str | None, str]]:
        """Rows for templates: (column, value) pairs, the row's link and detail, if any."""
        links = self.row_links or [None] * len(self.rows)
        details = self.row_details or [""] * len(self.rows)
        return [(list(zip(self.columns, row, strict=True)), link, detail)
                for row, link, detail in zip(self.rows, links, details, strict=True)]

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
            empty_text=self.empty_text, citizen_level=self.citizen_level,
            hidden_note=self.hidden_note, row_details=self.row_details)

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    @property
    def notes(self) -> str:
        """The table's note and, when cells are hidden, why."""
        return " ".join(str(n) for n in (self.note, self.hidden_note) if n)

    def as_records(self) -> list[dict[str, Any]]:
        """Rows (and the total last) as dicts keyed by column key, for JSON."""
        records = [dict(zip([c.key for c in self.columns], row, strict=True))
                   for row in self.rows]
        if self.total:
            records.append(dict(zip([c.key for c in self.columns], self.total, strict=True)))
        return records


def is_hidden(value: Any) -> bool:
    """Whether a cell holds a suppression marker instead of its value."""
    return isinstance(value, str) and value in MARKERS


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


# --- Suppression -----------------------------------------------------------------------------

Cell = tuple[int, int]
UNBOUNDED: Final = 10**15  # "x" has no upper bound a reader could know


@dataclass(frozen=True)
class Grid:
    """Counts that add up. ``values[i][j]``: the last row holds the column totals; with
    ``rows_add_up`` the last column holds each row's total (and its last cell the grand total).
    Every line (each column, and each row when rows add up) is a sum: its cells before the last
    add up to its last."""

    values: tuple[tuple[int, ...], ...]
    rows_add_up: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.values), len(self.values[0]) if self.values else 0

    def value(self, cell: Cell) -> int:
        return self.values[cell[0]][cell[1]]

    def cells(self) -> list[Cell]:
        rows, columns = self.shape
        return [(i, j) for i in range(rows) for j in range(columns)]

    def is_margin(self, cell: Cell) -> bool:
        rows, columns = self.shape
        return cell[0] == rows - 1 or (self.rows_add_up and cell[1] == columns - 1)

    def lines(self) -> list[list[tuple[Cell, int]]]:
        """Each sum as (cell, coefficient) pairs whose weighted values add up to zero."""
        rows, columns = self.shape
        lines = [[((i, j), 1) for i in range(rows - 1)] + [((rows - 1, j), -1)]
                 for j in range(columns)]
        if self.rows_add_up:
            lines += [[((i, j), 1) for j in range(columns - 1)] + [((i, columns - 1), -1)]
                      for i in range(rows)]
        return lines


def marker_for(value: int, threshold: int = SMALL_CELL) -> str:
    return SUPPRESSED if value < threshold else HIDDEN


def _bounds(marker: str, threshold: int) -> tuple[int, int]:
    """What a reader knows of a hidden count from its marker."""
    return (1, threshold - 1) if marker == SUPPRESSED else (threshold, UNBOUNDED)


def _can_move(grid: Grid, cell: Cell, marker: str, step: int, threshold: int) -> bool:
    low, high = _bounds(marker, threshold)
    return low <= grid.value(cell) + step <= high


def _sign(grid: Grid, cell: Cell) -> int:
    """+1 for a cell the sums add, -1 for a total they subtract (the grand total, a total of
    totals, is added again)."""
    rows, columns = grid.shape
    in_total_row = cell[0] == rows - 1
    in_total_column = grid.rows_add_up and cell[1] == columns - 1
    return -1 if in_total_row != in_total_column else 1


def disclosed(grid: Grid, hidden: Mapping[Cell, str], threshold: int = SMALL_CELL) -> list[Cell]:
    """Hidden cells that the published cells, the sums and the markers pin to one value.

    Exact: the sums form a network (each cell lies in one row sum and one column sum; rows
    that are no sum share one free node), so the hidden values can change only together
    around cycles of hidden cells, and a cell can take another value exactly when a cycle
    through it can move every cell on it by one within what its marker allows ("<5": 1 to
    4, "x": 5 or more). Such a cycle is a path in the residual graph, found breadth first."""
    def row_node(cell: Cell) -> tuple[str, int]:
        return ("r", cell[0] if grid.rows_add_up else -1)

    def column_node(cell: Cell) -> tuple[str, int]:
        return ("c", cell[1])

    # An arc per hidden cell and direction it can move: raising the cell's signed value by
    # one goes from its row to its column, lowering it from its column to its row.
    arcs: list[tuple[Cell, tuple[str, int], tuple[str, int], int]] = []
    for cell, marker in hidden.items():
        for step in (1, -1):
            if _can_move(grid, cell, marker, step, threshold):
                if step * _sign(grid, cell) > 0:
                    arcs.append((cell, row_node(cell), column_node(cell), step))
                else:
                    arcs.append((cell, column_node(cell), row_node(cell), step))
    found = []
    for cell in hidden:
        free = False
        for owner, start, goal, _step in arcs:
            if owner != cell:
                continue
            # A way back from the arc's head to its tail without this cell closes a cycle.
            seen, queue = {goal}, deque([goal])
            while queue and start not in seen:
                node = queue.popleft()
                for other, tail, head, _s in arcs:
                    if other != cell and tail == node and head not in seen:
                        seen.add(head)
                        queue.append(head)
            if start in seen:
                free = True
                break
        if not free:
            found.append(cell)
    return sorted(found)


def _complement(grid: Grid, hidden: Mapping[Cell, str], cell: Cell) -> Cell | None:
    """The cell to hide next to protect ``cell``: in one of its sums, not a total where a row
    can serve, preferring one whose other sum already hides something (no new gap opens) and
    then the smallest (the least information lost). None when its sums have no count left."""
    lines = [[c for c, _k in line] for line in grid.lines()]

    def hidden_beside(c: Cell) -> int:
        return sum(1 for line in lines if c in line for o in line if o in hidden)

    mine = {c for line in lines if cell in line for c in line}
    candidates = [c for c in mine if c not in hidden and grid.value(c) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (grid.is_margin(c), -hidden_beside(c),
                                          grid.value(c), c))


def protect_grid(grid: Grid, *, threshold: int = SMALL_CELL,
                 preset: Mapping[Cell, str] | None = None) -> dict[Cell, str]:
    """The cells to hide, with their markers: every count from 1 to ``threshold - 1``, the
    ``preset`` ones (hidden for a reason outside this grid), and as few others as the greedy
    search needs until ``disclosed`` finds nothing. Zeros are never hidden: a reader may take
    every hidden count to be at least 1."""
    hidden: dict[Cell, str] = {c: m for c, m in (preset or {}).items() if grid.value(c) > 0}
    for cell in grid.cells():
        if 0 < grid.value(cell) < threshold:
            hidden[cell] = SUPPRESSED
    for _step in range(len(grid.cells()) + 1):
        extras = [c for c in (_complement(grid, hidden, found)
                              for found in disclosed(grid, hidden, threshold)) if c]
        if not extras:
            # Nothing disclosed, or only where every count of the sums is hidden already
            # (four ones and their total "<5": a reader can tell they are ones).
            break
        hidden[extras[0]] = marker_for(grid.value(extras[0]), threshold)
    return hidden


@dataclass(frozen=True)
class Block:
    """Count columns of a table that add up: each to the total row and, with ``row_total``,
    across each row to that column."""

    columns: tuple[str, ...]
    row_total: str | None = None


def protect(table: Table, blocks: Sequence[Block], *,
            follows: Mapping[str, Sequence[str]] | None = None,
            preset: Mapping[tuple[int, str], str] | None = None) -> dict[tuple[int, str], str]:
    """Suppress small counts in ``table`` in place (the rows, and the total row as their
    last line), and the cells that would give them away.

    ``follows`` names, per amount or share column, the count columns whose hiding hides it in
    the same row (an average per citizen beside a hidden number of citizens). ``preset``:
    cells (row index, column key; the total row is ``len(rows)``) hidden because another
    table would give them away. Returns what was hidden, by (row, column key)."""
    if not table.rows:
        return {}
    lines = [*table.rows, table.total]
    hidden: dict[tuple[int, str], str] = {}
    for block in blocks:
        keys = [*block.columns, *([block.row_total] if block.row_total else [])]
        index = [table.index(k) for k in keys]
        grid = Grid(tuple(tuple(int(line[j] or 0) for j in index) for line in lines),
                    rows_add_up=block.row_total is not None)
        given = {(i, keys.index(k)): m for (i, k), m in (preset or {}).items() if k in keys}
        for (i, j), marker in protect_grid(grid, preset=given).items():
            hidden[(i, keys[j])] = marker
    for (i, key), marker in hidden.items():
        lines[i][table.index(key)] = marker
    for dependent, counts in (follows or {}).items():
        for i, line in enumerate(lines):
            if any((i, c) in hidden for c in counts) and not is_hidden(
                    line[table.index(dependent)]) and line[table.index(dependent)] is not None:
                line[table.index(dependent)] = HIDDEN
                hidden[(i, dependent)] = HIDDEN
    if hidden or any(is_hidden(v) for line in lines for v in line):
        table.hidden_note = _(
            "%(small)s: færre end %(n)s. x: skjult, så et lille tal ikke kan regnes ud af "
            "totalerne eller de andre tal.") % {"small": SUPPRESSED, "n": SMALL_CELL}
    return hidden
