"""A user's saved filters of the list pages: save (or replace) one under a name, delete one."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.utils.translation import gettext as _

from mentor.cpr import could_hold_cpr
from mentor.listing import LISTS, PAGE_PARAM
from mentor.models import SavedFilter, User
from mentor.services import DomainError

MAX_QUERY_LENGTH = 1000
# The citizen search's session token (``mentor/search_tokens.py``) lasts an hour at most:
# a saved filter would outlive it.
NOT_SAVED = frozenset({PAGE_PARAM, "s"})


def saved_query(query: str) -> str:
    """``query`` as it is stored: without the page number or a search token, and without any
    value that could hold a CPR number (such a search is not kept, not even for its owner)."""
    kept = [(name, value) for name, value in parse_qsl(query.lstrip("?"), keep_blank_values=False)
            if name not in NOT_SAVED and not could_hold_cpr(value)]
    return urlencode(kept)


@transaction.atomic
def saved_filter_save(*, actor: User, list_name: str, name: str, query: str) -> SavedFilter:
    """Save the list's current ``query`` as ``name`` for ``actor``; a filter of the same name
    on the same list is replaced."""
    name = " ".join(name.split())
    if list_name not in LISTS:
        raise DomainError(_("Listen findes ikke."))
    if not name:
        raise DomainError(_("Giv filteret et navn."))
    if len(name) > SavedFilter._meta.get_field("name").max_length:  # type: ignore[operator]
        raise DomainError(_("Navnet er for langt (højst 80 tegn)."))
    stored = saved_query(query)
    if len(stored) > MAX_QUERY_LENGTH:
        raise DomainError(_("Filteret er for langt til at blive gemt."))
    saved, _created = SavedFilter.objects.update_or_create(
        user=actor, list_name=list_name, name=name, defaults={"query": stored})
    return saved


@transaction.atomic
def saved_filter_delete(*, actor: User, saved_filter: SavedFilter) -> None:
    if saved_filter.user_id != actor.pk:
        raise DomainError(_("Du kan kun slette dine egne filtre."))
    SavedFilter.objects.filter(pk=saved_filter.pk).delete()
