"""Two-factor state changes: enrolment, recovery codes, an administrator's reset.

The devices are django-otp's: a TOTP device (the authenticator app) and a static device whose
tokens are the single-use recovery codes. Who stands where in a session is
``mentor/two_factor.py``'s business; these functions change only the database.
"""

from __future__ import annotations

import logging
from typing import Final

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mentor import caching
from mentor.models import User
from mentor.permissions import may_reset_two_factor
from mentor.services import DomainError, NotPermitted
from mentor.two_factor import RECOVERY_CODE_COUNT

logger = logging.getLogger(__name__)

RESET_REASON_MIN_LENGTH: Final = 10
# The reason goes into the user's history, whose reason column holds 100 characters.
RESET_REASON_PREFIX: Final = "Totrin nulstillet: "
RESET_REASON_MAX_LENGTH: Final = 100 - len(RESET_REASON_PREFIX)


def pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator device the user is enrolling (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False,
                                           name=_("Godkendelsesapp"))
    return device


@transaction.atomic
def two_factor_enrol(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms ``device`` if ``token`` is its current code, and gives the user new recovery
    codes (returned, to be shown once). ``None`` for a wrong code; nothing changes then."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if locked.confirmed:
        raise DomainError(_("Godkendelsesappen er allerede sat op."))
    if not locked.verify_token(token):
        return None
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    logger.info("Two-factor enrolled for user %s", user.pk)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working. The caller has had the password typed
    again."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError(_("Sæt først godkendelsesappen op."))
    codes = _new_recovery_codes(user)
    logger.info("Recovery codes regenerated for user %s", user.pk)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"name": "Reservekoder", "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: User, user: User, reason: str) -> None:
    """An administrator removes the user's authenticator app and recovery codes (a lost or
    replaced phone). The user's sessions end, and their next sign-in starts with enrolment.
    Recorded in the user's history: who, when, why."""
    if not may_reset_two_factor(actor, user):
        raise NotPermitted(_("Du kan ikke nulstille denne brugers totrinsbekræftelse."))
    reason = " ".join(reason.split())
    if len(reason) < RESET_REASON_MIN_LENGTH:
        raise DomainError(_("Skriv en begrundelse (mindst %(count)d tegn).")
                          % {"count": RESET_REASON_MIN_LENGTH})
    locked = User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=locked).delete()
    StaticDevice.objects.filter(user=locked).delete()
    if len(reason) > RESET_REASON_MAX_LENGTH:
        raise DomainError(_("Begrundelsen må højst være %(count)d tegn.")
                          % {"count": RESET_REASON_MAX_LENGTH})
    locked.sign_in_generation += 1
    locked._history_user = actor  # type: ignore[attr-defined]
    locked._change_reason = RESET_REASON_PREFIX + reason  # type: ignore[attr-defined]
    locked.save(update_fields=["sign_in_generation"])
    user.sign_in_generation = locked.sign_in_generation
    caching.bump(caching.user_version(user.pk))
    logger.info("Two-factor reset for user %s by %s", user.pk, actor.pk)
