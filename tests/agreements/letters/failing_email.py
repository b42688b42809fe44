"""An e-mail backend whose server is down: every send raises, as SMTP does."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

calls: list[int] = []


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        calls.append(len(email_messages))
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
