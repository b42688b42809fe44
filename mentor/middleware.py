"""Idle session timeout: a session unused for SESSION_IDLE_TIMEOUT seconds ends."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

SESSION_KEY = "last_activity"
# The last activity is written to the session only when it is this many seconds old, so that a
# session is saved about once a minute rather than on every request; the timeout is therefore
# exact to within a minute.
WRITE_EVERY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            if last is not None and now - float(last) > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Du er logget ud, fordi du har været inaktiv."))
            elif (request.headers.get("X-Session-Ping") != "passive"
                  and (last is None or now - float(last) >= WRITE_EVERY)):
                request.session[SESSION_KEY] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Every answer to a signed-in user is ``Cache-Control: no-store``: jobcentre PCs are
    shared, and any page may show a citizen (lists, the dashboard's overdue reviews), so the
    next person at the PC must not find it in the browser's cache or history. A view that
    sets its own Cache-Control keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if signed_in and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
