"""Complaint pages: register a complaint, its page with the re-assessment and Ankestyrelsen's
result, and the case files sent to Ankestyrelsen. Thin: fetch through a permission-checked
helper (404 for what the user may not see), validate a form, call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor.http import AuthenticatedHttpRequest
from mentor.models import AccessAction, Citizen
from mentor.permissions import (
    get_citizen_for_user,
    get_complaint_for_user,
    log_access,
    may_reassess_complaint,
    may_register_complaint,
    visible_documents,
)
from mentor.services import DomainError
from visitation import selectors_complaints as selectors
from visitation.forms_complaints import (
    AppealResultForm,
    ChangeForm,
    ComplaintForm,
    ForwardForm,
    WithdrawForm,
)
from visitation.models_complaints import Complaint
from visitation.services import complaints as services


def _case_citizen(request: AuthenticatedHttpRequest, pk: int) -> Citizen:
    citizen = get_citizen_for_user(request.user, pk)
    if not may_register_complaint(request.user, citizen):
        raise Http404("No such citizen")
    return citizen


def _complaint_form(request: AuthenticatedHttpRequest, citizen: Citizen) -> ComplaintForm:
    documents = list(visible_documents(request.user).filter(citizen=citizen)
                     .order_by("-uploaded_at", "-id"))
    return ComplaintForm(request.POST or None, decisions=selectors.citizen_decisions(citizen),
                         documents=documents)


@login_required
def complaint_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = _case_citizen(request, pk)
    form = _complaint_form(request, citizen)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_register(
                actor=request.user, citizen=citizen, decision=form.decision_ref(),
                received_on=form.cleaned_data["received_on"],
                channel=form.cleaned_data["channel"], text=form.cleaned_data["text"],
                letter=form.cleaned_data["letter"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Klagen er registreret. Fristen for genvurdering og "
                                        "videresendelse er %(due)s.")
                             % {"due": f"{complaint.forward_deadline:%d.%m.%Y}"})
            return redirect("complaint_detail", pk=complaint.pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Ny klage")
    return render(request, "visitation/complaint_form.html", {"form": form, "citizen": citizen},
                  status=400 if request.method == "POST" else 200)


def _detail(request: AuthenticatedHttpRequest, complaint: Complaint,
            **forms: Any) -> HttpResponse:
    log_access(request.user, complaint.citizen, action=AccessAction.VIEW,
               what=f"Klage #{complaint.pk}")
    decisions = [ref for ref in selectors.citizen_decisions(complaint.citizen)
                 if ref.key != selectors.complaint_decision(complaint).key]
    may_reassess = may_reassess_complaint(request.user, complaint)
    shown = {"change_form": complaint.is_open and may_reassess,
             "forward_form": complaint.is_open and may_reassess,
             "appeal_form": complaint.awaits_appeal,
             "withdraw_form": complaint.is_open or complaint.awaits_appeal}
    # A refusal of a form the page does not show (e.g. a caseworker's re-assessment, or a
    # move the complaint has passed) is shown at the top.
    refusals = [str(error) for name, form in forms.items() if not shown[name]
                for error in form.non_field_errors()]
    context = {
        "complaint": complaint, "citizen": complaint.citizen, "today": timezone.localdate(),
        "decision": selectors.complaint_decision(complaint),
        "new_decision": selectors.new_decision_ref(complaint),
        "events": selectors.complaint_events(complaint),
        "may_reassess": may_reassess, "refusals": refusals,
        "change_form": forms.get("change_form") or ChangeForm(decisions=decisions),
        "forward_form": forms.get("forward_form") or ForwardForm(),
        "appeal_form": forms.get("appeal_form") or AppealResultForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "open_form": next(iter(forms), ""),
    }
    return render(request, "visitation/complaint_detail.html", context)


@login_required
def complaint_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_complaint_for_user(request.user, pk))


def _done(request: AuthenticatedHttpRequest, complaint: Complaint, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("complaint_detail", pk=complaint.pk)


@login_required
@require_POST
def complaint_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk)
    form = ChangeForm(request.POST, decisions=selectors.citizen_decisions(complaint.citizen))
    if form.is_valid():
        try:
            services.complaint_change(actor=request.user, complaint=complaint,
                                      new_decision=form.decision_ref(),
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, complaint, _("Genvurderingen er registreret: afgørelsen er "
                                               "ændret."))
    return _detail(request, get_complaint_for_user(request.user, pk), change_form=form)


@login_required
@require_POST
def complaint_forward(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_forward(actor=request.user, complaint=complaint,
                                       reason=form.cleaned_data["reason"],
                                       forwarded_on=form.cleaned_data["forwarded_on"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, complaint, _("Afgørelsen er fastholdt, og klagen er "
                                               "registreret som sendt til Ankestyrelsen. "
                                               "Sagens akter kan hentes som ZIP-fil."))
    return _detail(request, get_complaint_for_user(request.user, pk), forward_form=form)


@login_required
@require_POST
def complaint_appeal_result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk)
    form = AppealResultForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_appeal_result(
                actor=request.user, complaint=complaint, result=form.cleaned_data["result"],
                decided_on=form.cleaned_data["decided_on"], note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, complaint, _("Ankestyrelsens afgørelse er registreret."))
    return _detail(request, get_complaint_for_user(request.user, pk), appeal_form=form)


@login_required
@require_POST
def complaint_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = get_complaint_for_user(request.user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_withdraw(actor=request.user, complaint=complaint,
                                        reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, complaint, _("Klagen er registreret som trukket tilbage."))
    return _detail(request, get_complaint_for_user(request.user, pk), withdraw_form=form)


@login_required
def complaint_bundle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The case files as they were sent to Ankestyrelsen (the stored ZIP)."""
    complaint = get_complaint_for_user(request.user, pk)
    if not complaint.bundle:
        raise Http404("The complaint was not forwarded")
    log_access(request.user, complaint.citizen, action=AccessAction.DOCUMENT,
               what=f"Klage #{complaint.pk}: sagens akter (ZIP)")
    with complaint.bundle.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (f'attachment; filename="klage-{complaint.pk}-'
                                       'akter.zip"')
    response["Cache-Control"] = "private, no-store"
    return response
