"""Management reporting pages: the dashboard and its exports, the PDF report, the policy
simulator, and the administrator's cost lines.

Who may see what: the dashboard, its exports and the PDF are for managers and team leaders
(team leaders see their own teams' figures only); the simulator for administrators and
managers; cost lines are kept by administrators. Everyone else gets 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mentor.http import AuthenticatedHttpRequest
from mentor.listing import list_context, paginate
from mentor.models import AccessAction, Municipality
from mentor.permissions import (
    is_administrator,
    may_simulate_policy,
    may_view_dashboard,
    reports_on_all_teams,
)
from mentor.selectors import policy_in_force
from mentor.services import DomainError
from reporting import effect, exports, selectors, services
from reporting.charts import dashboard_charts
from reporting.filters import CostLineFilter
from reporting.forms import (
    CostLineDeleteForm,
    CostLineForm,
    CostLineGenerateForm,
    ReportFilterForm,
    SimulatorForm,
)
from reporting.models import CostLine
from reporting.selectors_complaints import complaints_table
from reporting.simulator import simulate


def _require_dashboard(request: AuthenticatedHttpRequest) -> None:
    if not may_view_dashboard(request.user):
        raise Http404


def _require_administrator(request: AuthenticatedHttpRequest) -> None:
    if not is_administrator(request.user):
        raise Http404


def _filter_form(request: AuthenticatedHttpRequest,
                 today: datetime.date) -> ReportFilterForm:
    form = ReportFilterForm(request.GET, user=request.user, today=today)
    if not form.is_valid():
        # A stale or tampered filter (e.g. another team's id) is dropped; the rest stands.
        data = request.GET.copy()
        for name in form.errors:
            data.pop(name, None)
        form = ReportFilterForm(data, user=request.user, today=today)
        if not form.is_valid():
            form = ReportFilterForm(None, user=request.user, today=today)
            form.is_valid()
    return form


def _heading(form: ReportFilterForm, title: str) -> exports.ReportHeading:
    data = form.cleaned_data
    filters = [(_("Team"), str(data["team"]) if data.get("team") else _("Alle teams")
                if reports_on_all_teams(form.user) else _("Mine teams"))]
    for key, label in (("provider", _("Leverandør")), ("mentor_type", _("Mentortype"))):
        if data.get(key):
            filters.append((label, str(data[key])))
    if data.get("kind"):
        filters.append((_("Afgørelse"), dict(form.fields["kind"].choices)[data["kind"]]))  # type: ignore[attr-defined]
    now = timezone.localtime()
    return exports.ReportHeading(title=title, period=form.period().label, filters=filters,
                                 generated=_("Dannet %(when)s") % {
                                     "when": now.strftime("%d.%m.%Y %H:%M")})


def _by(request: AuthenticatedHttpRequest) -> str:
    """How the effect tables group the ended courses (an unknown value: the default)."""
    by = request.GET.get("by", "")
    return by if by in effect.BY else effect.DEFAULT_BY


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_dashboard(request)
    today = timezone.localdate()
    form = _filter_form(request, today)
    by = _by(request)
    tables = selectors.dashboard(form.report_filter(), user=request.user, today=today,
                                 cached=True, by=by)
    query = form.query_string()
    # The overdue lists name the citizens whose cases the user may open.
    exports.log_export(request.user, list(tables.values()), what="Ledelsesinformation",
                       action=AccessAction.VIEW)
    return render(request, "reporting/dashboard.html", {
        "form": form, "form_html": form.rendered(today), "period": form.period(),
        "tables": tables,
        "figures": selectors.key_figures(tables), "charts": dashboard_charts(tables),
        "query": query, "by": by, "by_choices": [(k, str(v)) for k, v in effect.BY.items()],
        "effect_query": f"{query}&by={by}" if query else f"by={by}",
        "heading": _heading(form, _("Ledelsesinformation")),
        "is_team_leader_only": not reports_on_all_teams(request.user),
        "can_simulate": may_simulate_policy(request.user),
        "complaints": complaints_table(form.report_filter())})


@login_required
def dashboard_export(request: AuthenticatedHttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table (or ``all`` as one workbook) as CSV or XLSX, with the page's filters."""
    _require_dashboard(request)
    if fmt not in exports.FORMATS or (table not in selectors.TABLES and table != "complaints"
                                      and not (table == "all" and fmt == "xlsx")):
        raise Http404
    today = timezone.localdate()
    form = _filter_form(request, today)
    f = form.report_filter()
    keys = list(selectors.TABLES) if table == "all" else [table]
    # The figures from the report cache; the full case lists are always read afresh.
    tables = list(selectors.report_tables([k for k in keys if k != "complaints"], f,
                                          user=request.user, today=today, list_limit=None,
                                          cached=True, by=_by(request)).values())
    if table in ("complaints", "all"):
        tables.append(complaints_table(f))
    exports.log_export(request.user, tables, what=f"Ledelsesinformation: {table}.{fmt}")
    if fmt == "csv":
        body, content_type = exports.table_csv(tables[0]), "text/csv; charset=utf-8"
    else:
        body = exports.tables_xlsx(tables, _heading(form, _("Ledelsesinformation")))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="ledelsesinformation-{table}-{f.period.key}.{fmt}"')
    return response


