"""The citizen's own data (GDPR art. 15): an authorised user makes the export for a stated
reason, and the access log records who, when and why.

Made synchronously in the request: a case holds tens of records and a few files, and the
summary PDF renders in about a second. (A case that outgrows that would move ``build_export``
into a Celery task that stores the ZIP for download; the service's contract stays.)
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mentor.citizen_export import build_export
from mentor.models import AccessAction, Citizen, User
from mentor.permissions import log_access, may_export_citizen
from mentor.services import DomainError, NotPermitted

EXPORT_REASON_MIN_LENGTH = 10


def citizen_export_create(*, actor: User, citizen: Citizen, reason: str) -> bytes:
    """The export's ZIP. The access-log row (EXPORT, with the reason) is written first, in
    its own transaction: an export that fails half-way is still on record."""
    if not may_export_citizen(actor, citizen):
        raise NotPermitted(_("Kun en teamleder i borgerens team kan lave et udtræk af borgerens "
                           "oplysninger."))
    reason = reason.strip()
    if len(reason) < EXPORT_REASON_MIN_LENGTH:
        raise DomainError(_("Skriv en begrundelse for udtrækket (mindst %(n)s tegn).")
                          % {"n": EXPORT_REASON_MIN_LENGTH})
    with transaction.atomic():
        log_access(actor, citizen, action=AccessAction.EXPORT,
                   what="Indsigt (artikel 15): alle oplysninger (ZIP)", reason=reason)
    return build_export(citizen, actor=actor, reason=reason)
