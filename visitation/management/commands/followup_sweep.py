"""``manage.py followup_sweep``: run the follow-up sweep now.

By default the work is done in this process, so it works even when the broker is down;
``--queue`` hands each item to the Celery workers instead, as the daily beat task does.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from visitation.services.followup import sweep


class Command(BaseCommand):
    help = "Find due and overdue contacts and reviews and send reminders (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="store_true",
                            help="queue one Celery task per item instead of working inline")

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep(inline=not options["queue"])
        for name, value in result.as_dict().items():
            self.stdout.write(f"{name}: {value}")
