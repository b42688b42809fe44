"""Failed sign-ins, counted by the sign-in throttle (``mentor/sign_in_throttle.py``)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInFailure(models.Model):
    """One refused password, with the username typed (lower-cased; it may name nobody) and
    the address it came from. A successful sign-in deletes the username's rows; rows older
    than the throttle's window are deleted as new ones are written."""

    username = models.CharField(_("brugernavn"), max_length=150)
    ip_address = models.GenericIPAddressField(_("adresse"))
    at = models.DateTimeField(_("tidspunkt"))

    class Meta:
        verbose_name = _("mislykket login")
        verbose_name_plural = _("mislykkede login")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["username", "at"], name="signin_failure_user_at"),
            models.Index(fields=["ip_address", "at"], name="signin_failure_address_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address} {self.at:%Y-%m-%d %H:%M:%S}"
