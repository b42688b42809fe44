"""Citizen pages: list and search, register, edit, the citizen's page, Serviceloven support."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mentor import services, services_citizens
from mentor.forms import CitizenCreateForm, CitizenForm, SocialSupportForm
from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context
from mentor.models import AccessAction, Citizen, User
from mentor.permissions import (
    does_case_work,
    get_case_citizen_for_user,
    get_citizen_for_user,
    log_access,
    may_edit_citizen,
    may_export_citizen,
    may_register_citizen,
    may_register_complaint,
    may_upload_document,
)
from mentor.search_tokens import posted_search, search_query
from mentor.selectors_citizens import citizen_overview, citizen_search

CITIZEN_COLUMNS = {"name": _lazy("Navn"), "birth": _lazy("CPR-nummer"),
                   "benefit": _lazy("Ydelse"), "team": _lazy("Team"),
                   "courses": _lazy("Aktive forløb")}


def _require_case_role(user: User) -> None:
    if not does_case_work(user):
        raise PermissionDenied


@login_required
def citizen_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_case_role(request.user)
    if request.method == "POST":
        return posted_search(request, request.POST.get("q", ""))
    query = search_query(request)
    search = citizen_search(request.user, query.text, request.GET.get("page"),
                            params=request.GET, request=request)
    return render(request, "mentor/citizen_list.html", {
        "search": search, "extra_params": list(query.params.items()),
        "can_create": may_register_citizen(request.user),
        **list_context(request, list_name="citizens", filterset=search.filter, page=search.page,
                       labels=CITIZEN_COLUMNS)})


@login_required
def citizen_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_register_citizen(request.user):
        raise PermissionDenied
    form = CitizenCreateForm(request.POST or None, teams=request.user.teams.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            citizen = services.citizen_create(
                actor=request.user, team=form.cleaned_data["team"], cpr=form.cleaned_data["cpr"],
                **form.contact(), **form.letters(), **form.facts())
        except services.DomainError as exc:
            form.add_error("cpr", str(exc))
        else:
            messages.success(request, _("Borgeren er oprettet."))
            return redirect("citizen_detail", pk=citizen.pk)
    return render(request, "mentor/citizen_form.html", {"form": form, "citizen": None})


@login_required
def citizen_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = get_case_citizen_for_user(request.user, pk)
    form = CitizenForm(request.POST or None, instance=Citizen.objects.get(pk=citizen.pk))
    if request.method == "POST" and form.is_valid():
        services.citizen_update(actor=request.user, citizen=citizen, **form.contact(),
                                **form.letters(), **form.facts())
        messages.success(request, _("Borgerens oplysninger er gemt."))
        return redirect("citizen_detail", pk=citizen.pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Borger: redigér")
    return render(request, "mentor/citizen_form.html", {"form": form, "citizen": citizen})


@login_required
def citizen_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from visitation.selectors_referrals import decision_today

    citizen = get_citizen_for_user(request.user, pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Borgerside")
    today = timezone.localdate()
    overview = citizen_overview(request.user, citizen, today=today)
    decision = decision_today(citizen, on=today, lang=get_language() or "da") \
        if overview.is_case_team else None
    return render(request, "mentor/citizen_detail.html", {
        "overview": overview, "citizen": citizen, "today": today, "decision": decision,
        "can_edit": may_edit_citizen(request.user, citizen),
        "can_upload": may_upload_document(request.user, citizen),
        "can_complain": may_register_complaint(request.user, citizen),
        "can_export": may_export_citizen(request.user, citizen)})


@login_required
def citizen_support_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = get_case_citizen_for_user(request.user, pk)
    form = SocialSupportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_citizens.social_support_add(actor=request.user, citizen=citizen,
                                                 **form.cleaned_data)
        except services.DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Støtten efter serviceloven er registreret."))
            return redirect("citizen_detail", pk=citizen.pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Borger: støtte efter SEL")
    return render(request, "mentor/citizen_support_form.html",
                  {"form": form, "citizen": citizen})