@login_required
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The management report for the chosen period and filters, as a PDF."""
    _require_dashboard(request)
    today = timezone.localdate()
    form = _filter_form(request, today)
    tables = selectors.dashboard(form.report_filter(), user=request.user, today=today,
                                 cached=True, by=_by(request))
    pdf = exports.report_pdf(tables=tables, charts=dashboard_charts(tables),
                             figures=selectors.key_figures(tables),
                             heading=_heading(form, _("Ledelsesrapport")))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ledelsesrapport-{form.period().key}.pdf"')
    return response


@login_required
def policy_simulator(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_simulate_policy(request.user):
        raise Http404
    today = timezone.localdate()
    municipality = Municipality.objects.order_by("id").first()
    if "municipality" in request.GET:
        form = SimulatorForm(request.GET)
        if form.is_valid():
            municipality = form.cleaned_data["municipality"]
    else:
        version = policy_in_force(municipality, today) if municipality else None
        form = SimulatorForm(initial=SimulatorForm.initial_from(version, municipality))
    result = None
    if form.is_bound and form.is_valid() and municipality is not None:
        result = simulate(municipality=municipality, policy=form.alternative(), today=today)
    current = policy_in_force(municipality, today) if municipality else None
    return render(request, "reporting/simulator.html",
                  {"form": form, "result": result, "current": current, "today": today,
                   "can_dashboard": may_view_dashboard(request.user)})


# --- Cost lines (administrators) -----------------------------------------------------------
COST_LINE_COLUMNS = {"course": _lazy("Forløb"), "team": _lazy("Team"), "period": _lazy("Periode"),
                     "kind": _lazy("Type"), "provider": _lazy("Leverandør"),
                     "hours": _lazy("Timer"), "amount": _lazy("Beløb (kr.)")}


@login_required
def costline_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    filterset = CostLineFilter(request.GET, queryset=selectors.cost_lines_for_list(),
                               request=request)
    page = paginate(filterset.qs, request.GET.get("page"))
    generate = CostLineGenerateForm(today=timezone.localdate(), initial={
        "year": timezone.localdate().year, "month": timezone.localdate().month})
    return render(request, "reporting/costline_list.html", {
        **list_context(request, list_name="costlines", filterset=filterset, page=page,
                       labels=COST_LINE_COLUMNS),
        "generate_form": generate})


def _prefilled(form: CostLineForm) -> dict[str, Any] | None:
    """The form's data with hours and amount from the journal, when course, provider, kind and
    period are valid; None otherwise."""
    data = form.cleaned_data
    needed = ("course", "provider", "kind", "period_start", "period_end")
    if any(data.get(k) is None for k in needed):
        return None
    suggestion = services.suggest(course=data["course"], provider=data["provider"],
                                  kind=data["kind"], period_start=data["period_start"],
                                  period_end=data["period_end"])
    updated = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict, typed as a Mapping
    updated["hours"], updated["amount"] = str(suggestion.hours), str(suggestion.amount)
    return {"data": updated, "suggestion": suggestion}


def _initial_for_course(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    from visitation.models import Course

    pk = request.GET.get("course", "")
    course = (Course.objects.select_related("provider").filter(pk=int(pk)).first()
              if pk.isdigit() else None)
    if course is None:
        return {}
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - datetime.timedelta(days=1)
    return {"course": course.pk, "provider": course.provider_id,
            "kind": services.default_kind(course.provider),
            "period_start": last_month_end.replace(day=1), "period_end": last_month_end}


@login_required
def costline_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = CostLineForm(request.POST or None, initial=_initial_for_course(request))
    suggestion = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "prefill" in request.POST:
            prefilled = _prefilled(form)
            if prefilled:
                form, suggestion = CostLineForm(prefilled["data"]), prefilled["suggestion"]
        else:
            try:
                line = services.cost_line_create(
                    actor=request.user, course=data["course"], provider=data["provider"],
                    kind=data["kind"], period_start=data["period_start"],
                    period_end=data["period_end"], hours=data["hours"], amount=data["amount"],
                    note=data["note"])
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Udgiftslinjen er registreret."))
                return redirect(f"{reverse('costline_list')}?q=%23{line.course_id}")
    return render(request, "reporting/costline_form.html",
                  {"form": form, "suggestion": suggestion, "line": None})


@login_required
def costline_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    line = get_object_or_404(CostLine.objects.select_related("course", "provider"), pk=pk)
    initial = {"course": line.course_id, "provider": line.provider_id, "kind": line.kind,
               "period_start": line.period_start, "period_end": line.period_end,
               "hours": line.hours, "amount": line.amount, "note": line.note}
    form = CostLineForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cost_line_update(
                actor=request.user, cost_line=line, reason=data["reason"],
                **{k: data[k] for k in services.EDITABLE_FIELDS})
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Udgiftslinjen er rettet."))
            return redirect(f"{reverse('costline_list')}?q=%23{line.course_id}")
    history = line.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "reporting/costline_form.html",
                  {"form": form, "line": line, "history": history,
                   "delete_form": CostLineDeleteForm()})


@login_required
@require_POST
def costline_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    line = get_object_or_404(CostLine, pk=pk)
    form = CostLineDeleteForm(request.POST)
    if form.is_valid():
        try:
            services.cost_line_delete(actor=request.user, cost_line=line,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Udgiftslinjen er slettet."))
            return redirect("costline_list")
    else:
        messages.error(request, _("Angiv hvorfor udgiftslinjen slettes."))
    return redirect("costline_edit", pk=line.pk)


@login_required
@require_POST
def costline_generate(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = CostLineGenerateForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        period = form.period()
        try:
            created = services.cost_lines_generate(actor=request.user,
                                                   period_start=period.start,
                                                   period_end=period.end)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)s udgiftslinjer er forudfyldt for %(period)s.")
                             % {"n": created, "period": period.label})
    else:
        messages.error(request, _("Vælg en måned."))
    return redirect("costline_list")
