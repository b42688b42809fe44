"""Reference data that changes rarely (the policy in force, catalogue and team names), in the
cache.

Each *family* has a version in the cache (``mentor/versioned_cache.py``); a save or delete of
any model of the family gives it a new version, so a read after a committed change never sees
the old value. A queryset ``update()``, ``bulk_create()`` or raw SQL sends no
signal: code that changes these rows that way must call ``invalidate(family)`` itself
(``policy_version_create`` does for its service levels); nothing else in the product does.
Used only with a cache that every process shares; otherwise the loader runs every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mentor import versioned_cache

T = TypeVar("T")

# Family -> the models (app_label.ModelName) whose changes make its values stale.
FAMILIES: dict[str, tuple[str, ...]] = {
    "policy": ("mentor.PolicyVersion", "mentor.ServiceLevel", "mentor.Municipality",
               "mentor.Team"),
    "catalogue": ("mentor.TargetGroup", "mentor.MentorType"),
    "teams": ("mentor.Team",),
}


def cached(family: str, key: str, loader: Callable[[], T]) -> T:
    """``loader()``'s value for ``key`` in ``family``, from the cache while the family is
    unchanged. ``None`` is cached too."""
    return versioned_cache.cached(f"reference:{family}", key, loader)


def invalidate(family: str) -> None:
    versioned_cache.invalidate(f"reference:{family}")


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
