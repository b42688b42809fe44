"""Agreement pages: thin views. Each fetches through a permission-checked helper (404 for what
the user may not see), validates a form, calls one service and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import selectors, services
from agreements.forms import AcceptanceForm, AgreementDraftForm, BulkIssueForm, NewVersionForm
from agreements.models import Agreement
from agreements.pdf import document_context, render_agreement_pdf
from mentor.http import AuthenticatedHttpRequest
from mentor.models import AccessAction, Municipality
from mentor.permissions import (
    get_course_for_user,
    is_administrator,
    log_access,
    may_manage_agreements,
)
from mentor.selectors import policy_in_force
from mentor.services import DomainError
from visitation.models import Course


def course_url(course: Course) -> str:
    """The course page's agreements panel; our own course page until the course page exists."""
    try:
        return reverse("course_detail", kwargs={"pk": course.pk}) + "#aftaler"
    except NoReverseMatch:
        return reverse("agreement_course", kwargs={"course_pk": course.pk})


def _managed_course(request: AuthenticatedHttpRequest, course_pk: int) -> Course:
    course = get_course_for_user(request.user, course_pk)
    if not may_manage_agreements(request.user, course):
        raise PermissionDenied
    return course


def _managed_agreement(request: AuthenticatedHttpRequest, pk: int) -> Agreement:
    agreement = selectors.agreement_for_user(request.user, pk)
    if not may_manage_agreements(request.user, agreement.course):
        raise PermissionDenied
    return agreement


@login_required
def agreement_course(request: AuthenticatedHttpRequest, course_pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, course_pk)
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Aftaler for mentorforløb #{course.pk}")
    return render(request, "agreements/course_agreements.html", {"course": course})


@login_required
@require_POST
def agreement_draft_open(request: AuthenticatedHttpRequest, course_pk: int) -> HttpResponse:
    course = _managed_course(request, course_pk)
    try:
        agreement = services.agreement_draft_open(actor=request.user, course=course)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(course_url(course))
    return redirect("agreement_edit", pk=agreement.pk)


