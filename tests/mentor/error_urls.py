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


urlpatterns = [path("test-400/", suspicious), path("test-500/", failing), *urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
