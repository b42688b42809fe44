"""Django's ModelBackend, loading the logged-in user on each request from the shared cache.

Every request reads its user (``get_user``); with a shared cache the user row is kept together
with their roles, teams and unread count (``mentor/user_state.py``) under the user's version,
which every write of the user, their memberships or notifications bumps (``docs/caching.md``),
so one cache read gives both and the database is not asked. The session's check against the
password hash is Django's, on this copy (a password change bumps the user's version, so the
copy is never older than the password).

With single sign-on configured, a correct password signs in only a break-glass account
(``mentor.permissions.may_sign_in_with_password``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from mentor import user_state


class CachedModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        from mentor.permissions import may_sign_in_with_password

        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not may_sign_in_with_password(user):
            return None
        return user

    def get_user(self, user_id: Any) -> Any:
        user = user_state.load_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
