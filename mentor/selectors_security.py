"""Reads for the security pages: finding a citizen, the access log, a manager's look-ups."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from mentor import cpr as cpr_lib
from mentor.models import AccessAction, AccessLog, Citizen, Team, User
from mentor.name_search import fold, name_matches, search_words
from mentor.permissions import MANAGER_LOOKUP_HOURS


def citizen_by_cpr(number: str) -> Citizen | None:
    """The citizen with this full CPR number, found through the keyed hash (never decrypted)."""
    try:
        digests = cpr_lib.search_hashes(number)
    except cpr_lib.InvalidCpr:
        return None
    return Citizen.objects.select_related("team").filter(cpr_hash__in=digests).first()


def citizens_matching(query: str) -> QuerySet[Citizen]:
    """Citizens for the administrator's access-log search: full CPR number or part of a name."""
    query = query.strip()
    if cpr_lib.looks_like_cpr(query):
        found = citizen_by_cpr(query)
        return Citizen.objects.filter(pk__in=[found.pk] if found else [])\
            .select_related("team")
    qs = Citizen.objects.select_related("team")
    if not search_words(query):
        return qs.none()
    qs = qs.filter(name_matches("search_name", query))
    return qs.order_by("last_name", "first_name", "id")


def citizens_by_name_in_team(name: str, team: Team) -> QuerySet[Citizen]:
    return Citizen.objects.filter(search_name=fold(name), team=team,
                                  anonymised_at__isnull=True)


def access_log_for(citizen: Citizen) -> QuerySet[AccessLog]:
    """Every access to one citizen, newest first (GDPR art. 15 insight)."""
    return (AccessLog.objects.filter(citizen=citizen).select_related("user")
            .order_by("-at", "-id"))


def open_lookups(user: User, now: datetime.datetime) -> list[AccessLog]:
    """The manager's look-ups still open at ``now``, newest first, one per citizen."""
    since = now - datetime.timedelta(hours=MANAGER_LOOKUP_HOURS)
    rows = (AccessLog.objects.filter(user=user, action=AccessAction.LOOKUP, at__gte=since,
                                     citizen__anonymised_at__isnull=True)
            .select_related("citizen__team").order_by("-at", "-id"))
    seen: set[int] = set()
    latest = []
    for row in rows:
        if row.citizen_id not in seen:
            seen.add(row.citizen_id)
            latest.append(row)
    return latest
