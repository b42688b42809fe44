"""Request types for views behind ``login_required``."""

from __future__ import annotations

from django.http import HttpRequest

from mentor.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is logged in (use on views decorated with login_required)."""

    user: User
