"""The project's URLs plus two views that fail, for the error page tests; the handlers are the
project's own (``mentor/urls.py``)."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from mentor.urls import handler400, handler403, handler404, handler500, urlpatterns


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("A request no form sends.")


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A bug.")


def database_down(request: HttpRequest) -> HttpResponse:
    """A real connection refused: PostgreSQL asked for on a port where nothing listens."""
    from django.db import connections
    from django.db.backends.postgresql.base import DatabaseWrapper

    settings = {**connections["default"].settings_dict,
                "ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": "9",
                "NAME": "down", "USER": "postgres", "PASSWORD": "",
                "OPTIONS": {"connect_timeout": 2}}
    DatabaseWrapper(settings, alias="down").ensure_connection()
    return HttpResponse("unreachable")


urlpatterns = [path("test-400/", suspicious), path("test-500/", failing),
               path("test-503/", database_down), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
