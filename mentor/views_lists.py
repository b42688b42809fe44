"""Saved filters of the list pages: save the list's current filter under a name, delete one
(after a confirmation). Applying one is following its link to the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor.http import AuthenticatedHttpRequest
from mentor.listing import LISTS
from mentor.selectors import saved_filter_for_user
from mentor.services import DomainError
from mentor.services_lists import saved_filter_delete, saved_filter_save


def _list_url(list_name: str, query: str = "") -> str:
    if list_name not in LISTS:
        raise Http404
    return reverse(LISTS[list_name]) + (f"?{query}" if query else "")


@login_required
@require_POST
def saved_filter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    list_name = request.POST.get("list", "")
    query = request.POST.get("query", "")
    try:
        saved = saved_filter_save(actor=request.user, list_name=list_name,
                                  name=request.POST.get("name", ""), query=query)
    except DomainError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_list_url(list_name, query))
    messages.success(request, _("Filteret “%(name)s” er gemt.") % {"name": saved.name})
    return HttpResponseRedirect(_list_url(list_name, saved.query))


@login_required
def saved_filter_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    saved = saved_filter_for_user(request.user, pk)
    if request.method == "POST":
        saved_filter_delete(actor=request.user, saved_filter=saved)
        messages.success(request, _("Filteret “%(name)s” er slettet.") % {"name": saved.name})
        return HttpResponseRedirect(_list_url(saved.list_name))
    return render(request, "mentor/saved_filter_delete.html", {
        "saved": saved, "list_url": _list_url(saved.list_name, saved.query)})
