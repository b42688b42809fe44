"""Decision letter pages: thin views. A letter is fetched through a permission-checked helper
(404 for a citizen the user may not see), every look at a letter is access-logged, and each
change is one service call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreements import letters, selectors_letters, services_letters
from agreements.forms_letters import LetterTemplateForm, PrintBatchForm, SendAgainForm
from agreements.models_letters import LetterKind, LetterStatus, LetterTemplate
from agreements.pdf_letters import paragraphs
from mentor.http import AuthenticatedHttpRequest
from mentor.models import AccessAction, Citizen, Language
from mentor.permissions import (
    get_letter_for_user,
    get_print_batch_for_user,
    log_access,
    may_edit_letter_templates,
    may_print_letters,
    may_send_letters,
)
from mentor.services import DomainError
from visitation.models import Course, Referral


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    log_access(request.user, letter.citizen, action=AccessAction.VIEW,
               what=f"Afgørelsesbrev #{letter.pk}")
    can_send = (may_send_letters(request.user, letter.citizen)
                and letter.status in (LetterStatus.FAILED, LetterStatus.CREATED))
    return render(request, "agreements/letters/detail.html", {
        "letter": letter, "citizen": letter.citizen, "paragraphs": paragraphs(letter.body),
        "content": letter.content, "events": letter.events.select_related("actor"),
        "send_form": SendAgainForm(initial={"channel": letter.channel}) if can_send else None,
    })


@login_required
def letter_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letter's PDF as stored (rendered and stored first if its delivery has not yet)."""
    letter = get_letter_for_user(request.user, pk)
    if letter.content.get("anonymised"):
        raise Http404("The letter's content is erased")
    log_access(request.user, letter.citizen, action=AccessAction.DOCUMENT,
               what=f"Afgørelsesbrev #{letter.pk} (PDF)")
    data = services_letters.letter_pdf_stored(letter_id=letter.pk)
    response = _pdf_response(data, f"afgoerelsesbrev-{letter.pk}.pdf")
    response["X-Checksum-SHA256"] = selectors_letters.letter_checksum(letter.pk)
    return response


