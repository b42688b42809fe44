"""``manage.py rotate_cpr_keys [--batch-size N] [--after ID] [--check]``: see mentor/key_rotation.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentor import key_rotation
from mentor.models import Citizen


class Command(BaseCommand):
    help = ("Re-encrypt and re-hash the CPR numbers (and webhook secrets) under the newest keys "
            "of CPR_ENCRYPTION_KEYS / CPR_HASH_KEYS, in batches; resumable.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--after", type=int, default=0,
                            help="Start after this citizen id (the last one a stopped run "
                                 "reported); rows already rewritten are skipped anyway.")
        parser.add_argument("--check", action="store_true",
                            help="Only count the rows still under an old key; exit 1 if any.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            stale = key_rotation.citizens_not_current()
            self.stdout.write(f"{stale} citizens under an old key.")
            if stale:
                raise CommandError("The rotation is not complete.")
            return
        total = Citizen.objects.count()
        after, done, rewritten = options["after"], 0, 0
        while True:
            batch = key_rotation.citizens_rotate_batch(after=after, size=options["batch_size"])
            if batch.last_id is None:
                break
            after = batch.last_id
            done += batch.rewritten + batch.current
            rewritten += batch.rewritten
            self.stdout.write(f"citizens: {done}/{total} checked, {rewritten} rewritten, "
                              f"last id {after}")
        secrets = key_rotation.webhook_secrets_rotate()
        self.stdout.write(f"webhook secrets rewritten: {secrets}")
        old = len(settings.CPR_ENCRYPTION_KEYS) - 1 + len(settings.CPR_HASH_KEYS) - 1
        self.stdout.write(self.style.SUCCESS(
            "Every row is under the newest keys."
            + (f" The {old} old key(s) can now be removed from CPR_ENCRYPTION_KEYS / "
               "CPR_HASH_KEYS." if old else "")))
