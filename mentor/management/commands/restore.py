"""``manage.py restore DIR [--database-url URL] [--media-root DIR]``: see mentor/backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from mentor import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `backup` into the database (its tables are replaced) and "
            "MEDIA_ROOT, and check the restored records against the backup's manifest.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database-url",
                            help="Restore into this database instead of DATABASE_URL's.")
        parser.add_argument("--media-root", type=Path,
                            help="Restore the files here instead of MEDIA_ROOT.")

    def handle(self, *args: Any, **options: Any) -> None:
        entry = (dict(dj_database_url.parse(options["database_url"]))
                 if options["database_url"] else connections["default"].settings_dict)
        try:
            manifest = backup.restore(
                options["directory"], backup.Database.from_settings(entry),
                media_root=options["media_root"] or Path(settings.MEDIA_ROOT))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name, (count, _) in manifest["records"].items():
            self.stdout.write(f"{name}: {count} (same as in the backup)")
        if (options["directory"] / backup.KEYS).exists():
            self.stdout.write(f"Start the product with the keys in {backup.KEYS} "
                              f"(set -a; . {options['directory'] / backup.KEYS}; set +a).")
        self.stdout.write(self.style.SUCCESS("Restored."))
