"""Values in the shared cache under a version that every change replaces.

A *scope* (one user's state, one family of reference data) has a version in the cache; each
of its values is stored with the version it was read under, and counts only while that is
still the scope's version. ``invalidate`` gives the scope a new version now (so the
changing transaction's own later reads see the change) and again after commit (so a value that
another request read before the commit, and stored under the version of the moment, is never
read again). No reader sees stale values once a change has committed.

Used only with a cache that every process shares (Redis in production) or in tests
(``settings.USER_STATE_CACHE``); with per-process caches (the embedded set-up's web server and
Celery worker) the loader runs every time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
TIMEOUT = 6 * 3600


def enabled() -> bool:
    return bool(getattr(settings, "USER_STATE_CACHE", False))


def _version_key(scope: str) -> str:
    return f"{scope}:v"


def cached(scope: str, key: str, loader: Callable[[], T]) -> T:
    """``loader()``'s value for ``key`` in ``scope``, from the cache while the scope's version
    is unchanged. ``None`` is cached too.

    The value is stored with the version it was read under, under a key of its own, so that
    the version and the value come in one round trip (``get_many``); a value stored under
    another version than the scope's current one is read again."""
    if not enabled():
        return loader()
    version_key, value_key = _version_key(scope), f"{scope}:{key}"
    found = cache.get_many([version_key, value_key])
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, secrets.token_hex(8), TIMEOUT)
        version = cache.get(version_key)
    entry = found.get(value_key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return entry[1]  # type: ignore[no-any-return]
    value = loader()
    cache.set(value_key, (version, value), TIMEOUT)
    return value


def invalidate(*scopes: str) -> None:
    """New versions for these scopes, now and again once the current transaction commits."""
    if not scopes or not enabled():
        return

    def bump() -> None:
        cache.set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes}, TIMEOUT)

    bump()
    transaction.on_commit(bump)
