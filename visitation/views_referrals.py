"""Referral pages: the caseworker's list, the referral form with the live decision, the
referral page, and the team leader's approval queue with approve / reject / return."""

from __future__ import annotations

import copy
import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mentor.forms import CitizenFactsForm
from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context, paginate
from mentor.models import AccessAction, Citizen, MentorType
from mentor.permissions import (
    does_case_work,
    get_case_citizen_for_user,
    get_referral_for_user,
    log_access,
    may_approve,
    may_file_referral,
)
from mentor.selectors import team_names
from mentor.services import CITIZEN_FACT_FIELDS, DomainError
from visitation import selectors_referrals as selectors
from visitation import selectors_replay
from visitation.decisions import policy_for
from visitation.filters import ReferralFilter
from visitation.forms import (
    ApproveForm,
    BaseGoalFormSet,
    GoalFormSet,
    ReferralForm,
    RejectForm,
    ReturnForm,
)
from visitation.models import Referral, ReferralStatus
from visitation.services import referrals as services

PREVIEW_FIELDS = ("service_level", "proposed_start", "hours_per_week")
REFERRAL_COLUMNS = {"id": _lazy("Indstilling"), "citizen": _lazy("Borger"),
                    "author": _lazy("Sagsbehandler"), "kind": _lazy("Afgørelse"),
                    "status": _lazy("Status"), "updated": _lazy("Senest ændret")}
QUEUE_COLUMNS = {"submitted": _lazy("Indsendt"), "citizen": _lazy("Borger"),
                 "author": _lazy("Team / sagsbehandler"), "kind": _lazy("Afgørelse"),
                 "hours": _lazy("Niveau / timer")}


def _lang() -> str:
    return get_language() or "da"


# --- The caseworker's pages --------------------------------------------------------------------
@login_required
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not does_case_work(user):
        raise PermissionDenied
    filterset = ReferralFilter(request.GET, queryset=selectors.referrals_for_list(user),
                               request=request,
                               default_scope="mine" if may_file_referral(user) else "team")
    page = paginate(filterset.qs, request.GET.get("page"))
    return render(request, "visitation/referral_list.html", list_context(
        request, list_name="referrals", filterset=filterset, page=page,
        labels=REFERRAL_COLUMNS))


