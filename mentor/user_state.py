"""What every page needs to know about the logged-in user, read from the cache.

The user row (``mentor/auth_backend.py``), roles, team ids and the unread-notification count
are read on every request (authentication, permissions, navigation). They are cached
(``mentor/caching.py``) under the user's version and ``USERS``; the code that changes them
bumps those (``docs/caching.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from mentor import caching

if TYPE_CHECKING:
    from mentor.models import User

TTL: Final = 6 * 3600


@dataclass(frozen=True)
class UserState:
    roles: frozenset[str]
    team_ids: frozenset[int]
    unread_notifications: int
    # Teams whose visitation deputy the user is (``Team.visitation_deputy``). A default, so
    # that a state cached before the field existed still reads.
    deputy_team_ids: frozenset[int] = frozenset()


def _read_database(user: User) -> UserState:
    from django.db.models import Q

    from mentor.models import Notification, Team

    # The teams the user is a member of and those they stand in for, in one query.
    member_of: set[int] = set()
    deputy_for: set[int] = set()
    for team_id, member_id, deputy_id in (
            Team.objects.filter(Q(members=user) | Q(visitation_deputy=user))
            .values_list("id", "members", "visitation_deputy_id").distinct()):
        if member_id == user.pk:
            member_of.add(team_id)
        if deputy_id == user.pk:
            deputy_for.add(team_id)
    return UserState(
        roles=frozenset(user.groups.values_list("name", flat=True)),
        team_ids=frozenset(member_of),
        unread_notifications=Notification.objects.filter(user_id=user.pk,
                                                         read_at__isnull=True).count(),
        deputy_team_ids=frozenset(deputy_for))


def _versions(user_id: int) -> tuple[str, str]:
    return (caching.USERS, caching.user_version(user_id))


def load_user(user_id: Any) -> User | None:
    """The user with this id (as the session holds it) with their state, from the cache while
    their version is current, else the database; ``None`` for no such user."""
    from django.core.exceptions import ValidationError

    from mentor.models import User

    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None

    def fetch() -> User | None:
        return User._default_manager.filter(pk=pk).first()

    def read() -> tuple[User, UserState] | None:
        user = fetch()
        return None if user is None else (user, _read_database(user))

    if not caching.enabled():
        return fetch()
    entry = caching.cached(f"user:{pk}", read, versions=_versions(pk), ttl=TTL)
    if entry is None:
        return None
    user, state = entry
    user._user_state = state
    return user


def load(user: User) -> UserState:
    """The user's state: from the cache while their version is current, else the database."""
    if user.pk is None:
        return _read_database(user)
    return caching.cached(f"user-state:{user.pk}", lambda: _read_database(user),
                          versions=_versions(user.pk), ttl=TTL)