@login_required
@require_POST
def agreement_new_version(request: AuthenticatedHttpRequest, course_pk: int) -> HttpResponse:
    course = _managed_course(request, course_pk)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            agreement = services.agreement_new_version(
                actor=request.user, course=course, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kladden til den nye version er oprettet ud fra "
                                        "forløbet og den gældende version."))
            return redirect("agreement_edit", pk=agreement.pk)
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Ny aftaleversion (afvist), mentorforløb #{course.pk}")
    return render(request, "agreements/new_version.html", {"course": course, "form": form},
                  status=400)


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _managed_agreement(request, pk)
    if not agreement.is_draft:
        messages.error(request, _("Aftalen er udstedt og kan ikke ændres. Lav en ny version "
                                  "med en begrundelse."))
        return redirect("agreement_detail", pk=agreement.pk)
    needs_reason = agreement.course.agreements.exclude(pk=agreement.pk).exists()
    form = AgreementDraftForm(request.POST or None, needs_reason=needs_reason,
                              initial=AgreementDraftForm.initial_from(agreement))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_draft_update(actor=request.user, agreement=agreement,
                                            **form.changes())
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if "issue" in request.POST:
                return agreement_issue(request, agreement.pk)
            messages.success(request, _("Kladden er gemt."))
            return redirect("agreement_edit", pk=agreement.pk)
    log_access(request.user, agreement.course.citizen, action=AccessAction.VIEW,
               what=f"Kladde til aftale, mentorforløb #{agreement.course_id}")
    return render(request, "agreements/draft.html", {
        "agreement": agreement, "course": agreement.course, "form": form,
        "problems": services.agreement_problems(agreement.content),
        "doc": document_context(agreement.content), "course_url": course_url(agreement.course),
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def agreement_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _managed_agreement(request, pk)
    try:
        issued = services.agreement_issue(actor=request.user, agreement=agreement)
    except services.AgreementIncomplete as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("agreement_edit", pk=agreement.pk)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("agreement_detail", pk=agreement.pk)
    messages.success(request, _("Aftalen er udstedt som version %(n)s.") % {"n": issued.version})
    return redirect(course_url(issued.course))


@login_required
@require_POST
def agreement_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _managed_agreement(request, pk)
    try:
        services.agreement_draft_discard(actor=request.user, agreement=agreement)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("agreement_detail", pk=agreement.pk)
    messages.success(request, _("Kladden er kasseret."))
    return redirect(course_url(agreement.course))


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for_user(request.user, pk)
    can_manage = may_manage_agreements(request.user, agreement.course)
    if agreement.is_draft and can_manage:
        return redirect("agreement_edit", pk=agreement.pk)
    if agreement.is_draft:
        raise Http404("Drafts are for caseworkers")
    log_access(request.user, agreement.course.citizen, action=AccessAction.VIEW,
               what=f"Aftale version {agreement.version}, mentorforløb #{agreement.course_id}")
    return render(request, "agreements/detail.html", {
        "agreement": agreement, "course": agreement.course, "can_manage": can_manage,
        "doc": document_context(agreement.content), "course_url": course_url(agreement.course),
        "acceptance_form": AcceptanceForm(), "events": agreement.events.select_related("actor"),
    })


@login_required
@require_POST
def agreement_acceptance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _managed_agreement(request, pk)
    form = AcceptanceForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_record_acceptance(
                actor=request.user, agreement=agreement,
                accepted_on=form.cleaned_data["accepted_on"], method=form.cleaned_data["method"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Borgerens accept er registreret."))
            return redirect(course_url(agreement.course))
    log_access(request.user, agreement.course.citizen, action=AccessAction.VIEW,
               what=f"Aftale version {agreement.version} (accept afvist), "
                    f"mentorforløb #{agreement.course_id}")
    return render(request, "agreements/detail.html", {
        "agreement": agreement, "course": agreement.course, "can_manage": True,
        "doc": document_context(agreement.content), "course_url": course_url(agreement.course),
        "acceptance_form": form, "events": agreement.events.select_related("actor"),
    }, status=400)


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agreement_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The issued PDF, exactly as stored. Only for those who may see the citizen."""
    agreement = selectors.agreement_for_user(request.user, pk)
    if agreement.is_draft:
        raise Http404("A draft has no PDF")
    log_access(request.user, agreement.course.citizen, action=AccessAction.DOCUMENT,
               what=f"Aftale version {agreement.version} (PDF), "
                    f"mentorforløb #{agreement.course_id}")
    response = _pdf_response(
        selectors.agreement_pdf_bytes(agreement),
        f"aftale-mentorstoette-forloeb-{agreement.course_id}-v{agreement.version}.pdf")
    response["X-Checksum-SHA256"] = agreement.checksum
    return response


@login_required
def agreement_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A draft rendered as it will look, marked "KLADDE"; nothing is stored."""
    agreement = _managed_agreement(request, pk)
    if not agreement.is_draft:
        return redirect("agreement_download", pk=agreement.pk)
    log_access(request.user, agreement.course.citizen, action=AccessAction.DOCUMENT,
               what=f"Kladde til aftale (PDF), mentorforløb #{agreement.course_id}")
    return _pdf_response(render_agreement_pdf(agreement.content, draft=True),
                         f"kladde-aftale-mentorstoette-forloeb-{agreement.course_id}.pdf")


@login_required
def agreement_bulk_issue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After a change of the complaint guidance: new versions for every open course whose
    current version has the old text, as one Celery task per course."""
    if not is_administrator(request.user):
        raise PermissionDenied
    municipality = Municipality.objects.order_by("id").first()
    if municipality is None:
        raise Http404("No municipality")
    policy = policy_in_force(municipality, timezone.localdate())
    overview = selectors.bulk_overview(municipality, policy.complaint_guidance if policy else "")
    form = BulkIssueForm(request.POST or None)
    if request.method == "POST" and policy is not None and form.is_valid():
        try:
            count = services.agreements_bulk_issue(
                actor=request.user, course_ids=overview.outdated_course_ids,
                key=f"policy:{policy.pk}", reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(n)s nye versioner er sat i gang. De udstedes i "
                                        "baggrunden.") % {"n": count})
            return redirect("agreement_bulk_issue")
    return render(request, "agreements/bulk_issue.html",
                  {"form": form, "policy": policy, "overview": overview})