@login_required
def referral_create(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    return _referral_form(request, get_case_citizen_for_user(request.user, citizen_pk), None)


@login_required
def referral_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    citizen = get_case_citizen_for_user(request.user, referral.citizen_id)
    if referral.status not in services.EDITABLE:
        messages.info(request, _("Indstillingen er %(status)s og kan ikke ændres.")
                      % {"status": referral.get_status_display().lower()})
        return redirect("referral_detail", pk=referral.pk)
    return _referral_form(request, citizen, referral)


def _forms(request: AuthenticatedHttpRequest, citizen: Citizen, referral: Referral | None,
           *, submitting: bool = False) -> tuple[ReferralForm, CitizenFactsForm, Any]:
    data = request.POST if request.method == "POST" else None
    today = timezone.localdate()
    form = ReferralForm(data, instance=referral, submitting=submitting,
                        municipality=citizen.team.municipality,
                        policy=policy_for(citizen.team.municipality, today),
                        initial=None if referral else {"proposed_start": today})
    # A copy: a model form writes cleaned values onto its instance, and the service compares
    # the citizen's stored facts with the submitted ones.
    facts_form = CitizenFactsForm(data, instance=copy.copy(citizen), prefix="facts")
    initial = [{"description": g.description, "measure": g.measure}
               for g in referral.goals.all()] if referral else []
    goals = cast(BaseGoalFormSet, GoalFormSet(data, initial=initial, prefix="goals"))
    goals.submitting = submitting
    return form, facts_form, goals


def _referral_form(request: AuthenticatedHttpRequest, citizen: Citizen,
                   referral: Referral | None) -> HttpResponse:
    submitting = request.POST.get("action") == "submit"
    form, facts_form, goals = _forms(request, citizen, referral, submitting=submitting)
    if request.method == "POST" and all(
            [form.is_valid(), facts_form.is_valid(), goals.is_valid()]):
        refused: DomainError | None = None
        try:
            if submitting:
                referral, refused = services.referral_save_and_submit(
                    actor=request.user, citizen=citizen, referral=referral,
                    data=form.to_input(goals.goals()), facts=facts_form.facts(),
                    policy=form.policy)
            else:
                referral = services.referral_save_draft(
                    actor=request.user, citizen=citizen, referral=referral,
                    data=form.to_input(goals.goals()), facts=facts_form.facts(),
                    policy=form.policy)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return _after_save(request, referral, submitting, refused)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Indstilling: formular")
    return render(request, "visitation/referral_form.html", {
        "form": form, "facts_form": facts_form, "goals": goals, "citizen": citizen,
        "referral": referral,
        "deciders": selectors.deciders(request.user, team=citizen.team, referral=referral),
        **_preview(citizen, form, facts_form, referral)})


def _after_save(request: AuthenticatedHttpRequest, referral: Referral, submitting: bool,
                refused: DomainError | None) -> HttpResponse:
    if not submitting:
        messages.success(request, _("Kladden er gemt."))
        return redirect("referral_edit", pk=referral.pk)
    if refused is not None:
        # The draft is saved; the caseworker corrects it on the form.
        messages.error(request, _("Kladden er gemt, men kan ikke indsendes: %(error)s")
                       % {"error": refused})
        return redirect("referral_edit", pk=referral.pk)
    messages.success(request, _("Indstillingen er sendt til visitation hos teamlederen."))
    return redirect("referral_detail", pk=referral.pk)


def _preview(citizen: Citizen, form: ReferralForm, facts_form: CitizenFactsForm,
             referral: Referral | None) -> dict[str, Any]:
    """The rules' decision for what the form holds now (the live panel's content)."""
    today = timezone.localdate()
    problems: list[str] = []
    if form.is_bound:
        form.is_valid()
        facts_form.is_valid()
        facts = {n: facts_form.cleaned_data[n] for n in CITIZEN_FACT_FIELDS
                 if n in facts_form.cleaned_data}
        level = form.cleaned_data.get("service_level") or 1
        start: datetime.date | None = form.cleaned_data.get("proposed_start")
        hours = form.cleaned_data.get("hours_per_week")
        for bound in [*facts_form, *(form[n] for n in PREVIEW_FIELDS)]:
            problems += [f"{bound.label}: {error}" for error in bound.errors]
    else:
        facts = {}
        level = referral.service_level if referral else 1
        start = referral.proposed_start if referral else today
        hours = referral.hours_per_week if referral else None
    _snapshot, stored = selectors.decision_for(citizen, facts=facts, service_level=level,
                                               start_date=start, on=today, policy=form.policy)
    # Unbound, the form shows the citizen's facts as they are registered.
    shown = facts if form.is_bound else {
        "psychiatric_discharge_date": citizen.psychiatric_discharge_date}
    warnings = problems + selectors.fact_warnings(shown, today=today)
    if selectors.hours_outside_level(form.policy, level, hours):
        warnings.append(_("Timetallet pr. uge passer ikke til det valgte serviceniveau."))
    lang = _lang()
    return {"decision": selectors.decision_display(stored, selectors.load_labels(lang), lang),
            "decision_warnings": warnings, "decision_date": today}


@login_required
@require_POST
def referral_decision_preview(request: AuthenticatedHttpRequest, citizen_pk: int) -> HttpResponse:
    """The live decision panel: the form posted as it is, the fragment rendered back."""
    citizen = get_case_citizen_for_user(request.user, citizen_pk)
    form, facts_form, _goals = _forms(request, citizen, None)
    return render(request, "visitation/_decision_panel.html",
                  _preview(citizen, form, facts_form, None))


@login_required
def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    return _detail(request, referral)


@login_required
def referral_replay(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The referral's decision as it was made beside what today's law and policy decide."""
    referral = get_referral_for_user(request.user, pk)
    log_access(request.user, referral.citizen, action=AccessAction.VIEW,
               what=f"Indstilling #{referral.pk}: afgørelsen genafspillet")
    replay = selectors_replay.referral_replay(referral, today=timezone.localdate(),
                                              lang=_lang())
    return render(request, "visitation/decision_replay.html", {
        "replay": replay, "citizen": referral.citizen, "referral": referral,
        "back_url": reverse("referral_detail", args=[referral.pk])})


def _detail(request: AuthenticatedHttpRequest, referral: Referral, **forms: Any) -> HttpResponse:
    user = request.user
    log_access(user, referral.citizen, action=AccessAction.VIEW, what=f"Indstilling #{referral.pk}")
    lang = _lang()
    # A team leader of the referral's team (the only ones who see it) sees the visitation
    # panel; it explains why they may not decide a referral they wrote (four eyes).
    can_visit = referral.status == ReferralStatus.SUBMITTED and may_approve(user)
    own = can_visit and not may_approve(user, referral)
    # A refused action whose form is not on the page (already decided, own referral, not a
    # team leader) is still explained at the top.
    refusals = [str(error) for form in forms.values() for error in form.non_field_errors()]
    if can_visit and not own:
        forms.setdefault("approve_form", _approve_form(referral))
        forms.setdefault("reject_form", RejectForm())
        forms.setdefault("return_form", ReturnForm())
    is_caseworker = may_file_referral(user, referral.citizen)
    can_edit = is_caseworker and referral.status in services.EDITABLE
    return render(request, "visitation/referral_detail.html", {
        "deciders": (selectors.deciders(user, team=referral.team, referral=referral)
                     if can_edit else None),
        "referral": referral, "citizen": referral.citizen,
        "decision": selectors.decision_display(referral.decision,
                                               selectors.load_labels(lang), lang),
        "decision_warnings": selectors.fact_warnings(referral.facts_snapshot,
                                                     today=timezone.localdate())
        if referral.status in (ReferralStatus.DRAFT, ReferralStatus.SUBMITTED,
                               ReferralStatus.RETURNED) else [],
        "can_visit": can_visit, "own_referral": own,
        "refusals": [] if can_visit and not own else refusals,
        "can_edit": can_edit,
        "can_withdraw": is_caseworker and referral.status in (
            ReferralStatus.DRAFT, ReferralStatus.SUBMITTED, ReferralStatus.RETURNED),
        **selectors.referral_detail(referral), **forms})


def _approve_form(referral: Referral, data: Any = None) -> ApproveForm:
    mentor_type = referral.mentor_type or MentorType.objects.filter(
        code=referral.decision.get("mentor_type") or "").first()
    municipality = referral.team.municipality
    # The caseworker's preference is the starting point; the team leader decides.
    initial = {"mentor": referral.preferred_mentor_id,
               "provider": None if referral.preferred_mentor_id else referral.preferred_provider_id}
    return ApproveForm(data, initial=initial, mentors=selectors.mentors_for(
        municipality=municipality, mentor_type=mentor_type, hours=referral.hours_per_week),
        providers=selectors.providers_for(municipality),
        picker_filters={"mentor_type": mentor_type.pk if mentor_type else None,
                        "min_hours": referral.hours_per_week})


# --- Visitation ----------------------------------------------------------------------------
@login_required
def approval_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_approve(request.user):
        raise PermissionDenied
    queue = selectors.approval_queue(request.user, request.GET.get("page"), params=request.GET,
                                     request=request)
    page = queue.page
    lang = _lang()
    # The queue shows each decision's kind, legal basis, contact and period; not the target
    # groups' or mentor type's names, so the catalogue's labels are not read.
    names = team_names()
    rows = [(referral, selectors.decision_display(referral.decision, None, lang),
             names.get(referral.team_id, "")) for referral in page.object_list]
    return render(request, "visitation/approval_queue.html", {
        **list_context(request, list_name="approval_queue", filterset=queue.filter, page=page,
                       labels=QUEUE_COLUMNS),
        "rows": rows, "own_waiting": queue.own_waiting})


@login_required
@require_POST
def referral_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    form = _approve_form(referral, request.POST)
    if form.is_valid():
        try:
            course = services.referral_approve(
                actor=request.user, referral=referral, mentor=form.cleaned_data["mentor"],
                provider=form.cleaned_data["provider"], note=form.cleaned_data["note"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indstillingen er godkendt, og %(course)s er oprettet.")
                             % {"course": course})
            return redirect("approval_queue")
    return _detail(request, _reload(referral), approve_form=form)


@login_required
@require_POST
def referral_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.referral_reject(actor=request.user, referral=referral,
                                     reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indstillingen er afvist."))
            return redirect("approval_queue")
    return _detail(request, _reload(referral), reject_form=form)


@login_required
@require_POST
def referral_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.referral_return(actor=request.user, referral=referral,
                                     comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Indstillingen er sendt retur til sagsbehandleren."))
            return redirect("approval_queue")
    return _detail(request, _reload(referral), return_form=form)


@login_required
@require_POST
def referral_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    try:
        services.referral_withdraw(actor=request.user, referral=referral,
                                   reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Indstillingen er trukket tilbage."))
    return redirect("referral_detail", pk=referral.pk)


def _reload(referral: Referral) -> Referral:
    """The referral as it is now (another team leader may just have decided it)."""
    return Referral.objects.select_related("citizen", "team").get(pk=referral.pk)
