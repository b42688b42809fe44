"""Values in the shared cache under a version that every change replaces.

A *scope* (one user's state, one family of reference data) has a version in the cache; its
values are stored under that version. ``invalidate`` gives the scope a new version now (so the
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
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
TIMEOUT = 6 * 3600
_MISSING = object()


def enabled() -> bool:
    return bool(getattr(settings, "USER_STATE_CACHE", False))


def _version_key(scope: str) -> str:
    return f"{scope}:v"


def cached(scope: str, key: str, loader: Callable[[], T]) -> T:
    """``loader()``'s value for ``key`` in ``scope``, from the cache while the scope's version
    is unchanged. ``None`` is cached too."""
    if not enabled():
        return loader()
    version = cache.get(_version_key(scope))
    if version is None:
        cache.add(_version_key(scope), secrets.token_hex(8), TIMEOUT)
        version = cache.get(_version_key(scope))
    full_key = f"{scope}:{version}:{key}"
    value: Any = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = loader()
        cache.set(full_key, value, TIMEOUT)
    return value  # type: ignore[no-any-return]


def invalidate(*scopes: str) -> None:
    """New versions for these scopes, now and again once the current transaction commits."""
    if not scopes or not enabled():
        return

    def bump() -> None:
        cache.set_many({_version_key(scope): secrets.token_hex(8) for scope in scopes}, TIMEOUT)

    bump()
    transaction.on_commit(bump)
