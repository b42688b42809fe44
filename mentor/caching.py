"""The one cache mechanism: values kept under named *versions* that the writing code bumps.

``cached(key, loader, versions=..., ttl=...)`` returns ``loader()``'s value, from Django's
cache while none of the named versions has changed since it was stored. ``bump(*names)``,
called by the service that writes (after its write, in its transaction), gives those names
new versions once the transaction commits. What is cached, under which key and versions, and
who bumps them: ``docs/caching.md``.

Why it is correct:
- A reader reads the versions before the database and stores its value with them; a writer
  bumps after commit. So a value read before a commit carries a version that the commit's
  bump replaces, and is never returned after it.
- Inside a transaction that has bumped a name (its bump is still waiting for the commit),
  values that depend on that name are read from the database and not stored: the
  transaction sees its own writes, and nothing it read is kept if it rolls back.
- A version key that is missing (evicted, expired, a new cache) gets a fresh random value,
  so no value stored before can match it.

Only with a cache that every process shares (``settings.SHARED_CACHE``: Redis, or the tests'
single process); otherwise each ``cached`` call runs its loader, as a bump in one process
could not reach another's cache.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# --- The versions -------------------------------------------------------------------------
# Every value depends on ALL: bumped when rows were written without the services (the demo
# seed, a restored database).
ALL: Final = "all"
USERS: Final = "users"  # every user's state: a role (group) or team renamed or deleted
POLICY: Final = "policy"
TEAMS: Final = "teams"
CATALOGUE: Final = "catalogue"  # mentor types and target groups
PROVIDERS: Final = "providers"  # the providers' names and whether they are active
# The reports' data versions.
COURSES: Final = "courses"
COSTS: Final = "costs"
JOURNAL: Final = "journal"
REVIEWS: Final = "reviews"
FOLLOWUPS: Final = "followups"  # the citizen's situation recorded 3 and 6 months after a course


def user_version(user_id: int) -> str:
    """One user's row, roles, teams and unread notifications."""
    return f"user:{user_id}"


REFERENCE_TTL: Final = 6 * 3600  # the policy in force, team and catalogue names
VERSION_TTL: Final = 30 * 24 * 3600  # a lost version only costs a reload
LOCK_SECONDS: Final = 60
WAIT_SECONDS: Final = 20.0
POLL_SECONDS: Final = 0.05


def enabled() -> bool:
    return bool(getattr(settings, "SHARED_CACHE", False))


def _version_key(name: str) -> str:
    return f"version:{name}"


class _Bump:
    """The after-commit callback of ``bump``; while it waits in the connection's on-commit
    list, its names count as changed by the current transaction."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.done = False  # the tests' captured callbacks run but stay in the list

    def __call__(self) -> None:
        self.done = True
        cache.set_many({_version_key(name): secrets.token_hex(8) for name in self.names},
                       VERSION_TTL)


def bump(*names: str) -> None:
    """New versions for ``names`` once the current transaction commits (at once outside one).
    Until then this transaction's own reads of values depending on them bypass the cache."""
    if names and enabled():
        transaction.on_commit(_Bump(names))


def _bumped_in_this_transaction() -> set[str]:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return set()
    # Django drops the callbacks of a rolled-back savepoint or transaction from this list.
    return {name for _savepoints, callback, *_robust in connection.run_on_commit
            if isinstance(callback, _Bump) and not callback.done for name in callback.names}


def _current_versions(names: tuple[str, ...], found: dict[str, Any]) -> tuple[str, ...]:
    """The versions of ``names`` from ``found`` (a ``get_many`` answer), creating the missing
    ones (``add``: two readers creating one agree on the first)."""
    versions = [found.get(_version_key(name)) for name in names]
    missing = [_version_key(name) for name, version in zip(names, versions, strict=True)
               if version is None]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), VERSION_TTL)
        created = cache.get_many(missing)
        versions = [found.get(_version_key(name)) or created.get(_version_key(name), "")
                    for name in names]
    return tuple(versions)  # type: ignore[arg-type]


def cached(key: str, loader: Callable[[], T], *, versions: Iterable[str], ttl: int,
           stampede_lock: bool = False) -> T:
    """``loader()``'s value for ``key``, from the cache while ``versions`` (and ``ALL``) are
    unchanged; ``None`` is cached too. One cache round trip on a hit: the versions and the
    value (stored with the versions it was read under) come in one ``get_many``.

    ``stampede_lock``: for loaders that take long; on a miss one caller loads under a short
    lock while the others wait for its value (loading themselves after ``WAIT_SECONDS``)."""
    names = (ALL, *versions)
    if not enabled() or _bumped_in_this_transaction().intersection(names):
        return loader()
    found = cache.get_many([*(_version_key(name) for name in names), key])
    current = _current_versions(names, found)
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return entry[1]  # type: ignore[no-any-return]
    if stampede_lock:
        return _load_once(key, loader, current, ttl)
    value = loader()
    cache.set(key, (current, value), ttl)
    return value


def _load_once(key: str, loader: Callable[[], T], current: tuple[str, ...], ttl: int) -> T:
    def stored() -> tuple[bool, Any]:
        entry = cache.get(key)
        hit = isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current
        return hit, entry[1] if hit else None

    lock = f"{key}:lock"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                hit, value = stored()  # stored while we were asking for the lock
                if not hit:
                    value = loader()
                    cache.set(key, (current, value), ttl)
            finally:
                cache.delete(lock)
            return value  # type: ignore[no-any-return]
        time.sleep(POLL_SECONDS)
        hit, value = stored()
        if hit:
            return value  # type: ignore[no-any-return]
        if time.monotonic() >= deadline:
            value = loader()
            cache.set(key, (current, value), ttl)
            return value
