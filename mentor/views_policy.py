"""The municipality's policy in the browser: administrators list versions and add new ones."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import selectors, services
from mentor.forms_policy import PolicyVersionForm
from mentor.models import Municipality, PolicyVersion, User
from mentor.permissions import is_administrator


def _administrator(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_administrator(user):
        raise PermissionDenied
    return user


def _municipality() -> Municipality:
    municipality = Municipality.objects.order_by("id").first()
    if municipality is None:
        raise PermissionDenied
    return municipality


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    municipality = _municipality()
    versions = selectors.policy_versions(municipality)
    current = selectors.policy_in_force(municipality, timezone.localdate())
    return render(request, "mentor/policy_list.html",
                  {"versions": versions, "current": current})


@login_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator(request)
    version = get_object_or_404(PolicyVersion.objects.prefetch_related("service_levels"), pk=pk)
    return render(request, "mentor/policy_detail.html", {"version": version})


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    """A new version in two steps: "Se hvad det ændrer" shows which open courses and pending
    referrals the candidate would decide differently; saving is offered, and accepted, only
    for exactly the values that preview was made for."""
    actor = _administrator(request)
    municipality = _municipality()
    current = selectors.policy_in_force(municipality, timezone.localdate())
    form = PolicyVersionForm(request.POST or None,
                             initial=PolicyVersionForm.initial_from(current))
    preview = None
    if request.method == "POST" and form.is_valid():
        fingerprint = form.fingerprint()
        if "save" in request.POST and request.POST.get("preview") == fingerprint:
            data = form.cleaned_data
            try:
                version = services.policy_version_create(
                    actor=actor, municipality=municipality, name=data["name"],
                    effective_from=data["effective_from"],
                    right_and_duty_contact_days=data["right_and_duty_contact_days"],
                    review_lead_days=data["review_lead_days"],
                    complaint_guidance=data["complaint_guidance"],
                    complaint_guidance_en=data["complaint_guidance_en"], levels=form.levels(),
                    internal_hourly_rate=data["internal_hourly_rate"],
                    retention_years=data["retention_years"], reason=data["reason"],
                    complaint_forward_days=data["complaint_forward_days"])
            except services.DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Den nye version af serviceniveauet er gemt."))
                return redirect("policy_detail", pk=version.pk)
        else:
            if "save" in request.POST:
                form.add_error(None, _("Serviceniveauet er ændret, siden du så, hvad det "
                                       "ændrer. Se ændringerne igen, før du gemmer."))
            preview = _preview(form, municipality, fingerprint)
    return render(request, "mentor/policy_form.html",
                  {"form": form, "current": current, "preview": preview})


def _preview(form: PolicyVersionForm, municipality: Municipality,
             fingerprint: str) -> dict[str, Any] | None:
    """What the candidate changes from its first day; None (with the form's error) when the
    candidate is looser than the law."""
    from visitation.rules import parse_policy
    from visitation.selectors_impact import change_rows, decision_changes

    data = form.policy_data()
    effective_from = form.cleaned_data["effective_from"]
    try:
        services.check_policy_lawful(data, effective_from)
    except services.DomainError as exc:
        form.add_error(None, str(exc))
        return None
    changes = list(decision_changes(policy=parse_policy(data), on=effective_from,
                                    municipality=municipality))
    return {"changes": changes, "rows": change_rows(changes), "fingerprint": fingerprint,
            "on": effective_from,
            "courses": sum(1 for change in changes if change.kind == "course"),
            "referrals": sum(1 for change in changes if change.kind == "referral")}
