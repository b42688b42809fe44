"""Security and audit pages: justified look-up, the access log, CPR reveal, erasure."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentor import cpr as cpr_lib
from mentor import selectors_security, services_security
from mentor.filters import AccessLogFilter
from mentor.forms_security import AccessLogSearchForm, EraseForm, LookupForm
from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context
from mentor.models import AccessAction, AccessLog, Citizen, User
from mentor.permissions import (
    MANAGER_LOOKUP_HOURS,
    get_citizen_for_user,
    is_administrator,
    log_access,
    may_look_up_citizen,
)
from mentor.search_tokens import posted_search, search_query
from mentor.services import DomainError
from mentor.spreadsheet import safe_row

ACCESS_LOG_PAGE_SIZE = 50


def _require_administrator(user: User) -> None:
    if not is_administrator(user):
        raise PermissionDenied


def _citizen_url(citizen: Citizen) -> str | None:
    try:
        return reverse("citizen_detail", args=[citizen.pk])
    except NoReverseMatch:
        return None


# --- Manager's justified look-up -----------------------------------------------------------------
@login_required
def manager_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_look_up_citizen(request.user):
        raise PermissionDenied
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        citizen, problem = _lookup_target(form)
        if citizen is None:
            form.add_error(None, problem)
        else:
            try:
                services_security.lookup_open(actor=request.user, citizen=citizen,
                                              reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Sagen er åbnet i %(hours)d timer. Opslaget og "
                                            "begrundelsen er logget.")
                                 % {"hours": MANAGER_LOOKUP_HOURS})
                return redirect(_citizen_url(citizen) or "manager_lookup")
    lookups = selectors_security.open_lookups(request.user, timezone.now())
    return render(request, "mentor/security/lookup.html", {
        "form": form, "lookups": [(row, _citizen_url(row.citizen)) for row in lookups],
        "hours": MANAGER_LOOKUP_HOURS})


def _lookup_target(form: LookupForm) -> tuple[Citizen | None, str]:
    data = form.cleaned_data
    if data["cpr"]:
        citizen = selectors_security.citizen_by_cpr(data["cpr"])
        if citizen is None or citizen.anonymised_at is not None:
            return None, _("Der findes ingen borger med dette CPR-nummer.")
        return citizen, ""
    matches = list(selectors_security.citizens_by_name_in_team(data["name"], data["team"])[:2])
    if not matches:
        return None, _("Der findes ingen borger med dette navn i teamet.")
    if len(matches) > 1:
        return None, _("Flere borgere i teamet har dette navn. Brug CPR-nummeret.")
    return matches[0], ""


ACCESS_LOG_COLUMNS = {"at": _lazy("Tidspunkt"), "user": _lazy("Bruger"),
                      "action": _lazy("Handling")}


# --- Administrator: who has looked at this citizen? ------------------------------------------------
@login_required
def access_log_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find a citizen by full CPR number (straight to the log) or name. The query is POSTed
    and comes back as a session token (``mentor/search_tokens.py``); every citizen listed is
    an access-log row, since the list shows the register's names and teams."""
    _require_administrator(request.user)
    if request.method == "POST":
        form = AccessLogSearchForm(request.POST)
        if form.is_valid() and cpr_lib.looks_like_cpr(form.cleaned_data["q"]):
            found = selectors_security.citizens_matching(form.cleaned_data["q"]).first()
            if found is not None:
                return redirect("access_log_citizen", pk=found.pk)
        return posted_search(request, request.POST.get("q", ""))
    query = search_query(request)
    form = AccessLogSearchForm({"q": query.text} if query.text else None)
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        matches = selectors_security.citizens_matching(form.cleaned_data["q"])
        page = Paginator(matches, 25).get_page(request.GET.get("page"))
        AccessLog.objects.bulk_create(
            AccessLog(user=request.user, citizen=citizen, action=AccessAction.VIEW,
                      what="Adgangslog (søgeresultat)") for citizen in page.object_list)
    return render(request, "mentor/security/access_log_search.html", {
        "form": form, "page": page, "query_string": query.query_string})


@login_required
def access_log_citizen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request.user)
    citizen = get_object_or_404(Citizen.objects.select_related("team"), pk=pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Adgangslog (indsigt)")
    filterset = AccessLogFilter(request.GET, queryset=selectors_security.access_log_for(citizen),
                                request=request)
    page = Paginator(filterset.qs, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    retention = services_security.retention_for(citizen, today)
    return render(request, "mentor/security/access_log_citizen.html", {
        **list_context(request, list_name="", filterset=filterset, page=page,
                       labels=ACCESS_LOG_COLUMNS),
        "citizen": citizen, "retention": retention,
        "erase_refusal": (None if citizen.anonymised_at else
                          services_security.retention_refusal(retention, today)),
        "erase_form": EraseForm()})


@login_required
def access_log_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole access log of one citizen as CSV (semicolon-separated, as Danish Excel reads)."""
    _require_administrator(request.user)
    citizen = get_object_or_404(Citizen, pk=pk)
    log_access(request.user, citizen, action=AccessAction.EXPORT, what="Adgangslog (CSV)")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adgangslog-borger-{pk}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Tidspunkt"), _("Bruger"), _("Brugernavn"), _("Handling"), _("Hvad"),
                     _("Begrundelse")])
    for row in selectors_security.access_log_for(citizen).iterator(chunk_size=500):
        writer.writerow(safe_row([
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"), str(row.user),
            row.user.username, row.get_action_display(), row.what, row.reason]))
    return response


@login_required
@require_POST
def citizen_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request.user)
    citizen = get_object_or_404(Citizen, pk=pk)
    form = EraseForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, str(error))
        return redirect("access_log_citizen", pk=pk)
    try:
        services_security.citizen_erase(actor=request.user, citizen=citizen,
                                        reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Borgerens oplysninger er anonymiseret. Adgangsloggen og "
                                    "tallene til statistik er bevaret."))
    return redirect("access_log_citizen", pk=pk)


# --- CPR number ----------------------------------------------------------------------------------
@never_cache
@login_required
@require_POST
def citizen_cpr_reveal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = get_citizen_for_user(request.user, pk)
    number = services_security.cpr_reveal(actor=request.user, citizen=citizen)
    return render(request, "mentor/security/cpr_reveal.html", {
        "citizen": citizen, "number": number, "back_url": _citizen_url(citizen)})
