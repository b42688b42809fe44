"""The error pages (400, 403, 404, 500 and a refused CSRF check) inside the normal layout,
with the menu and a way back, in the reader's language. ``mentor/urls.py`` names them as
``handler400`` … ``handler500``; Django uses them whenever ``DEBUG`` is off."""

from __future__ import annotations

import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

TEMPLATE = "errors/error.html"

# status: (title, what happened and what the reader can do)
EXPLANATIONS: dict[int, tuple[Any, Any]] = {
    400: (_("Forespørgslen kunne ikke behandles"),
          _("Siden fik data, den ikke kunne forstå. Gå tilbage, og prøv igen.")),
    403: (_("Du har ikke adgang til siden"),
          _("Din rolle giver ikke adgang til det, du forsøgte at åbne. Mener du, at du burde "
            "have adgang, så kontakt din teamleder eller en administrator.")),
    404: (_("Siden findes ikke"),
          _("Linket kan være forældet, eller det, det pegede på, er slettet. Gå tilbage, "
            "eller start forfra på forsiden.")),
    503: (_("Systemet er midlertidigt utilgængeligt"),
          _("Systemet kan ikke nå sin database lige nu. Intet af det, du sendte, er gemt. "
            "Vent et øjeblik, og prøv igen.")),
    500: (_("Der skete en fejl"),
          _("Fejlen er registreret. Prøv igen om lidt; virker det stadig ikke, så kontakt en "
            "administrator og fortæl, hvad du var i gang med.")),
}
CSRF_EXPLANATION = _("Formularens sikkerhedstjek (CSRF) slog fejl: formularen var for gammel, "
                     "eller din session er udløbet. Gå tilbage, genindlæs siden, og send "
                     "formularen igen.")


def _back_url(request: HttpRequest) -> str:
    """The page the reader came from, when it is on this site (never an outside address)."""
    referer = request.headers.get("referer", "")
    parts = urlsplit(referer)
    if not referer or parts.netloc != request.get_host() or parts.path == request.path:
        return ""
    return referer


def _render(request: HttpRequest, status: int, explanation: Any = None) -> HttpResponse:
    title, default = EXPLANATIONS[status]
    context = {"status": status, "title": title, "explanation": explanation or default}
    template = loader.get_template(TEMPLATE)
    try:
        context["back_url"] = _back_url(request)
        body = template.render(context, request)
    except Exception:  # the layout's menu reads the database, which may be what failed
        if status < 500:
            raise
        logger.exception("The layout of the error page failed; rendering it without the menu.")
        body = template.render(context)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


# Seconds a client is asked to wait when the database cannot be reached (503 Retry-After).
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the failure is the database connection (PostgreSQL
    stopped or restarting): the request failed cleanly and may be repeated."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = _render(request, 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _render(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render(request, 403, CSRF_EXPLANATION)
