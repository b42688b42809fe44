"""The follow-up sweep over all open courses, timed.

    python -m benchmarks.sweep > sweep.json

Run by ``benchmarks/run.py`` on the benchmark's copy of the large database. The sweep does its
work inline, as ``manage.py followup_sweep`` does (reminders and escalations written, emails
queued for the workers), then runs again at once: the second run finds nothing left to do,
which is the idempotence the daily beat task relies on.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any


def measure() -> dict[str, Any]:
    from visitation.models import Course, CourseStatus
    from visitation.services.followup import sweep

    open_courses = Course.objects.exclude(status=CourseStatus.ENDED).count()
    started = time.perf_counter()
    first = sweep(inline=True)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    sweep(inline=True)
    again = time.perf_counter() - started
    work = ", ".join(f"{name.replace('_', ' ')} {value:,}"
                     for name, value in first.as_dict().items() if value)
    return {"open_courses": open_courses, "seconds": seconds, "again_seconds": again,
            "work": work or "nothing owed"}


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    json.dump(measure(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
