"""Reference data that changes rarely (the policy in force, catalogue names), in the cache.

Each *family* has a version in the cache; a save or delete of any model of the family gives it a
new version, now and again after commit (as in ``user_state``), so a read after a committed
change never sees the old value. A queryset ``update()``, ``bulk_create()`` or raw SQL sends no
signal: code that changes these rows that way must call ``invalidate(family)`` itself
(``policy_version_create`` does for its service levels); nothing else in the product does.
Used only with a cache that every process shares (see ``user_state.enabled``); otherwise the
loader runs every time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from mentor import user_state

T = TypeVar("T")
TIMEOUT = 6 * 3600
_MISSING = object()

# Family -> the models (app_label.ModelName) whose changes make its values stale.
FAMILIES: dict[str, tuple[str, ...]] = {
    "policy": ("mentor.PolicyVersion", "mentor.ServiceLevel", "mentor.Municipality",
               "mentor.Team"),
    "catalogue": ("mentor.TargetGroup", "mentor.MentorType"),
}


def _version_key(family: str) -> str:
    return f"reference:v:{family}"


def cached(family: str, key: str, loader: Callable[[], T]) -> T:
    """``loader()``'s value for ``key`` in ``family``, from the cache while the family is
    unchanged. ``None`` is cached too."""
    if not user_state.enabled():
        return loader()
    version = cache.get(_version_key(family))
    if version is None:
        cache.add(_version_key(family), secrets.token_hex(8), TIMEOUT)
        version = cache.get(_version_key(family))
    full_key = f"reference:{family}:{version}:{key}"
    value: Any = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = loader()
        cache.set(full_key, value, TIMEOUT)
    return value  # type: ignore[no-any-return]


def invalidate(family: str) -> None:
    if not user_state.enabled():
        return

    def bump() -> None:
        cache.set(_version_key(family), secrets.token_hex(8), TIMEOUT)

    bump()
    transaction.on_commit(bump)


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for family, labels in FAMILIES.items():
        def receiver(sender: Any, family: str = family, **kwargs: Any) -> None:
            invalidate(family)

        for label in labels:
            model = apps.get_model(label)
            post_save.connect(receiver, sender=model, weak=False,
                              dispatch_uid=f"reference_cache.{family}.{label}.save")
            post_delete.connect(receiver, sender=model, weak=False,
                                dispatch_uid=f"reference_cache.{family}.{label}.delete")
