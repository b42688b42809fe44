"""Forms for management reporting: the dashboard's period and filters, cost lines, and the
policy simulator."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Fieldset, Layout, Row
from django import forms
from django.urls import reverse_lazy
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from mentor import caching
from mentor.form_helpers import cached_filter_form
from mentor.free_text import NoCprInFreeText
from mentor.models import (
    DecisionKind,
    MentorType,
    Municipality,
    PolicyVersion,
    Provider,
    Team,
    User,
)
from mentor.permissions import reports_on_all_teams
from mentor.widgets import DateInput
from reporting.models import CostKind
from reporting.periods import Period, part_choices, period_for
from reporting.selectors import (
    KIND_ORDER,
    ReportFilter,
    report_providers,
    report_teams,
    team_scope,
)
from reporting.simulator import LEVELS, AlternativePolicy, LevelRule

FIRST_YEAR = 2014  # the cash-benefit reform; no course in the system is older


def year_choices(today: datetime.date) -> list[tuple[int, int]]:
    return [(year, year) for year in range(today.year + 1, FIRST_YEAR - 1, -1)]


class ReportFilterForm(forms.Form):
    """Period (a year, a quarter or a month) and filters, read from the query string."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    part = forms.ChoiceField(label=_("Periode"), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("Alle teams"))
    provider = forms.ModelChoiceField(label=_("Leverandør"), queryset=Provider.objects.none(),
                                      required=False, empty_label=_("Alle leverandører"))
    mentor_type = forms.ModelChoiceField(label=_("Mentortype"),
                                         queryset=MentorType.objects.none(), required=False,
                                         empty_label=_("Alle mentortyper"))
    kind = forms.ChoiceField(label=_("Afgørelse"), required=False)

    def __init__(self, data: Any, *, user: User, today: datetime.date) -> None:
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(today.year))  # so that the select shows this year
        super().__init__(data)
        self.user = user
        # Not required: the select always has a value, and an asterisk on it would only puzzle.
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = year_choices(today)
        # The stubs type it as a string; a typed field returns it as it is, here the year.
        year.empty_value = today.year  # type: ignore[assignment]
        cast(forms.ChoiceField, self.fields["part"]).choices = part_choices()
        team = cast("forms.ModelChoiceField[Team]", self.fields["team"])
        team.queryset = report_teams(user)
        if not reports_on_all_teams(user):
            team.empty_label = _("Alle mine teams")
        cast("forms.ModelChoiceField[Provider]", self.fields["provider"]).queryset = (
            report_providers(user))
        cast("forms.ModelChoiceField[MentorType]", self.fields["mentor_type"]).queryset = (
            MentorType.objects.order_by("name"))
        labels = dict(DecisionKind.choices)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("Alle afgørelser"))] + [
            (k, labels[k]) for k in KIND_ORDER]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select-sm"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "card card-body bg-light mb-4 pt-2 pb-0"
        self.helper.attrs = {"aria-label": _("Periode og filtre")}
        self.helper.label_class = "small mb-0"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Row(
            *(Column(name, css_class="col-6 col-md-4 col-lg") for name in self.fields),
            Column(Div(StrictButton(_("Vis"), type="submit",
                                    css_class="btn-primary btn-sm w-100"), css_class="mb-3"),
                   css_class="col-12 col-lg-auto"),
            css_class="gx-2 align-items-end"))

    def rendered(self, today: datetime.date) -> SafeString:
        """The form as crispy renders it, cached (``cached_filter_form``): its choices are the
        user's teams, the providers, the mentor types and the years up to ``today``'s."""
        return cached_filter_form(
            self, user=self.user, vary=(today, sorted(self.data.items())),
            versions=(caching.TEAMS, caching.PROVIDERS, caching.CATALOGUE))

    def period(self) -> Period:
        data = self.cleaned_data
        return period_for(data["year"], data.get("part") or "")

    def report_filter(self) -> ReportFilter:
        data = self.cleaned_data
        provider, mentor_type = data.get("provider"), data.get("mentor_type")
        return ReportFilter(
            period=self.period(), team_ids=team_scope(self.user, data.get("team")),
            provider_id=provider.pk if provider else None,
            mentor_type_id=mentor_type.pk if mentor_type else None,
            kind=data.get("kind") or None)

    def query_string(self) -> str:
        """The filters as a query string, for export links."""
        from urllib.parse import urlencode

        data = self.cleaned_data
        values = {"year": data["year"], "part": data.get("part") or "",
                  "team": data["team"].pk if data.get("team") else "",
                  "provider": data["provider"].pk if data.get("provider") else "",
                  "mentor_type": data["mentor_type"].pk if data.get("mentor_type") else "",
                  "kind": data.get("kind") or ""}
        return urlencode({k: v for k, v in values.items() if v != ""})


class CostLineForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note", "reason")

    course = forms.IntegerField(label=_("Forløbsnummer"), min_value=1,
                                help_text=_("Mentorforløbets nummer (#)."))
    provider = forms.ModelChoiceField(label=_("Leverandør"), queryset=Provider.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=CostKind.choices)
    period_start = forms.DateField(label=_("Periode fra"), widget=DateInput())
    period_end = forms.DateField(label=_("Periode til"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Timer"), required=False, min_value=Decimal("0"), max_digits=8,
        decimal_places=2, localize=True,
        help_text=_("Tom: de journalførte timer i perioden."))
    amount = forms.DecimalField(
        label=_("Beløb (kr.)"), required=False, min_value=Decimal("0"), max_digits=12,
        decimal_places=2, localize=True,
        help_text=_("Tom: timerne gange leverandørens timepris efter rammeaftalen (intern "
                    "mentortid: kommunens interne timepris)."))
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)
    reason = forms.CharField(label=_("Begrundelse for rettelsen"), max_length=100,
                             required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Provider]", self.fields["provider"]).queryset = (
            Provider.objects.select_related("municipality").order_by("municipality__name",
                                                                     "name"))
        if editing:
            self.fields["course"].disabled = True
            self.fields["hours"].required = True
            self.fields["amount"].required = True
            self.fields["reason"].required = True
            for name in ("course", "hours", "amount"):
                self.fields[name].help_text = ""
        else:
            del self.fields["reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form and its buttons
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("course", css_class="col-sm-4"), Column("provider", css_class="col-sm-8")),
            "kind",
            Row(Column("period_start", css_class="col-sm-6"),
                Column("period_end", css_class="col-sm-6")),
            Row(Column("hours", css_class="col-sm-6"), Column("amount", css_class="col-sm-6")),
            "note", *(["reason"] if editing else []))

    def clean_course(self) -> Any:
        from visitation.models import Course

        value = self.cleaned_data["course"]
        course = (Course.objects.select_related("team__municipality", "provider", "mentor_type")
                  .filter(pk=value).first())
        if course is None:
            raise forms.ValidationError(_("Der findes intet mentorforløb med dette nummer."))
        return course

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Periodens slutdato ligger før startdatoen."))
        return cleaned


class CostLineDeleteForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(label=_("Hvorfor slettes linjen?"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["class"] = "form-control-sm"
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form, its warning and button
        self.helper.disable_csrf = True
        self.helper.label_class = "small"


class CostLineGenerateForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Måned"), coerce=int)
    year = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from reporting.periods import MONTH_NAMES

        cast(forms.ChoiceField, self.fields["year"]).choices = year_choices(today)
        cast(forms.ChoiceField, self.fields["month"]).choices = [
            (m, str(MONTH_NAMES[m - 1]).capitalize()) for m in range(1, 13)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select-sm"
        self.helper = FormHelper()
        self.helper.form_action = reverse_lazy("costline_generate")
        self.helper.attrs = {"data-confirm": _(
            "Forudfyld udgiftslinjer for alle forløb med journalførte timer i den valgte "
            "måned? Forløb, der allerede har en linje for måneden, springes over.")}
        self.helper.label_class = "small mb-0"
        self.helper.layout = Layout(Row(
            Column("month", css_class="col-auto"), Column("year", css_class="col-auto"),
            Column(Div(StrictButton(_("Forudfyld"), type="submit",
                                    css_class="btn-sm btn-outline-secondary"),
                       css_class="mb-3"), css_class="col-auto"),
            css_class="gx-2 align-items-end justify-content-lg-end"))

    def period(self) -> Period:
        return period_for(self.cleaned_data["year"], f"m{self.cleaned_data['month']:02d}")


class SimulatorForm(forms.Form):
    """An alternative policy: hours per week per level, review interval per level, contact
    interval in right-and-duty courses. Pre-filled from the policy in force."""

    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects
                                          .order_by("name"), empty_label=None)
    contact_days = forms.IntegerField(
        label=_("Kontakt i ret og pligt-forløb mindst hver (dage)"), required=False,
        min_value=1, max_value=365,
        help_text=_("Tom: som forløbenes nuværende kontaktinterval."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = []
        for level in LEVELS:
            self.fields[f"level_{level}_min"] = forms.DecimalField(
                label=_("Timer pr. uge fra"), required=False, min_value=Decimal("0"),
                max_digits=4, decimal_places=1, localize=True)
            self.fields[f"level_{level}_max"] = forms.DecimalField(
                label=_("Timer pr. uge til"), required=False, min_value=Decimal("0"),
                max_digits=4, decimal_places=1, localize=True)
            self.fields[f"level_{level}_months"] = forms.IntegerField(
                label=_("Opfølgning hver (mdr.)"), min_value=1, max_value=12)
            levels.append(Fieldset(
                _("Niveau %(level)s") % {"level": level},
                Row(*(Column(f"level_{level}_{suffix}", css_class="col-4")
                      for suffix in ("min", "max", "months")), css_class="g-2"),
                css_class="simulator-level"))
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template holds the form and its buttons
        self.helper.form_method = "get"
        self.helper.layout = Layout(Row(
            Column("municipality", "contact_days", css_class="col-lg-4"),
            Column(*levels, css_class="col-lg-8")))

    @staticmethod
    def initial_from(version: PolicyVersion | None,
                     municipality: Municipality | None) -> dict[str, Any]:
        from mentor.services import DEFAULT_LEVELS

        initial: dict[str, Any] = {"municipality": municipality}
        if version is None:
            levels = DEFAULT_LEVELS
        else:
            initial["contact_days"] = version.right_and_duty_contact_days
            levels = {lvl.level: (lvl.min_hours_per_week, lvl.max_hours_per_week,
                                  lvl.review_interval_months)
                      for lvl in version.service_levels.all()}
        for level, (lo, hi, months) in levels.items():
            initial[f"level_{level}_min"] = lo
            initial[f"level_{level}_max"] = hi
            initial[f"level_{level}_months"] = months
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for level in LEVELS:
            lo, hi = cleaned.get(f"level_{level}_min"), cleaned.get(f"level_{level}_max")
            if lo is not None and hi is not None and hi < lo:
                self.add_error(f"level_{level}_max",
                               _("Øvre grænse skal være mindst den nedre grænse."))
        return cleaned

    def alternative(self) -> AlternativePolicy:
        data = self.cleaned_data
        return AlternativePolicy(
            levels={level: LevelRule(min_hours=data.get(f"level_{level}_min"),
                                     max_hours=data.get(f"level_{level}_max"),
                                     review_months=data[f"level_{level}_months"])
                    for level in LEVELS},
            contact_days=data.get("contact_days"))
