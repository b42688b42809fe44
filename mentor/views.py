from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mentor import caching, selectors, services
from mentor.http import AuthenticatedHttpRequest
from mentor.models import Notification


def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgængelighedserklæring): public, as the law on web
    accessibility asks, so that a user who cannot log in can still report a problem."""
    return render(request, "mentor/accessibility_statement.html", {
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "municipality": settings.MUNICIPALITY_NAME,
    })


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "mentor/home.html",
                  selectors.home_overview(request.user, today=timezone.localdate()))


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.notifications_page(request.user, request.GET.get("page"))
    return render(request, "mentor/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    return redirect(notification.url or "notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    marked = services.notification_mark_all_read(user=request.user)
    if marked:
        messages.success(request, ngettext("%(n)s notifikation er markeret som læst.",
                                           "%(n)s notifikationer er markeret som læst.",
                                           marked) % {"n": marked})
    return redirect("notification_list")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view; the new password hash must reach the cached copy of the user
    (``mentor/user_state.py``), or the session's check against it would log them out."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        caching.bump(caching.user_version(form.user.pk))
        return response
