"""``manage.py totp_code <username>``: the current two-factor code of a demo user.

The demo's users share a published authenticator key (``mentor/seed/organisation.py``), so
their codes are no secret; this prints one for whoever tries the demo without adding the key
to an authenticator app. It refuses every user whose device has another key: a real user's
code never leaves their phone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentor import two_factor
from mentor.models import User
from mentor.seed.organisation import is_demo_device


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (demo users only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.filter(username=options["username"]).first()
        device = (TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
                  if user is not None else None)
        if device is None or not is_demo_device(device):
            raise CommandError(f"{options['username']} is not a demo user with the demo's "
                               "authenticator key; only demo users' codes are printed.")
        self.stdout.write(two_factor.current_code(device))
