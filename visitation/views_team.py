"""Running a team: the caseloads page (sortable, exportable), handing over a mentor's or a
caseworker's caseload (choose, confirm, move), and the team leader's note on a course.

Only the team's leader or an administrator (``may_lead_team``); anyone else gets 404.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.http import AuthenticatedHttpRequest
from mentor.models import AccessAction, AccessLog, Citizen, Mentor, Team, User
from mentor.permissions import (
    get_course_for_user,
    led_teams,
    log_access,
    may_lead_team,
    may_write_team_note,
)
from mentor.services import DomainError
from mentor.spreadsheet import safe_cell, safe_row
from visitation import selectors_caseload as selectors
from visitation.forms_team import CaseworkerHandoverForm, CourseNoteForm, MentorHandoverForm
from visitation.models import CourseNote
from visitation.services import team as services
from visitation.services.team import CaseloadRefused

# (sort key, column label, numeric) for the two tables; the keys are the selectors'.
MENTOR_COLUMNS: list[tuple[str, Any, bool]] = [
    ("name", gettext_lazy("Mentor"), False),
    ("provider", gettext_lazy("Leverandør"), False),
    ("courses", gettext_lazy("Åbne forløb i teamet"), True),
    ("hours", gettext_lazy("Timer pr. uge i teamet"), True),
    ("load", gettext_lazy("Timer pr. uge i alt"), True),
    ("capacity", gettext_lazy("Kapacitet pr. uge"), True),
    ("free", gettext_lazy("Ledige timer"), True),
    ("contacts", gettext_lazy("Overskredne kontakter"), True),
    ("reviews", gettext_lazy("Overskredne opfølgninger"), True),
]
CASEWORKER_COLUMNS: list[tuple[str, Any, bool]] = [
    ("name", gettext_lazy("Sagsbehandler"), False),
    ("citizens", gettext_lazy("Borgere"), True),
    ("referrals", gettext_lazy("Åbne indstillinger"), True),
    ("courses", gettext_lazy("Åbne forløb"), True),
    ("contacts", gettext_lazy("Overskredne kontakter"), True),
]


def _team(user: User, pk: Any) -> Team:
    """A team the user runs; 404 for any other (or a malformed id)."""
    try:
        team = Team.objects.select_related("municipality").get(pk=int(pk))
    except (Team.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404("No such team") from exc
    if not may_lead_team(user, team.pk):
        raise Http404("No such team")
    return team


def _chosen_team(request: AuthenticatedHttpRequest) -> tuple[Team, list[Team]]:
    teams = list(led_teams(request.user).select_related("municipality").order_by("name"))
    if not teams:
        raise Http404("No team")
    wanted = request.GET.get("team")
    if wanted is None:
        return teams[0], teams
    return _team(request.user, wanted), teams


def _headers(columns: Sequence[tuple[str, Any, bool]], current: str, param: str,
             query: QueryDict) -> list[dict[str, Any]]:
    """Column headers with the link that sorts by them (again: the other way round)."""
    headers = []
    for key, label, numeric in columns:
        ascending = current == key
        descending = current == f"-{key}"
        params = query.copy()
        params[param] = f"-{key}" if ascending else key
        headers.append({"label": label, "numeric": numeric, "url": f"?{params.urlencode()}",
                        "sort": "ascending" if ascending else
                        "descending" if descending else ""})
    return headers


def _mentor_cells(mentor: Mentor) -> list[Any]:
    return [mentor.name, mentor.provider.name, mentor.team_courses,  # type: ignore[attr-defined]
            mentor.team_hours, mentor.load,  # type: ignore[attr-defined]
            mentor.weekly_capacity_hours, mentor.capacity_left,  # type: ignore[attr-defined]
            mentor.overdue_contacts, mentor.overdue_reviews]  # type: ignore[attr-defined]


def _caseworker_cells(user: User) -> list[Any]:
    return [str(user), user.open_citizens, user.open_referrals,  # type: ignore[attr-defined]
            user.open_courses, user.overdue_contacts]  # type: ignore[attr-defined]


@login_required
def team_caseloads(request: AuthenticatedHttpRequest) -> HttpResponse:
    team, teams = _chosen_team(request)
    today = timezone.localdate()
    msort, mentors = selectors.mentor_caseloads(team, today=today,
                                                sort=request.GET.get("msort", "name"))
    csort, caseworkers = selectors.caseworker_caseloads(team, today=today,
                                                        sort=request.GET.get("csort", "name"))
    query = request.GET.copy()
    query["team"] = str(team.pk)
    return render(request, "visitation/team_caseloads.html", {
        "team": team, "teams": teams, "today": today,
        "mentors": mentors, "caseworkers": caseworkers,
        "mentor_headers": _headers(MENTOR_COLUMNS, msort, "msort", query),
        "caseworker_headers": _headers(CASEWORKER_COLUMNS, csort, "csort", query),
        "export_query": urlencode({"team": team.pk, "msort": msort, "csort": csort})})


def _danish_number(value: Any) -> Any:
    """Numbers as Danish Excel reads them from a CSV file: a decimal comma."""
    if isinstance(value, Decimal | float):
        return f"{value:.1f}".replace(".", ",")
    return value


def caseloads_csv(tables: Iterable[tuple[str, Sequence[tuple[str, Any, bool]],
                                         list[list[Any]]]]) -> bytes:
    """The tables one after another, each with its title and header: ';' between cells,
    decimal commas, UTF-8 with a byte-order mark (as Danish Excel opens it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for index, (title, columns, rows) in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow(safe_row([title]))
        writer.writerow(safe_row([str(label) for _key, label, _n in columns]))
        for row in rows:
            writer.writerow([_danish_number(v) if isinstance(v, Decimal | float | int)
                             else safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@login_required
def team_caseloads_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Both tables, in the page's order: CSV (default) or XLSX (``?format=xlsx``)."""
    team, _teams = _chosen_team(request)
    today = timezone.localdate()
    _ms, mentors = selectors.mentor_caseloads(team, today=today,
                                              sort=request.GET.get("msort", "name"))
    _cs, caseworkers = selectors.caseworker_caseloads(team, today=today,
                                                      sort=request.GET.get("csort", "name"))
    tables = [(_("Mentorer"), MENTOR_COLUMNS, [_mentor_cells(m) for m in mentors]),
              (_("Sagsbehandlere"), CASEWORKER_COLUMNS,
               [_caseworker_cells(u) for u in caseworkers])]
    name = f"sagsstammer-team-{team.pk}-{today:%Y-%m-%d}"
    if request.GET.get("format") == "xlsx":
        body = _xlsx(team, today.strftime("%d.%m.%Y"), tables)
        response = HttpResponse(body, content_type="application/vnd.openxmlformats-"
                                                   "officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(caseloads_csv(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _xlsx(team: Team, day: str, tables: Iterable[tuple[str, Sequence[tuple[str, Any, bool]],
                                                       list[list[Any]]]]) -> bytes:
    from reporting.exports import ReportHeading, tables_xlsx
    from reporting.tables import COUNT, HOURS, TEXT, Column, Table

    hour_keys = {"hours", "load", "capacity", "free"}
    sheets = [Table(key=str(title), title=str(title), rows=rows, columns=[
        Column(key, str(label), HOURS if key in hour_keys else COUNT if numeric else TEXT)
        for key, label, numeric in columns]) for title, columns, rows in tables]
    heading = ReportHeading(title=_("Sagsstammer"), period=day,
                            filters=[(_("Team"), team.name)], generated=day)
    return tables_xlsx(sheets, heading)


# --- Handing over ---------------------------------------------------------------------------


def _log_citizens(user: User, citizen_ids: Iterable[int], what: str) -> None:
    """An access-log row per citizen a handover page names (append-only: inserts only)."""
    AccessLog.objects.bulk_create(
        AccessLog(user=user, citizen=Citizen(pk=pk), action=AccessAction.VIEW, what=what[:200])
        for pk in sorted(set(citizen_ids)))


def _hidden_fields(data: QueryDict) -> list[tuple[str, str]]:
    """The submitted fields, to carry through the confirmation step unchanged."""
    return [(key, value) for key, values in data.lists() if key not in (
        "csrfmiddlewaretoken", "step") for value in values]


def _caseloads_url(team: Team) -> str:
    return f"{reverse('team_caseloads')}?team={team.pk}"


def _check_then_move(request: AuthenticatedHttpRequest, form: forms.Form, team: Team, *,
                     move: Callable[[], str], confirm: Callable[[], HttpResponse]
                     ) -> tuple[HttpResponse | None, dict[str, list[str]]]:
    """A handover's two steps on a valid POST: ``check`` shows what will move for a
    confirmation, ``confirm`` moves and returns to the caseloads with ``move``'s message. A
    refusal goes on the form, with its reasons per item for the page to show beside each;
    then (None, problems) and the view shows the form again."""
    step = request.POST.get("step", "")
    if request.method != "POST" or step not in ("check", "confirm") or not form.is_valid():
        return None, {}
    try:
        if step == "confirm":
            messages.success(request, move())
            return redirect(_caseloads_url(team)), {}
        return confirm(), {}
    except CaseloadRefused as refusal:
        form.add_error(None, str(refusal))
        return None, refusal.problems
    except DomainError as exc:
        form.add_error(None, str(exc))
        return None, {}


@login_required
def team_mentor_handover(request: AuthenticatedHttpRequest, team_pk: int,
                         mentor_pk: int) -> HttpResponse:
    team = _team(request.user, team_pk)
    mentor = selectors.mentor_in_team(team, mentor_pk)
    if mentor is None:
        raise Http404("No such mentor in the team")
    handover = selectors.mentor_handover(team, mentor)
    form = MentorHandoverForm(request.POST if request.method == "POST" else None,
                              handover=handover)

    def arguments() -> dict[str, Any]:
        data = form.cleaned_data
        return {"actor": request.user, "team": team, "from_mentor": mentor,
                "moves": form.moves(), "reason": data["reason"],
                "override_capacity": data["override_capacity"],
                "override_reason": data["override_reason"]}

    def move() -> str:
        moved = services.mentor_caseload_move(**arguments())
        return _("%(n)s mentorforløb er flyttet fra %(mentor)s.") % {
            "n": len(moved), "mentor": mentor.name}

    def confirm() -> HttpResponse:
        plan = services.mentor_caseload_check(**arguments())
        _log_citizens(request.user, [m.course.citizen_id for m in plan],
                      f"Overdragelse fra mentor {mentor.pk}: bekræft")
        return render(request, "visitation/team_mentor_confirm.html", {
            "team": team, "mentor": handover.mentor, "plan": plan,
            "reason": form.cleaned_data["reason"],
            "override_reason": form.cleaned_data["override_reason"],
            "hidden": _hidden_fields(request.POST)})

    response, problems = _check_then_move(request, form, team, move=move, confirm=confirm)
    if response is not None:
        return response
    _log_citizens(request.user, [row.course.citizen_id for row in handover.rows],
                  f"Overdragelse fra mentor {mentor.pk}")
    rows = [(row, form.course_field(row.course.pk), problems.get(f"course-{row.course.pk}", []))
            for row in handover.rows]
    return render(request, "visitation/team_mentor_handover.html", {
        "team": team, "handover": handover, "form": form, "rows": rows,
        "caseloads_url": _caseloads_url(team)})


def _selected(form: CaseworkerHandoverForm, name: str, items: Sequence[Any],
              preselect: set[int] | None) -> set[int]:
    if form.is_bound:
        return {int(v) for v in cast(QueryDict, form.data).getlist(name) if str(v).isdigit()}
    if preselect is not None:
        return preselect if name == "courses" else set()
    return {item.pk for item in items}


@login_required
def team_caseworker_handover(request: AuthenticatedHttpRequest, team_pk: int,
                             user_pk: int) -> HttpResponse:
    team = _team(request.user, team_pk)
    caseworker = selectors.caseworker_in_team(team, user_pk)
    if caseworker is None:
        raise Http404("No such caseworker in the team")
    handover = selectors.caseworker_handover(team, caseworker)
    form = CaseworkerHandoverForm(request.POST if request.method == "POST" else None,
                                  handover=handover)

    def arguments() -> dict[str, Any]:
        data = form.cleaned_data
        return {"actor": request.user, "team": team, "from_user": caseworker,
                "to_user": data["to_user"], "citizen_ids": data["citizens"],
                "referral_ids": data["referrals"], "course_ids": data["courses"],
                "reason": data["reason"]}

    def move() -> str:
        moved = services.caseworker_caseload_move(**arguments())
        return _("%(citizens)s borgere, %(referrals)s indstillinger og %(courses)s "
                 "mentorforløb er overdraget til %(to)s.") % {
            "citizens": moved.citizens, "referrals": moved.referrals,
            "courses": moved.courses, "to": form.cleaned_data["to_user"]}

    def confirm() -> HttpResponse:
        services.caseworker_caseload_check(**arguments())
        data = form.cleaned_data
        chosen = {name: set(data[name]) for name in ("citizens", "referrals", "courses")}
        citizens = [c for c in handover.citizens if c.pk in chosen["citizens"]]
        referrals = [r for r in handover.referrals if r.pk in chosen["referrals"]]
        courses = [c for c in handover.courses if c.pk in chosen["courses"]]
        _log_citizens(request.user, _citizen_ids(citizens, referrals, courses),
                      f"Overdragelse fra sagsbehandler {caseworker.pk}: bekræft")
        return render(request, "visitation/team_caseworker_confirm.html", {
            "team": team, "caseworker": caseworker, "to_user": data["to_user"],
            "reason": data["reason"], "hidden": _hidden_fields(request.POST),
            "citizens": citizens, "referrals": referrals, "courses": courses})

    response, problems = _check_then_move(request, form, team, move=move, confirm=confirm)
    if response is not None:
        return response
    preselect = None
    if "course" in request.GET:
        preselect = {int(v) for v in request.GET.getlist("course") if v.isdigit()}
    _log_citizens(request.user, _citizen_ids(handover.citizens, handover.referrals,
                                             handover.courses),
                  f"Overdragelse fra sagsbehandler {caseworker.pk}")
    return render(request, "visitation/team_caseworker_handover.html", {
        "team": team, "handover": handover, "form": form, "problems": problems,
        "selected": {name: _selected(form, name, getattr(handover, name), preselect)
                     for name in ("citizens", "referrals", "courses")},
        "caseloads_url": _caseloads_url(team)})


def _citizen_ids(citizens: Iterable[Citizen], referrals: Iterable[Any],
                 courses: Iterable[Any]) -> list[int]:
    return ([c.pk for c in citizens] + [r.citizen_id for r in referrals]
            + [c.citizen_id for c in courses])


# --- The team leader's note -----------------------------------------------------------------


@login_required
def course_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_user(request.user, pk)
    if not may_write_team_note(request.user, course):
        raise PermissionDenied
    current = CourseNote.objects.filter(course=course).first()
    form = CourseNoteForm(request.POST or None,
                          initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.course_note_write(actor=request.user, course=course,
                                       text=form.cleaned_data["text"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Noten er gemt."))
            return redirect(reverse("course_detail", args=[course.pk]) + "#team-note")
    log_access(request.user, course.citizen, action=AccessAction.VIEW,
               what=f"Mentorforløb #{course.pk}: teamleders note")
    return render(request, "visitation/course_note.html", {"course": course, "form": form})
