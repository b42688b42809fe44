"""``manage.py backup DIR [--without-keys]``: see mentor/backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from mentor import backup


class Command(BaseCommand):
    help = ("Back up the database (pg_dump, custom format), the uploaded files and the keys "
            "into a new directory, with a manifest of checksums.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--without-keys", action="store_true",
                            help="Leave out keys.env (when the keys are kept in a secret store).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            database = backup.Database.from_settings(connections["default"].settings_dict)
            manifest = backup.backup(options["directory"], database,
                                     keys=not options["without_keys"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name, (count, _) in manifest["records"].items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {options['directory']}."))
