"""Small counts in report tables: "<5" for a count under 5, and "x" for the cells that would
give one away (secondary suppression), so that no hidden count can be worked out from the
published cells and totals.

The property test solves each random table as a reader would, independently of
``reporting.tables``: every published cell and total is known, "<5" is 1 to 4, "x" is 5 or
more, and each sum holds; a hidden cell is safe when another value fits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reporting.tables import (
    COUNT,
    HIDDEN,
    MONEY,
    SMALL_CELL,
    SUPPRESSED,
    Block,
    Cell,
    Column,
    Grid,
    Table,
    protect,
    protect_grid,
)

# --- A reader's solver -------------------------------------------------------------------------


def grid_of(body: list[list[int]], rows_add_up: bool) -> Grid:
    rows = [[*r, sum(r)] if rows_add_up else list(r) for r in body]
    totals = [sum(column) for column in zip(*rows, strict=True)]
    return Grid(tuple(tuple(r) for r in [*rows, totals]), rows_add_up)


def sums(grid: Grid) -> list[tuple[list[Cell], Cell]]:
    """Each sum as (the cells added, the total they make)."""
    rows, columns = len(grid.values), len(grid.values[0])
    lines = [([(i, j) for i in range(rows - 1)], (rows - 1, j)) for j in range(columns)]
    if grid.rows_add_up:
        lines += [([(i, j) for j in range(columns - 1)], (i, columns - 1)) for i in range(rows)]
    return lines


def another_value_fits(grid: Grid, hidden: dict[Cell, str], cell: Cell) -> bool:
    """Whether the published cells, the sums and the markers allow ``cell`` a value other than
    its own. (The sums form a network, so if any other value fits, one next to it does.)"""
    top = max(max(row) for row in grid.values) + 2
    domains = {c: range(1, SMALL_CELL) if m == SUPPRESSED else range(SMALL_CELL, top)
               for c, m in hidden.items()}
    lines = sums(grid)

    def solve(fixed: dict[Cell, int]) -> bool:
        def value(c: Cell) -> int | None:
            return fixed.get(c, None if c in hidden else grid.values[c[0]][c[1]])

        def low(c: Cell) -> int:
            v = value(c)
            return v if v is not None else min(domains[c])

        def high(c: Cell) -> int:
            v = value(c)
            return v if v is not None else max(domains[c])

        narrowest: tuple[list[Cell], Cell, list[Cell]] | None = None
        for added, total in lines:
            # The sum must still be able to hold with the open cells in their ranges.
            if sum(high(c) for c in added) < low(total) or sum(low(c) for c in added) > high(
                    total):
                return False
            open_cells = [c for c in (*added, total) if value(c) is None]
            if open_cells and (narrowest is None or len(open_cells) < len(narrowest[2])):
                narrowest = (added, total, open_cells)
        if narrowest is None:
            return True
        added, total, open_cells = narrowest
        cell_ = open_cells[0]
        if len(open_cells) == 1:  # the sum decides it
            known = sum(value(c) or 0 for c in added)
            forced = known if cell_ == total else (value(total) or 0) - known
            return forced in domains[cell_] and solve({**fixed, cell_: forced})
        return any(solve({**fixed, cell_: v}) for v in domains[cell_])

    own = grid.values[cell[0]][cell[1]]
    return any(v in domains[cell] and solve({cell: v}) for v in (own - 1, own + 1))


def lines_exhausted(grid: Grid, hidden: dict[Cell, str], cell: Cell) -> bool:
    """Every count in the sums through ``cell`` is hidden or zero: nothing left to hide."""
    return all(c in hidden or grid.values[c[0]][c[1]] == 0
               for added, total in sums(grid) if cell in (*added, total)
               for c in (*added, total))


counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20])
bodies = st.integers(1, 4).flatmap(
    lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns),
                             min_size=1, max_size=4))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, rows_add_up=st.booleans())
def test_no_hidden_count_can_be_worked_out_from_a_random_table(body: list[list[int]],
                                                               rows_add_up: bool) -> None:
    grid = grid_of(body, rows_add_up)
    hidden = protect_grid(grid)
    # The one case the rule leaves: four ones under a total "<5" (see reporting.tables).
    assume(not any(lines_exhausted(grid, hidden, c) and not another_value_fits(grid, hidden, c)
                   for c in hidden))
    for cell, marker in hidden.items():
        value = grid.values[cell[0]][cell[1]]
        assert value > 0
        assert (marker == SUPPRESSED) == (value < SMALL_CELL)
        assert another_value_fits(grid, hidden, cell), (grid.values, hidden, cell)
    # At the least: no sum with exactly one hidden cell.
    for added, total in sums(grid):
        assert sum(1 for c in (*added, total) if c in hidden) != 1


@settings(max_examples=200, deadline=None)
@given(body=bodies, rows_add_up=st.booleans())
def test_every_count_under_five_is_hidden_and_zeros_are_shown(body: list[list[int]],
                                                              rows_add_up: bool) -> None:
    grid = grid_of(body, rows_add_up)
    hidden = protect_grid(grid)
    for i, row in enumerate(grid.values):
        for j, value in enumerate(row):
            assert ((i, j) in hidden) >= (0 < value < SMALL_CELL)
            assert not (value == 0 and (i, j) in hidden)


# --- Examples ----------------------------------------------------------------------------------


def test_a_large_table_is_left_as_it_is() -> None:
    grid = grid_of([[3000], [3100], [450]], rows_add_up=False)
    assert protect_grid(grid) == {}


def test_a_small_row_takes_the_next_smallest_row_with_it() -> None:
    grid = grid_of([[2], [10], [7]], rows_add_up=False)
    assert protect_grid(grid) == {(0, 0): SUPPRESSED, (2, 0): HIDDEN}


def test_a_single_small_row_hides_its_total() -> None:
    grid = grid_of([[2]], rows_add_up=False)
    assert protect_grid(grid) == {(0, 0): SUPPRESSED, (1, 0): SUPPRESSED}


def test_in_a_cross_table_the_hidden_cells_form_a_rectangle() -> None:
    grid = grid_of([[1, 5, 7], [6, 8, 2], [9, 9, 9]], rows_add_up=True)
    hidden = protect_grid(grid)
    assert hidden[(0, 0)] == hidden[(1, 2)] == SUPPRESSED
    for cell in hidden:
        assert another_value_fits(grid, hidden, cell)


def test_four_ones_under_a_small_total_are_the_known_limit() -> None:
    grid = grid_of([[1], [1], [1], [1]], rows_add_up=False)
    hidden = protect_grid(grid)
    assert len(hidden) == 5  # everything hidden; a reader still knows they are ones
    assert not another_value_fits(grid, hidden, (0, 0))


def spend_table(rows: list[tuple[str, int, int]]) -> Table:
    table = Table("spend", "Udgift", [Column("scheme", "Ordning"),
                                      Column("spend", "Udgift", MONEY),
                                      Column("citizens", "Borgere", COUNT),
                                      Column("average", "Gennemsnit", MONEY)])
    table.rows = [[name, Decimal(spend), n, Decimal(spend) / n] for name, spend, n in rows]
    spend, n = sum(r[1] for r in rows), sum(r[2] for r in rows)
    table.total = ["I alt", Decimal(spend), n, Decimal(spend) / n]
    return table


def test_an_average_is_hidden_only_beside_a_hidden_count_and_the_table_says_so() -> None:
    table = spend_table([("A", 900, 3), ("B", 10000, 8), ("C", 50000, 20)])
    protect(table, [Block(("citizens",))], follows={"average": ("citizens",)})
    assert [r[2:] for r in table.rows] == [[SUPPRESSED, HIDDEN], [HIDDEN, HIDDEN],
                                           [20, Decimal(2500)]]
    assert table.rows[0][1] == Decimal(900)  # the amount itself reveals no count
    assert table.total[2] == 31
    assert "x: skjult" in table.hidden_note and "x: skjult" in table.notes


def test_a_table_without_small_counts_has_no_note() -> None:
    table = spend_table([("A", 9000, 30), ("B", 10000, 80)])
    protect(table, [Block(("citizens",))], follows={"average": ("citizens",)})
    assert table.hidden_note == ""
    assert all(not isinstance(v, str) for r in table.rows for v in r[1:])


def test_cells_hidden_for_another_table_are_kept_hidden() -> None:
    table = spend_table([("A", 900, 30), ("B", 10000, 80), ("C", 1, 40)])
    hidden: dict[Any, str] = protect(table, [Block(("citizens",))],
                                     preset={(0, "citizens"): HIDDEN})
    assert table.rows[0][2] == HIDDEN
    assert sum(1 for (i, k) in hidden if k == "citizens" and i < 3) == 2
