"""State changes around a citizen beyond the core create/update in ``mentor.services``:
parallel support under the Social Services Act."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from mentor.models import Citizen, SocialServiceSupport, SocialSupportKind, User
from mentor.permissions import may_edit_citizen
from mentor.services import DomainError, NotPermitted


def _check_caseworker_of(actor: User, citizen: Citizen) -> None:
    if not may_edit_citizen(actor, citizen):
        raise NotPermitted(_("Kun en sagsbehandler i borgerens team kan registrere støtte "
                             "efter serviceloven."))


@transaction.atomic
def social_support_add(*, actor: User, citizen: Citizen, kind: str,
                       start_date: datetime.date, end_date: datetime.date | None = None,
                       provider: str = "", note: str = "") -> SocialServiceSupport:
    """Record support under the Social Services Act (§ 85, § 52, § 99) for ``citizen``."""
    _check_caseworker_of(actor, citizen)
    if kind not in SocialSupportKind.values:
        raise DomainError(_("Ukendt type af støtte efter serviceloven."))
    if end_date is not None and end_date < start_date:
        raise DomainError(_("Slutdatoen kan ikke ligge før startdatoen."))
    support = SocialServiceSupport(citizen=citizen, kind=kind, start_date=start_date,
                                   end_date=end_date, provider=provider, note=note,
                                   created_by=actor)
    support._history_user = actor  # type: ignore[attr-defined]
    support.save()
    return support
