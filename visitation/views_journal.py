"""Journal work: the mentor's workspace, journal entries, reviews, the calendar feed, and the
team's follow-up list. Thin views: fetch through a permission-checked helper (404 for what the
user may not see), validate a form, call one service, redirect with a Danish message."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context, query_string
from mentor.models import AccessAction, User
from mentor.permissions import (
    does_case_work,
    get_course_for_user,
    get_entry_for_user,
    get_review_for_user,
    log_access,
    may_complete_review,
    may_correct_entry,
    may_file_referral,
    may_journal,
    may_run_followup,
    may_use_mentor_workspace,
    visible_courses,
)
from mentor.queue import enqueue_on_commit
from mentor.services import DomainError
from visitation import selectors_calendar, selectors_followup, selectors_workspace
from visitation import selectors_journal as selectors
from visitation.forms_journal import JournalEntryForm, ReviewForm, SituationForm
from visitation.ics import render_feed
from visitation.models import Course, JournalPhase, ReviewStatus
from visitation.services import calendar as calendar_services
from visitation.services import followup as followup_services
from visitation.services import journal as journal_services
from visitation.services.reviews import course_url, review_complete

CALENDAR_SESSION_KEY = "calendar_token_once"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


# --- The mentor's workspace ----------------------------------------------------------------
WORKSPACE_COLUMNS = {"citizen": _lazy("Borger"), "course": _lazy("Forløb"),
                     "last_contact": _lazy("Sidste kontakt"),
                     "next_contact": _lazy("Næste kontakt")}


@login_required
@require_GET
def mentor_workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_use_mentor_workspace(request.user))
    context = selectors_workspace.workspace(request.user, today=timezone.localdate(),
                                            page_number=request.GET.get("page"),
                                            params=request.GET, request=request)
    context.update(list_context(request, list_name="workspace", filterset=context["filter"],
                                page=context["page"], labels=WORKSPACE_COLUMNS))
    return render(request, "visitation/workspace.html", context)


# --- Journal entries -------------------------------------------------------------------------


@login_required
@require_GET
def journal_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Journal for mentorforløb #{course.pk}")
    return render(request, "visitation/journal_list.html", {
        "course": course, "page": selectors.journal_page(course, request.GET.get("page")),
        "status": selectors.contact_status(course, today=timezone.localdate()),
        "is_mentor": may_journal(request.user, course),
        "course_url": course_url(course.pk)})


def _entry_form_page(request: AuthenticatedHttpRequest, course: Course, form: JournalEntryForm,
                     *, mode: str, form_key: str, draft: object | None = None,
                     entry: object | None = None) -> HttpResponse:
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Journalnotat, mentorforløb #{course.pk}")
    return render(request, "visitation/journal_form.html", {
        "course": course, "form": form, "mode": mode, "form_key": form_key, "draft": draft,
        "entry": entry, "next": _next_url(request, ""),
        "status": selectors.contact_status(course, today=timezone.localdate()),
        "course_url": course_url(course.pk)})


def _course_with_mentor(user: User, pk: int) -> Course:
    """``get_course_for_user`` with the course's mentor read in the same query (the mentor
    check needs it on every request); 404 for a course the user may not see."""
    try:
        return visible_courses(user).select_related("mentor").get(pk=pk)
    except (Course.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such course") from exc


@login_required
def journal_entry_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _course_with_mentor(request.user, pk)
    if not may_journal(request.user, course):
        raise PermissionDenied
    if request.method == "POST":
        form = JournalEntryForm(request.POST, course=course)
        if form.is_valid():
            try:
                entry = journal_services.journal_entry_add(actor=request.user, course=course,
                                                           data=form.entry_data())
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                # The service's course, read under its lock, holds the new contact dates.
                messages.success(request, _entry_saved_message(entry.course))
                return redirect(_next_url(request, course_url(course.pk)))
        return _entry_form_page(request, course, form, mode="new", form_key="new")
    draft = journal_services.journal_draft_for(request.user, course, "new")
    initial = draft.data if draft else {"contact_date": timezone.localdate(),
                                        "duration_minutes": 60, "phase": JournalPhase.COURSE}
    form = JournalEntryForm(initial=initial, course=course)
    return _entry_form_page(request, course, form, mode="new", form_key="new", draft=draft)


def _entry_saved_message(course: Course) -> str:
    if course.next_contact_due:
        return _("Journalnotatet er gemt. Næste kontakt senest %(day)s.") % {
            "day": course.next_contact_due.strftime("%d.%m.%Y")}
    return _("Journalnotatet er gemt.")


@login_required
def journal_entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    course = entry.course
    if not may_correct_entry(request.user, entry, course):
        raise PermissionDenied
    if not journal_services.may_edit(entry, request.user, timezone.now()):
        messages.info(request, _("Notatet kan ikke længere rettes direkte. Tilføj en rettelse."))
        return redirect("journal_entry_correct", pk=entry.pk)
    form_key = f"edit-{entry.pk}"
    if request.method == "POST":
        form = JournalEntryForm(request.POST, instance=entry, course=course)
        if form.is_valid():
            try:
                journal_services.journal_entry_edit(actor=request.user, entry=entry,
                                                    data=form.entry_data())
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                course.refresh_from_db()
                messages.success(request, _entry_saved_message(course))
                return redirect(_next_url(request, course_url(course.pk)))
        return _entry_form_page(request, course, form, mode="edit", form_key=form_key,
                                entry=entry)
    draft = journal_services.journal_draft_for(request.user, course, form_key)
    form = JournalEntryForm(instance=entry, initial=draft.data if draft else None,
                            course=course)
    return _entry_form_page(request, course, form, mode="edit", form_key=form_key,
                            draft=draft, entry=entry)


@login_required
def journal_entry_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    course = entry.course
    if not may_correct_entry(request.user, entry, course):
        raise PermissionDenied
    form_key = f"correct-{entry.pk}"
    if request.method == "POST":
        form = JournalEntryForm(request.POST, course=course)
        if form.is_valid():
            try:
                journal_services.journal_entry_correct(actor=request.user, entry=entry,
                                                       data=form.entry_data())
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                course.refresh_from_db()
                messages.success(request, _("Rettelsen er tilføjet. Det oprindelige notat "
                                            "er bevaret."))
                return redirect(_next_url(request, course_url(course.pk)))
        return _entry_form_page(request, course, form, mode="correct", form_key=form_key,
                                entry=entry)
    draft = journal_services.journal_draft_for(request.user, course, form_key)
    initial = draft.data if draft else {
        name: getattr(entry, name) for name in journal_services.DRAFT_FIELDS}
    form = JournalEntryForm(initial=initial, course=course)
    return _entry_form_page(request, course, form, mode="correct", form_key=form_key,
                            draft=draft, entry=entry)


@login_required
@require_GET
def journal_entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk)
    log_access(request.user, entry.course.citizen, action=AccessAction.VIEW,
               what=f"Journalnotat #{entry.pk}")
    return render(request, "visitation/journal_entry.html", {
        "entry": entry, "course": entry.course,
        "versions": entry.history.select_related("history_user").order_by("-history_date"),
        "corrections": entry.corrections.select_related("author").order_by("created_at"),
        "may_edit": journal_services.may_edit(entry, request.user, timezone.now()),
        "is_author": entry.author_id == request.user.pk, "course_url": course_url(entry.course_id)})


@login_required
@require_POST
def journal_draft_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    data = {name: request.POST[name] for name in journal_services.DRAFT_FIELDS
            if name in request.POST}
    try:
        draft = journal_services.journal_draft_save(
            actor=request.user, course=course, form_key=request.POST.get("form_key", ""),
            data=data)
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"saved_at": timezone.localtime(draft.updated_at).strftime("%H:%M:%S")})


@login_required
@require_POST
def journal_draft_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    journal_services.journal_draft_discard(actor=request.user, course=course,
                                           form_key=request.POST.get("form_key", ""))
    messages.info(request, _("Kladden er kasseret."))
    return redirect(_next_url(request, reverse("journal_entry_add", kwargs={"pk": pk})))


# --- Reviews -------------------------------------------------------------------------------


@login_required
def review_form(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    review = get_review_for_user(request.user, pk)
    course = review.course
    may_complete = (review.status == ReviewStatus.DUE and course.is_open
                    and may_complete_review(request.user, course))
    form = None
    if may_complete:
        form = ReviewForm(request.POST or None, review=review)
        if request.method == "POST" and form.is_valid():
            try:
                review_complete(actor=request.user, review=review,
                                progression=form.progression(),
                                effect=form.cleaned_data["effect"],
                                ready_for_active_offer=form.readiness(),
                                outcome=form.cleaned_data["outcome"])
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Opfølgningen er gennemført."))
                return redirect(_next_url(request, course_url(course.pk)))
    elif request.method == "POST":
        raise PermissionDenied
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Opfølgning #{review.pk}, mentorforløb #{course.pk}")
    return render(request, "visitation/review_form.html", {
        "review": review, "course": course, "form": form, "next": _next_url(request, ""),
        "today": timezone.localdate(), "course_url": course_url(course.pk)})


# --- The calendar feed ----------------------------------------------------------------------


@login_required
@require_GET
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_use_mentor_workspace(request.user))
    token = request.session.pop(CALENDAR_SESSION_KEY, None)
    feed_url = (request.build_absolute_uri(reverse("mentor_calendar_feed",
                                                   kwargs={"token": token}))
                if token else None)
    return render(request, "visitation/workspace_calendar.html", {
        "calendar_token": selectors_calendar.calendar_token_for(request.user), "feed_url": feed_url})


@login_required
@require_POST
def calendar_token_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    had_link = selectors_calendar.calendar_token_for(request.user) is not None
    try:
        token = calendar_services.calendar_token_regenerate(actor=request.user)
    except DomainError as exc:
        raise PermissionDenied(str(exc)) from exc
    # Shown once, on the next page, then forgotten: only its digest is stored.
    request.session[CALENDAR_SESSION_KEY] = token
    if had_link:
        messages.success(request, _("Der er lavet et nyt kalenderlink. Et tidligere link virker "
                                    "ikke længere."))
    else:
        messages.success(request, _("Der er lavet et kalenderlink."))
    return redirect("calendar_settings")


@login_required
@require_POST
def calendar_token_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    if calendar_services.calendar_token_revoke(actor=request.user):
        messages.success(request, _("Kalenderlinket er lukket."))
    return redirect("calendar_settings")


@never_cache
@require_GET
def mentor_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_services.calendar_user_for_token(token)
    if user is None:
        return HttpResponse(status=404, content_type="text/plain")
    courses, reviews = selectors_calendar.calendar_items(user)
    body = render_feed(name=f"Mentorstøtte – {user.get_full_name() or user.username}",
                       courses=courses, reviews=reviews, site_url=settings.SITE_URL,
                       now=timezone.now(), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mentorstotte.ics"'
    return response


# --- The team's follow-up list ---------------------------------------------------------------
FOLLOWUP_COLUMNS = {"citizen": _lazy("Borger"), "mentor": _lazy("Mentor"),
                    "caseworker": _lazy("Sagsbehandler"), "last_contact": _lazy("Sidste kontakt"),
                    "due": _lazy("Forfaldt")}


@login_required
@require_GET
def followup_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(does_case_work(request.user))
    mine = request.GET.get("mine") == "1"
    context = selectors_followup.followup_overview(
        request.user, today=timezone.localdate(), mine=mine,
        contacts_page=request.GET.get("contacts"), reviews_page=request.GET.get("reviews"),
        params=request.GET, request=request)
    context["may_run"] = may_run_followup(request.user)
    context.update(list_context(request, list_name="followup", filterset=context["filter"],
                                page=context["contacts"], labels=FOLLOWUP_COLUMNS))
    # The page links of each table keep the filter and the other table's page.
    context["contacts_qs"] = query_string(request.GET, contacts=None)
    context["reviews_qs"] = query_string(request.GET, reviews=None)
    context["extra_params"] = [("mine", "1")] if mine else []
    return render(request, "visitation/workspace_followup.html", context)


@login_required
@require_POST
def followup_task_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = selectors_followup.task_for_user(request.user, pk)
    _require(may_file_referral(request.user, task.citizen))
    try:
        followup_services.followup_task_complete(actor=request.user, task=task)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Opgaven er markeret som vurderet."))
    return redirect("followup_overview")


@login_required
def situation_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The caseworker records the citizen's situation 3 or 6 months after a course."""
    task = selectors_followup.situation_task_for_user(request.user, pk)
    _require(may_file_referral(request.user, task.citizen))
    log_access(request.user, task.citizen, action=AccessAction.VIEW,
               what=f"Situation efter mentorforløb #{task.course_id}")
    # An empty POST (nothing chosen) is still a submitted form, with its error.
    form = SituationForm(request.POST if request.method == "POST" else None,
                         initial={"situation": task.situation or None})
    if request.method == "POST" and form.is_valid():
        try:
            followup_services.situation_record(
                actor=request.user, task=task, situation=form.cleaned_data["situation"],
                today=timezone.localdate())
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Borgerens situation er registreret."))
            return redirect("followup_overview")
    return render(request, "visitation/situation_form.html",
                  {"task": task, "form": form, "today": timezone.localdate()})


@login_required
@require_POST
def followup_run(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(may_run_followup(request.user))
    enqueue_on_commit(followup_services.SWEEP)
    messages.success(request, _("Opfølgningen er sat i gang. Påmindelser sendes om lidt."))
    return redirect("followup_overview")
