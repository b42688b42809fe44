"""Request hygiene that every view relies on without knowing it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """Refuse a request whose query string or form data holds a NUL character.

    No browser sends one from a form, PostgreSQL refuses to store one (a server error in any
    view that reads ``request.POST`` directly), and forms would only refuse it anyway.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(request.GET) or (
                request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest(_("Forespørgslen indeholder ugyldige tegn."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _has_nul(data: object) -> bool:
    lists = getattr(data, "lists", None)
    if lists is None:
        return False
    return any("\x00" in key or any("\x00" in value for value in values
                                     if isinstance(value, str))
               for key, values in lists())
