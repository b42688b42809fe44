"""Demo data for every role, idempotent: ``manage.py seed_demo [--citizens N] [--bulk]``."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mentor.seed import (
    agreements,
    bulk,
    complaints,
    costs,
    deadlines,
    history,
    journal,
    organisation,
    referrals,
    spending,
)

# The hand-made demo's parts after the organisation and citizens, in this order: each builds on
# what the one before it made, and each is idempotent.
DEMO_PARTS = (referrals, journal, deadlines, agreements, costs, complaints)


class Command(BaseCommand):
    help = "Load synthetic demo data (idempotent): organisation, users for every role, citizens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, default=50,
                            help="How many synthetic citizens there should be (default 50).")
        parser.add_argument("--scenario", choices=["copenhagen2017"],
                            help="Also load a scenario: copenhagen2017 rebuilds Copenhagen's "
                                 "external-mentor year 2017 in a municipality of its own.")
        parser.add_argument(
            "--bulk", action="store_true",
            help=f"Generate citizens with whole histories in bulk (courses, reviews, journal, "
                 f"cost lines); the default from {bulk.BULK_THRESHOLD:,} citizens.")
        parser.add_argument(
            "--history", action=argparse.BooleanOptionalAction, default=True,
            help=f"Add {history.CITIZENS} citizens with {history.YEARS_BACK + 1} years of "
                 f"courses, reviews, outcomes and cost lines behind the hand-made demo (the "
                 f"default; bulk data has a history of its own).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["citizens"]
        use_bulk = options["bulk"] or count >= bulk.BULK_THRESHOLD
        municipality = organisation.seed_organisation()
        # The hand-made demo first; in bulk mode it stays at its small size and the bulk
        # generator adds the rest.
        small = min(count, bulk.BASE_DEMO_CITIZENS) if use_bulk else count
        created = organisation.seed_citizens(municipality, small)
        # Once bulk data or the demo's history is there the hand-made part is complete;
        # running its parts again would let them see the generated users, citizens and courses.
        if not bulk.organisation_exists(municipality):
            for part in DEMO_PARTS:
                part.seed(municipality, small, self.stdout)
        if options["history"] and not use_bulk:
            history.seed(municipality, small, self.stdout)
        spending.seed(municipality, small, self.stdout)
        if use_bulk:
            result = bulk.seed_bulk(municipality, count, today=timezone.localdate(),
                                    stdout=self.stdout)
            created += result.created_citizens
            if result.created_citizens:
                rows = ", ".join(f"{table} {n:,}" for table, n in result.rows.items() if n)
                self.stdout.write(f"Bulk: {rows} in {result.seconds:,.0f} s.")
        if options.get("scenario") == "copenhagen2017":
            costs.seed_copenhagen_2017(self.stdout)  # type: ignore[arg-type]  # OutputWrapper writes like a TextIO
        organisation.ensure_demo_devices()
        from mentor import caching

        caching.bump(caching.ALL)  # the seed writes without the services that bump versions
        self.stdout.write(f"Demo data ready: {created} new citizens.")
        self.stdout.write(f"Logins (password for all: {organisation.DEMO_PASSWORD}):")
        for user in organisation.DEMO_USERS:
            self.stdout.write(f"  {user.username:<15} {', '.join(user.roles)}")
        if use_bulk:
            self.stdout.write("  Bulk users with the same password: sagsbehandler-NN-K, "
                              "teamleder-NN, mentor-NNNN.")
        self.stdout.write(f"Second factor: every demo user's authenticator key is "
                          f"{organisation.DEMO_TOTP_SECRET}; or print the current code with "
                          f"`manage.py totp_code <username>`.")
