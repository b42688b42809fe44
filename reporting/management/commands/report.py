"""``manage.py report spend --year YYYY [--format text|csv|json]``: the per-scheme spend table
(Copenhagen's table: scheme, external spend, unique citizens, average per citizen, and a total
row) for scripts. Counts under 5 in a scheme row are printed as "<5", as on the dashboard."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.exports import table_csv
from reporting.periods import year_period
from reporting.selectors import spend_per_scheme
from reporting.tables import Table


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _text(table: Table) -> str:
    def show(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, int | Decimal):
            return f"{value:,.0f}"
        return str(value)

    body = [[show(v) for v in row] for row in table.rows]
    if table.total:
        body.append([show(v) for v in table.total])
    header = [str(c.label) for c in table.columns]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for number, row in enumerate([header, *body]):
        cells = [row[0].ljust(widths[0])] + [v.rjust(w) for v, w in zip(row[1:], widths[1:],
                                                                        strict=True)]
        lines.append("  ".join(cells).rstrip())
        if number == 0 or (table.total and number == len(body) - 1):
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print a report table. 'spend': external spend, citizens and average per scheme."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=["spend"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["text", "csv", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 1900 <= year <= 2999:
            raise CommandError(f"Not a year: {year}")
        table = spend_per_scheme(year_period(year))
        if options["format"] == "csv":
            self.stdout.write(table_csv(table, bom=False, danish=False).decode("utf-8"), ending="")
        elif options["format"] == "json":
            records = [{k: _json_value(v) for k, v in record.items()}
                       for record in table.as_records()]
            self.stdout.write(json.dumps({"year": year, "rows": records}, ensure_ascii=False,
                                         indent=2))
        else:
            self.stdout.write(f"{table.title} {year}\n")
            self.stdout.write(_text(table))
