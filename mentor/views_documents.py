"""Documents on the case (upload, download, a new virus scan) and the citizen's own data
(GDPR art. 15). Thin views: a permission-checked fetch (404 for what the user may not see),
a form, one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor import clamav, services_documents, services_export
from mentor.forms_documents import DocumentUploadForm, ExportForm
from mentor.http import AuthenticatedHttpRequest
from mentor.models import AccessAction, Citizen
from mentor.permissions import (
    get_citizen_for_user,
    get_document_for_user,
    log_access,
    may_export_citizen,
    may_upload_document,
)
from mentor.services import DomainError


def _uploading_citizen(request: AuthenticatedHttpRequest, pk: int) -> Citizen:
    citizen = get_citizen_for_user(request.user, pk)
    if not may_upload_document(request.user, citizen):
        raise Http404("No such citizen")
    return citizen


@login_required
def document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    from visitation.models import Course

    citizen = _uploading_citizen(request, pk)
    courses = [(course.pk, _("Mentorforløb #%(n)s (%(start)s)")
                % {"n": course.pk, "start": f"{course.start_date:%d.%m.%Y}"})
               for course in Course.objects.filter(citizen=citizen).order_by("-start_date")]
    form = DocumentUploadForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        course_id = form.cleaned_data["course"]
        try:
            document = services_documents.document_upload(
                actor=request.user, citizen=citizen, title=form.cleaned_data["title"],
                data=upload.read(), original_name=upload.name or "",
                course=Course.objects.filter(pk=course_id, citizen=citizen).first()
                if course_id else None)
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            if document.is_held:
                messages.warning(request, _("Dokumentet er gemt, men kunne ikke virusscannes, "
                                            "fordi virusscanneren ikke svarer. Det kan ikke "
                                            "hentes, før det er scannet: prøv »Scan igen« "
                                            "senere."))
            else:
                messages.success(request, _("Dokumentet er virusscannet og lagt på sagen."))
            return redirect("citizen_detail", pk=citizen.pk)
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Nyt dokument")
    return render(request, "mentor/document_form.html", {"form": form, "citizen": citizen},
                  status=400 if request.method == "POST" else 200)


@login_required
def document_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The stored file, for those who may see it; a held (unscanned) one is not handed out."""
    document = get_document_for_user(request.user, pk)
    if document.is_held:
        messages.error(request, _("Dokumentet er ikke virusscannet endnu og kan ikke hentes."))
        return redirect("citizen_detail", pk=document.citizen_id)
    log_access(request.user, document.citizen, action=AccessAction.DOCUMENT,
               what=f"Dokument #{document.pk}")
    with document.file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.download_name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def document_rescan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    try:
        verdict = services_documents.document_rescan(actor=request.user, document=document)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if verdict is clamav.Verdict.CLEAN:
            messages.success(request, _("Dokumentet er virusscannet og kan nu hentes."))
        elif verdict is clamav.Verdict.INFECTED:
            messages.error(request, _("Dokumentet indeholdt virus og er slettet."))
        else:
            messages.warning(request, _("Virusscanneren svarer stadig ikke. Prøv igen senere."))
    return redirect("citizen_detail", pk=document.citizen_id)


@login_required
def citizen_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    citizen = get_citizen_for_user(request.user, pk)
    if not may_export_citizen(request.user, citizen):
        raise Http404("No such citizen")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = services_export.citizen_export_create(
                actor=request.user, citizen=citizen, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            response = HttpResponse(data, content_type="application/zip")
            response["Content-Disposition"] = (
                f'attachment; filename="indsigt-borger-{citizen.pk}.zip"')
            response["Cache-Control"] = "private, no-store"
            return response
    log_access(request.user, citizen, action=AccessAction.VIEW, what="Indsigt: udtræk")
    return render(request, "mentor/citizen_export.html", {"form": form, "citizen": citizen},
                  status=400 if request.method == "POST" else 200)
