"""Where one page spends its time: cProfile over repeated requests, and its queries.

    bin/bench-profile citizen_detail            # 200 requests, top 30 functions by own time
    bin/bench-profile dashboard --requests 20 --sort cumulative --queries

Runs in-process through Django's test client against the benchmark's large database with the
benchmark's production settings (``bin/bench-profile`` sets the environment), so it shows the
page's own cost without the HTTP server or the clients. Pages are those of ``querycount.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--queries", action="store_true", help="print the page's SQL")
    parser.add_argument("--callers", default="", help="who calls functions matching this")
    parser.add_argument("--time-only", action="store_true", help="time without the profiler")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE each of the page's queries (PostgreSQL)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.querycount import pages

    action, client = pages()[args.page]
    action(client)  # warm caches
    captured: list[tuple[str, Any]] = []

    def log(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        action(client)
    if args.explain:
        explain(captured)
        return 0
    timings = []
    profiler = cProfile.Profile()
    for _ in range(args.requests):
        started = time.perf_counter()
        if not args.time_only:
            profiler.enable()
        response = action(client)
        if not args.time_only:
            profiler.disable()
        timings.append(time.perf_counter() - started)
        if response.status_code not in (200, 302):
            raise SystemExit(f"HTTP {response.status_code}")
    timings.sort()
    print(f"{args.page}: {len(captured)} queries; median {timings[len(timings) // 2] * 1000:.1f} ms,"
          f" min {timings[0] * 1000:.1f} ms over {len(timings)} requests (profiled)")
    if args.time_only:
        return 0
    if args.queries:
        for sql, _params in captured:
            print(f"  {sql[:400]}")
    out = io.StringIO()
    stats: Any = pstats.Stats(profiler, stream=out)
    stats.sort_stats(args.sort)
    if args.callers:
        stats.print_callers(args.callers)
    else:
        stats.print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())


def explain(captured: list[tuple[str, Any]]) -> None:
    """Each read's plan with its timing, as PostgreSQL ran it for this page's parameters."""
    from django.db import connection

    for sql, params in captured:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
        print(f"  {sql[:300]}\n{plan}\n")
