"""Demo data for every role, idempotent: ``manage.py seed_demo [--citizens N]``."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentor import demo


class Command(BaseCommand):
    help = "Load synthetic demo data (idempotent): organisation, users for every role, citizens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--citizens", type=int, default=50,
                            help="How many synthetic citizens there should be (default 50).")
        parser.add_argument("--scenario", choices=["copenhagen2017"],
                            help="Also load a scenario: copenhagen2017 rebuilds Copenhagen's "
                                 "external-mentor year 2017 in a municipality of its own.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = demo.seed_organisation()
        created = demo.seed_citizens(municipality, options["citizens"])
        # Each app adds its own part of the demo (courses, journal, agreements, cost lines).
        for module_name in demo.DEMO_EXTENSIONS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            module.seed(municipality, options["citizens"], self.stdout)
        if options.get("scenario") == "copenhagen2017":
            from reporting.demo import seed_copenhagen_2017

            seed_copenhagen_2017(self.stdout)
        self.stdout.write(f"Demo data ready: {created} new citizens.")
        self.stdout.write(f"Logins (password for all: {demo.DEMO_PASSWORD}):")
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.username:<15} {', '.join(user.roles)}")
