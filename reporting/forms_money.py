"""Forms of the money pages: the year and period pickers (GET), the limit's settings and
basis (administrators' persons and ØVO figures, one at a time or from a CSV file)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any, cast

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.numbers import AmountField
from reporting.forms import year_choices
from reporting.models import CostKind
from reporting.periods import MONTH_NAMES, Period, part_choices, period_for
from reporting.selectors_money import DEFAULT_NORM_THRESHOLD, limit_years
from reporting.services_money import IMPORT_OTHER, IMPORT_PERSONS, MAX_THRESHOLDS

MAX_IMPORT_BYTES = 200_000


def _small_selects(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-select-sm"


def _get_helper(form: forms.Form, label: str, names: list[str]) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "get"
    helper.form_class = "card card-body bg-light mb-4 pt-2 pb-0"
    helper.attrs = {"aria-label": label}
    helper.label_class = "small mb-0"
    helper.disable_csrf = True
    helper.layout = Layout(Row(
        *(Column(name, css_class="col-6 col-md-3") for name in names),
        Column(Div(StrictButton(_("Vis"), type="submit", css_class="btn-primary btn-sm w-100"),
                   css_class="mb-3"), css_class="col-12 col-md-auto"),
        css_class="gx-2 align-items-end"))
    return helper


class LimitYearForm(forms.Form):
    # Not required: the select always has a value, and an asterisk on it would only puzzle.
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)

    def __init__(self, data: Any, *, today: datetime.date) -> None:
        data = data.copy() if data is not None else {}
        years = limit_years(today)
        default = today.year if today.year in years else years[-1]
        data.setdefault("year", str(default))
        super().__init__(data)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = [(y, y) for y in years]
        self.default = default
        _small_selects(self)
        self.helper = _get_helper(self, str(_("Vælg år")), ["year"])

    def chosen_year(self) -> int:
        if not self.is_valid() or not self.cleaned_data.get("year"):
            return self.default
        return int(self.cleaned_data["year"])


class PeriodForm(forms.Form):
    """A year, or a quarter or month of it, read from the query string; on the hour-norm
    page also the distance from the norm that lists a course."""

    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False)
    part = forms.ChoiceField(label=_("Periode"), required=False)
    threshold = forms.IntegerField(label=_("Afvigelse fra normen (%)"), required=False,
                                   min_value=5, max_value=500)

    def __init__(self, data: Any, *, today: datetime.date, threshold: bool = False) -> None:
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(today.year))
        super().__init__(data)
        year = cast(forms.TypedChoiceField, self.fields["year"])
        year.choices = year_choices(today)
        year.empty_value = today.year  # type: ignore[assignment]
        cast(forms.ChoiceField, self.fields["part"]).choices = part_choices()
        if not threshold:
            del self.fields["threshold"]
        else:
            self.fields["threshold"].widget.attrs["placeholder"] = str(DEFAULT_NORM_THRESHOLD)
        _small_selects(self)
        if threshold:
            self.fields["threshold"].widget.attrs["class"] = "form-control-sm"
        self.helper = _get_helper(self, str(_("Periode")), list(self.fields))
        self.today = today

    def period(self) -> Period:
        if not self.is_valid():
            return period_for(self.today.year)
        return period_for(self.cleaned_data.get("year") or self.today.year,
                          self.cleaned_data.get("part") or "")

    def norm_threshold(self) -> int:
        if not self.is_valid():
            return DEFAULT_NORM_THRESHOLD
        return int(self.cleaned_data.get("threshold") or DEFAULT_NORM_THRESHOLD)


class SpendingSettingsForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    thresholds = forms.CharField(
        label=_("Varslingsgrænser (% af loftet)"), max_length=60,
        help_text=_("Adskilt med semikolon, f.eks. 80; 95; 100. Lederne får besked, første "
                    "gang forbruget eller prognosen når en grænse."))
    counted_kinds = forms.MultipleChoiceField(
        label=_("Udgiftstyper, der tæller med i loftet"), choices=CostKind.choices,
        widget=forms.CheckboxSelectMultiple)
    run_rate_months = forms.IntegerField(
        label=_("Tempoet for nye forløb bygger på de seneste (måneder)"), min_value=1,
        max_value=24)
    reason = forms.CharField(label=_("Begrundelse"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()

    def clean_thresholds(self) -> list[int]:
        text = self.cleaned_data["thresholds"]
        parts = [p for p in re.split(r"[;,\s]+", text.replace("%", "")) if p]
        if not parts or not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Skriv hele procenter adskilt med semikolon, f.eks. "
                                          "80; 95; 100."))
        values = sorted({int(p) for p in parts})
        if len(values) > MAX_THRESHOLDS or any(not 1 <= v <= 200 for v in values):
            raise forms.ValidationError(
                _("Angiv højst %(n)s grænser mellem 1 og 200 %%.") % {"n": MAX_THRESHOLDS})
        return values


class TargetPersonsForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("source",)

    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    full_time_persons = AmountField(
        label=_("Fuldtidspersoner i målgrupperne (LAB § 6, nr. 1-10)"), min_value=Decimal(0),
        max_digits=10, decimal_places=1, localize=True)
    source = forms.CharField(label=_("Kilde"), max_length=300, required=False,
                             help_text=_("F.eks. ministeriets opgørelse og dens dato."))

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, y) for y in limit_years(today)]
        self.helper = page_form_helper(
            Row(Column("year", css_class="col-sm-4"),
                Column("full_time_persons", css_class="col-sm-8")), "source")


class OtherSpendForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note",)

    year = forms.TypedChoiceField(label=_("År"), coerce=int)
    month = forms.TypedChoiceField(label=_("Måned"), coerce=int)
    amount = AmountField(label=_("Beløb (kr.)"), min_value=Decimal(0), max_digits=14,
                         decimal_places=2, localize=True)
    note = forms.CharField(label=_("Bemærkning"), max_length=300, required=False)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (y, y) for y in limit_years(today)]
        cast(forms.ChoiceField, self.fields["month"]).choices = [
            (m, str(MONTH_NAMES[m - 1]).capitalize()) for m in range(1, 13)]
        self.helper = page_form_helper(
            Row(Column("year", css_class="col-sm-4"), Column("month", css_class="col-sm-4"),
                Column("amount", css_class="col-sm-4")), "note")

    def month_date(self) -> datetime.date:
        return datetime.date(self.cleaned_data["year"], self.cleaned_data["month"], 1)


class SpendingImportForm(forms.Form):
    what = forms.ChoiceField(label=_("Hvad indeholder filen?"), choices=[
        (IMPORT_OTHER, _("Øvrig vejledning og opkvalificering pr. måned (måned;beløb)")),
        (IMPORT_PERSONS, _("Fuldtidspersoner pr. år (år;fuldtidspersoner;kilde)"))],
        widget=forms.RadioSelect)
    file = forms.FileField(label=_("CSV-fil"), help_text=_(
        "Semikolonsepareret som fra dansk Excel; beløb med decimalkomma. Måned skrives "
        "2026-01 eller 01-2026. En første linje med overskrifter springes over."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv,text/plain"
        self.helper = page_form_helper()

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Filen er for stor (højst 200 kB)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("Filen kan ikke læses som tekst."))
