"""Errors as RFC 9457 problem details (``application/problem+json``): type, title, status,
detail, in the language the client asks for (Accept-Language, Danish by default).

A refused state change (``DomainError``, whose message the services write in Danish) is a 422
with the service's message as the detail, translated where the catalogue has it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from mentor.services import DomainError, NotPermitted

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:mentorstotte:problem:"

# status -> (type slug, title)
PROBLEMS: dict[int, tuple[str, Any]] = {
    400: ("invalid-request", _("Ugyldig forespørgsel")),
    401: ("unauthenticated", _("Ikke logget ind")),
    403: ("forbidden", _("Ingen adgang")),
    404: ("not-found", _("Findes ikke")),
    405: ("method-not-allowed", _("Metoden er ikke tilladt")),
    406: ("not-acceptable", _("Formatet kan ikke leveres")),
    415: ("unsupported-media-type", _("Formatet understøttes ikke")),
    422: ("refused", _("Handlingen blev afvist")),
    429: ("rate-limited", _("For mange forespørgsler")),
}


def problem(status_code: int, detail: str, **extra: Any) -> dict[str, Any]:
    slug, title = PROBLEMS.get(status_code, ("error", _("Fejl")))
    return {"type": TYPE_PREFIX + slug, "title": str(title), "status": status_code,
            "detail": detail, **extra}


def problem_response(status_code: int, detail: str, *, headers: dict[str, str] | None = None,
                     **extra: Any) -> Response:
    return Response(problem(status_code, detail, **extra), status=status_code,
                    content_type=PROBLEM_CONTENT_TYPE, headers=headers)


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(value) for value in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotPermitted):
        return problem_response(403, gettext(str(exc)))
    if isinstance(exc, DomainError):
        return problem_response(422, gettext(str(exc)))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Findes ikke, eller klienten har ikke adgang."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    headers = {name: value for name, value in response.headers.items()
               if name in ("WWW-Authenticate", "Retry-After", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(400, str(_("Forespørgslen indeholder ugyldige værdier.")),
                                headers=headers, errors=_flatten(exc.detail))
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED
    return problem_response(response.status_code, str(detail), headers=headers)


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    """Any path under /api/v1/ that matches no endpoint: a problem, not the HTML 404 page."""
    from rest_framework.decorators import api_view, authentication_classes, permission_classes

    @api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    @authentication_classes([])
    @permission_classes([])
    def view(request: Any) -> Response:
        return problem_response(404, str(_("Findes ikke, eller klienten har ikke adgang.")))

    return view(request)
