"""The money pages: the spending limit of LAB § 203 a with its forecast, its settings and its
basis, hour norms per task, providers against their framework prices, and monthly trends.

Managers and administrators only (``may_view_money_reports``); everyone else gets 404, as for
the other reports. The pages show figures and course numbers, never a citizen: nothing here is
written to the access log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.http import AuthenticatedHttpRequest
from mentor.models import Municipality
from mentor.permissions import (
    may_enter_spending_basis,
    may_set_spending_warnings,
    may_view_money_reports,
)
from mentor.services import DomainError
from reporting import selectors_money as money
from reporting import services_money
from reporting.charts_line import Line, line_chart
from reporting.forms_money import (
    LimitYearForm,
    OtherSpendForm,
    PeriodForm,
    SpendingImportForm,
    SpendingSettingsForm,
    TargetPersonsForm,
)
from reporting.models import CostKind
from reporting.models_limit import OtherSpend, TargetGroupPersons
from reporting.services_money import IMPORT_OTHER


def _municipality(request: AuthenticatedHttpRequest) -> Municipality:
    if not may_view_money_reports(request.user):
        raise Http404
    municipality = money.money_municipality(request.user)
    if municipality is None:
        raise Http404
    return municipality


@login_required
def money_limit(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    today = timezone.localdate()
    form = LimitYearForm(request.GET, today=today)
    status = money.limit_status(municipality, form.chosen_year(), today)
    labels = dict(CostKind.choices)
    kinds = [str(labels[k]) for k in status.settings.counted_kinds if k in labels]
    return render(request, "reporting/money_limit.html", {
        "form": form, "status": status, "other_spend": money.other_spend_table(status),
        "kinds_text": ", ".join(kinds),
        "can_set": may_set_spending_warnings(request.user),
        "can_enter": may_enter_spending_basis(request.user)})


@login_required
def money_limit_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    if not may_set_spending_warnings(request.user):
        raise Http404
    current = money.spending_settings(municipality)
    form = SpendingSettingsForm(request.POST or None, initial={
        "thresholds": "; ".join(str(t) for t in current.thresholds),
        "counted_kinds": current.counted_kinds, "run_rate_months": current.run_rate_months})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_money.spending_settings_update(
                actor=request.user, municipality=municipality,
                counted_kinds=data["counted_kinds"], thresholds=data["thresholds"],
                run_rate_months=data["run_rate_months"], reason=data["reason"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Varslingen for udgiftsloftet er gemt."))
            return redirect("money_limit")
    history = (current.history.select_related("history_user").order_by("-history_date")[:10]
               if current.pk else [])
    return render(request, "reporting/money_limit_settings.html",
                  {"form": form, "history": history})


BASIS_FORMS = ("persons", "other", "import")


@login_required
def money_limit_basis(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The administrator's basis for the limit: full-time persons per year and ØVO per month,
    typed in or imported from a CSV file."""
    municipality = _municipality(request)
    if not may_enter_spending_basis(request.user):
        raise Http404
    today = timezone.localdate()
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and action not in BASIS_FORMS:
        raise Http404
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    forms: dict[str, Any] = {
        "persons": TargetPersonsForm(request.POST if action == "persons" else None,
                                     today=today, prefix="persons",
                                     initial={"year": today.year}),
        # Last month: this month's spend is not known before it is over.
        "other": OtherSpendForm(request.POST if action == "other" else None, today=today,
                                prefix="other",
                                initial={"year": last_month.year, "month": last_month.month}),
        "import": SpendingImportForm(request.POST if action == "import" else None,
                                     request.FILES if action == "import" else None,
                                     prefix="import", initial={"what": IMPORT_OTHER}),
    }
    if action is not None and forms[action].is_valid():
        try:
            done = _save_basis(request, municipality, action, forms[action])
        except DomainError as exc:
            forms[action].add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("money_limit_basis")
    persons = (TargetGroupPersons.objects.filter(municipality=municipality)
               .select_related("entered_by").order_by("-year"))
    months = (OtherSpend.objects.filter(municipality=municipality)
              .select_related("entered_by").order_by("-month"))
    return render(request, "reporting/money_limit_basis.html", {
        "forms": forms, "persons": persons,
        "months": Paginator(months, 24).get_page(request.GET.get("page")),
        "action": action})


def _save_basis(request: AuthenticatedHttpRequest, municipality: Municipality, action: str,
                form: Any) -> str:
    data = form.cleaned_data
    if action == "persons":
        services_money.target_persons_set(
            actor=request.user, municipality=municipality, year=data["year"],
            full_time_persons=data["full_time_persons"], source=data["source"])
        return _("Fuldtidspersonerne for %(year)s er gemt.") % {"year": data["year"]}
    if action == "other":
        services_money.other_spend_set(
            actor=request.user, municipality=municipality, month=form.month_date(),
            amount=data["amount"], note=data["note"])
        return _("Udgiften til øvrig vejledning og opkvalificering er gemt.")
    count = services_money.spending_import(actor=request.user, municipality=municipality,
                                           text=data["file"], what=data["what"])
    return _("%(n)s linjer er importeret.") % {"n": count}


@login_required
def money_norms(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today, threshold=True)
    norms = money.hour_norms(municipality, form.period(), today, form.norm_threshold())
    page = Paginator(norms.far, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reporting/money_norms.html", {
        "form": form, "norms": norms, "page": page, "totals": norms.totals,
        "query_string": query.urlencode()})


@login_required
def money_providers(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    return render(request, "reporting/money_providers.html", {
        "form": form, "period": form.period(),
        "figures": money.provider_figures(municipality, form.period(), today)})


@login_required
def money_trends(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    today = timezone.localdate()
    trends = money.trends(municipality, today)
    labels = [money.month_label(m) for m in trends.months]
    ticks = [(i, str(m.year)) for i, m in enumerate(trends.months) if m.month == 1]
    charts = {
        "spend": line_chart(
            chart_id="chart-trend-spend", title=trends.tables["spend"].title, labels=labels,
            lines=[Line(_("Udgift"), trends.series("spend", "spend"))],
            table_id="table-trend_spend", unit=_("kr."), ticks=ticks),
        "citizens": line_chart(
            chart_id="chart-trend-citizens", title=trends.tables["citizens"].title,
            labels=labels, lines=[Line(_("Borgere"), trends.series("citizens", "citizens"))],
            table_id="table-trend_citizens", ticks=ticks),
        "courses": line_chart(
            chart_id="chart-trend-courses", title=trends.tables["courses"].title,
            labels=labels, lines=[Line(_("Startet"), trends.series("courses", "started")),
                                  Line(_("Afsluttet"), trends.series("courses", "ended"))],
            table_id="table-trend_courses", ticks=ticks),
    }
    sections = [(key, trends.tables[key], charts[key]) for key in ("spend", "citizens", "courses")]
    return render(request, "reporting/money_trends.html",
                  {"trends": trends, "sections": sections})
