"""The mentor's calendar-feed token: secret, revocable, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.models import User
from mentor.permissions import may_use_mentor_workspace
from mentor.services import NotPermitted
from visitation.models import CalendarToken


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_regenerate(*, actor: User) -> str:
    """A new secret token for the actor's feed; the old link stops working. Returns the token,
    which is shown once and never stored."""
    if not may_use_mentor_workspace(actor):
        raise NotPermitted(_("Kun mentorer har en kalender med kontakter og opfølgninger."))
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=actor, defaults={"token_hash": token_digest(token), "created_at": timezone.now(),
                              "last_used_at": None})
    return token


@transaction.atomic
def calendar_token_revoke(*, actor: User) -> bool:
    deleted, _by_model = CalendarToken.objects.filter(user=actor).delete()
    return bool(deleted)


def calendar_user_for_token(token: str) -> User | None:
    """The active mentor a token belongs to (and stamps its use), or None."""
    row = (CalendarToken.objects.select_related("user")
           .filter(token_hash=token_digest(token), user__is_active=True).first())
    if row is None or not may_use_mentor_workspace(row.user):
        return None
    CalendarToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