@login_required
@require_POST
def letter_send_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    if not may_send_letters(request.user, letter.citizen):
        raise PermissionDenied
    form = SendAgainForm(request.POST)
    if form.is_valid():
        try:
            services_letters.letter_send_again(actor=request.user, letter=letter,
                                               channel=form.cleaned_data["channel"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Brevet er sat i kø til afsendelse igen."))
    else:
        messages.error(request, _("Vælg, hvordan brevet skal sendes."))
    return redirect("letter_detail", pk=letter.pk)


# --- The post room -----------------------------------------------------------------------------

def _require_print(request: AuthenticatedHttpRequest) -> None:
    if not may_print_letters(request.user):
        raise PermissionDenied


@login_required
def letter_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's print letters waiting for the post room, and its batches."""
    _require_print(request)
    teams, batches = selectors_letters.print_overview(request.user,
                                                      page=request.GET.get("page"))
    return render(request, "agreements/letters/print.html",
                  {"teams": teams, "batches": batches})


@login_required
@require_POST
def letter_print_batch_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_print(request)
    form = PrintBatchForm(request.POST, teams=request.user.teams.all())
    if not form.is_valid():
        messages.error(request, _("Vælg et af dine teams."))
        return redirect("letter_print")
    try:
        batch = services_letters.print_batch_create(actor=request.user,
                                                    team=form.cleaned_data["team"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Udskriftsbunke #%(n)s er klar. Hent PDF'en, print den, "
                                    "og bekræft bagefter, at brevene er sendt.")
                         % {"n": batch.pk})
    return redirect("letter_print")


@login_required
def letter_print_batch_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = get_print_batch_for_user(request.user, pk)
    if not batch.pdf:
        raise Http404("The batch has no PDF")
    for citizen in Citizen.objects.filter(pk__in=selectors_letters.batch_citizen_ids(batch)):
        log_access(request.user, citizen, action=AccessAction.DOCUMENT,
                   what=f"Udskriftsbunke #{batch.pk} (PDF)")
    with batch.pdf.open("rb") as stored:
        data = stored.read()
    return _pdf_response(data, f"udskriftsbunke-{batch.pk}.pdf")


@login_required
@require_POST
def letter_print_batch_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = get_print_batch_for_user(request.user, pk)
    try:
        services_letters.print_batch_confirm(actor=request.user, batch=batch)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Brevene i udskriftsbunke #%(n)s er markeret som printet.")
                         % {"n": batch.pk})
    return redirect("letter_print")


# --- Templates (administrators) ----------------------------------------------------------------

def _template_args(request: AuthenticatedHttpRequest, kind: str, language: str) -> None:
    if not may_edit_letter_templates(request.user):
        raise PermissionDenied
    if kind not in LetterKind.values or language not in Language.values:
        raise Http404("No such template")


@login_required
def letter_template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_edit_letter_templates(request.user):
        raise PermissionDenied
    return render(request, "agreements/letters/template_list.html",
                  {"rows": selectors_letters.template_overview()})


def _preview(request: AuthenticatedHttpRequest, kind: str, language: str, subject: str,
             body: str, case_value: str) -> dict[str, Any]:
    """The letter as ``subject``/``body`` would make it for the chosen case (access-logged)
    or for made-up values. Nothing is stored."""
    case: Course | Referral | None = selectors_letters.preview_case(request.user, case_value)
    if case is not None:
        log_access(request.user, case.citizen, action=AccessAction.VIEW,
                   what=f"Forhåndsvisning af brevskabelon ({kind}, {language})")
    content, values = letters.preview(kind, language, case, timezone.localdate())
    return {"subject": letters.render_text(subject, values),
            "paragraphs": paragraphs(letters.render_text(body, values)),
            "content": content, "language": language, "real_case": case is not None}


@login_required
def letter_template_edit(request: AuthenticatedHttpRequest, kind: str,
                         language: str) -> HttpResponse:
    """Edit a template: "Forhåndsvis" shows the letter without saving; "Gem ny version"
    saves the text as a new version (an unknown placeholder is refused, named)."""
    _template_args(request, kind, language)
    template, subject, body = services_letters.template_text(kind, language)
    cases = selectors_letters.preview_cases(request.user, kind)
    form = LetterTemplateForm(request.POST or None, kind=kind, cases=cases,
                              initial={"subject": subject, "body": body})
    preview = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if "save" in request.POST:
                try:
                    saved = services_letters.letter_template_save(
                        actor=request.user, kind=kind, language=language,
                        subject=data["subject"], body=data["body"], reason=data["reason"])
                except DomainError as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, _("Version %(n)s af skabelonen er gemt. Nye "
                                                "breve bruger den; sendte breve er uændrede.")
                                     % {"n": saved.version})
                    return redirect("letter_template_edit", kind=kind, language=language)
            else:
                preview = _preview(request, kind, language, data["subject"], data["body"],
                                   data.get("case") or "")
        status = 400 if form.errors else 200
    return render(request, "agreements/letters/template_edit.html", {
        "form": form, "kind": kind, "kind_label": LetterKind(kind).label,
        "language": language, "language_label": Language(language).label,
        "current": template, "versions": selectors_letters.template_versions(kind, language),
        "placeholders": selectors_letters.placeholders_for(kind), "preview": preview,
    }, status=status)


@login_required
def letter_template_preview(request: AuthenticatedHttpRequest, kind: str,
                            language: str) -> HttpResponse:
    """A saved version (the current one unless ``?version=``) shown as a letter, for a case
    the administrator may see (``?case=``) or with made-up values."""
    _template_args(request, kind, language)
    template, subject, body = services_letters.template_text(kind, language)
    version = request.GET.get("version", "")
    if version.isdigit():
        chosen = LetterTemplate.objects.filter(kind=kind, language=language,
                                               version=int(version)).first()
        if chosen is None:
            raise Http404("No such version")
        template, subject, body = chosen, chosen.subject, chosen.body
    case_value = request.GET.get("case", "")
    return render(request, "agreements/letters/template_preview.html", {
        "kind": kind, "kind_label": LetterKind(kind).label, "language": language,
        "language_label": Language(language).label, "template": template,
        "cases": selectors_letters.preview_cases(request.user, kind), "case_value": case_value,
        "preview": _preview(request, kind, language, subject, body, case_value),
    })
