"""What every page needs to know about the logged-in user, read from the cache.

The user row (``mentor/auth_backend.py``), roles, team ids and the unread-notification count
are read on every request (authentication, permissions, navigation). Instead of four queries
per request they are kept in the shared cache under a per-user version (``mentor/versioned_cache.py``): every change that could alter them gives the
user a new version, so the next request reads the database again.

What gives a user a new version (connected in ``connect``):
- their groups or teams change (``m2m_changed`` in both directions, including ``clear``), or a
  group or team they belong to is deleted (the membership rows go without a signal);
- the user row itself is saved (``is_superuser``, ``is_active``) or deleted;
- a notification of theirs is created, deleted, or read (the ``notification_read`` view).

The cache must be shared by every process that writes these rows (Redis in production, see
``settings.USER_STATE_CACHE``); with a per-process cache (the embedded default's web server
and Celery worker are separate processes) the state is read from the database every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mentor import versioned_cache

if TYPE_CHECKING:
    from mentor.models import User


@dataclass(frozen=True)
class UserState:
    roles: frozenset[str]
    team_ids: frozenset[int]
    unread_notifications: int


def _read_database(user: User) -> UserState:
    from mentor.models import Notification

    return UserState(
        roles=frozenset(user.groups.values_list("name", flat=True)),
        team_ids=frozenset(user.teams.values_list("id", flat=True)),
        unread_notifications=Notification.objects.filter(user_id=user.pk,
                                                         read_at__isnull=True).count())


def _scope(user_id: int) -> str:
    return f"user-state:{user_id}"


def load_user(user_id: Any) -> User | None:
    """The user with this id (as the session holds it) with their state, from the cache while
    their version is current, else the database; ``None`` for no such user."""
    from django.core.exceptions import ValidationError

    from mentor.models import User

    try:
        pk = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
    except ValidationError:
        return None

    def fetch() -> User | None:
        return User._default_manager.filter(pk=pk).first()

    def read() -> tuple[User, UserState] | None:
        user = fetch()
        return None if user is None else (user, _read_database(user))

    if not versioned_cache.enabled():
        return fetch()
    entry = versioned_cache.cached(_scope(pk), "user", read)
    if entry is None:
        return None
    user, state = entry
    user._user_state = state  # type: ignore[attr-defined]
    return user


def load(user: User) -> UserState:
    """The user's state: from the cache while their version is current, else the database."""
    if user.pk is None:
        return _read_database(user)
    return versioned_cache.cached(_scope(user.pk), "state", lambda: _read_database(user))


def invalidate(*user_ids: int | None) -> None:
    """Give these users a new version, now and again once the current transaction commits."""
    versioned_cache.invalidate(*(_scope(pk) for pk in user_ids if pk is not None))


def _on_membership(sender: Any, instance: Any, action: str, reverse: bool, model: Any,
                   pk_set: set[int] | None, **kwargs: Any) -> None:
    from mentor.models import User

    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if not reverse:
        invalidate(instance.pk)
    elif action == "pre_clear":
        # The reverse side cleared (group.user_set.clear()): who was in it, before it goes.
        field = "groups" if sender is User.groups.through else "teams"
        members = User.objects.filter(**{field: instance})
        invalidate(*members.values_list("pk", flat=True))
    elif pk_set:
        invalidate(*pk_set)


def _on_group_or_team_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    from mentor.models import Team, User

    members = (User.objects.filter(teams=instance) if isinstance(instance, Team)
               else User.objects.filter(groups=instance))
    invalidate(*members.values_list("pk", flat=True))


def _on_user_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.pk)


def _on_notification(sender: Any, instance: Any, created: bool = True, **kwargs: Any) -> None:
    if created:
        invalidate(instance.user_id)


def _on_notification_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    invalidate(instance.user_id)


def connect() -> None:
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from mentor.models import Notification, Team, User

    m2m_changed.connect(_on_membership, sender=User.groups.through,
                        dispatch_uid="user_state.groups")
    m2m_changed.connect(_on_membership, sender=User.teams.through,
                        dispatch_uid="user_state.teams")
    pre_delete.connect(_on_group_or_team_delete, sender=Group, dispatch_uid="user_state.group")
    pre_delete.connect(_on_group_or_team_delete, sender=Team, dispatch_uid="user_state.team")
    post_save.connect(_on_user_change, sender=User, dispatch_uid="user_state.user")
    post_delete.connect(_on_user_change, sender=User, dispatch_uid="user_state.user_delete")
    post_save.connect(_on_notification, sender=Notification,
                      dispatch_uid="user_state.notification")
    post_delete.connect(_on_notification_delete, sender=Notification,
                        dispatch_uid="user_state.notification_delete")
