"""Request hygiene that every view relies on without knowing it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """Refuse a request whose query string or form data holds a NUL character, or a number
    too long for any field.

    No browser sends a NUL from a form, PostgreSQL refuses to store one (a server error in any
    view that reads ``request.POST`` directly), and forms would only refuse it anyway. A number
    of more than 30 digits fits no field here, and as an id it makes SQLite (the development
    database) fail with an overflow instead of "no such choice".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET) or (
                request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest(_("Forespørgslen indeholder ugyldige tegn."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


MAX_DIGITS = 30


def _bad(value: str) -> bool:
    return "\x00" in value or (len(value) > MAX_DIGITS and value.isascii() and value.isdigit())


def _has_nul(data: object) -> bool:
    lists = getattr(data, "lists", None)
    if lists is None:
        return False
    return any("\x00" in key or any(_bad(value) for value in values if isinstance(value, str))
               for key, values in lists())
