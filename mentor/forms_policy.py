"""The administrator's policy form: a new version of the municipality's service level."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from crispy_forms.layout import HTML, Column, Row
from django import forms
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mentor.form_helpers import page_form_helper
from mentor.models import PolicyVersion
from mentor.widgets import DateInput

LEVELS = (1, 2, 3)
PREVIEW_SALT = "mentor.forms_policy.preview"


class PolicyVersionForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    effective_from = forms.DateField(
        label=_("Gælder fra"), widget=DateInput(),
        help_text=_("En ny version kan tidligst gælde fra i dag; tidligere versioner ændres "
                    "aldrig."))
    right_and_duty_contact_days = forms.IntegerField(
        label=_("Kontakt i ret og pligt-forløb mindst hver (dage)"), required=False,
        min_value=1, max_value=365,
        help_text=_("Tom: lovens minimum på afgørelsesdatoen (14 dage fra 2016). Kommunen kan "
                    "kræve tættere kontakt end loven, men ikke sjældnere."))
    review_lead_days = forms.IntegerField(
        label=_("Opfølgning før periodens udløb (dage)"), min_value=0, max_value=90,
        initial=14)
    complaint_guidance = forms.CharField(label=_("Klagevejledning"), widget=forms.Textarea(
        attrs={"rows": 4}))
    complaint_guidance_en = forms.CharField(
        label=_("Klagevejledning på engelsk"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bruges i breve til borgere, der læser engelsk. Tom: en engelsk "
                    "standardtekst, der nævner Ankestyrelsen og fristen på 4 uger."))
    internal_hourly_rate = forms.DecimalField(
        label=_("Intern timepris (kr.)"), required=False, min_value=Decimal("0"),
        max_digits=8, decimal_places=2)
    retention_years = forms.IntegerField(label=_("Opbevaring (år efter sidste forløb)"),
                                         min_value=1, max_value=30, initial=5)
    complaint_forward_days = forms.IntegerField(
        label=_("Klager: genvurdering og videresendelse inden (dage)"), min_value=1,
        max_value=28, initial=28, required=False,
        help_text=_("Højst 28 dage: fastholdes afgørelsen, skal klagen være hos Ankestyrelsen "
                    "senest fire uger efter modtagelsen. Tom: 28 dage."))
    reason = forms.CharField(label=_("Begrundelse for ændringen"), widget=forms.Textarea(
        attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in LEVELS:
            self.fields[f"level_{level}_min"] = forms.DecimalField(
                label=_("Niveau %(level)s: timer pr. uge fra") % {"level": level},
                min_value=Decimal("0"), max_digits=4, decimal_places=1)
            self.fields[f"level_{level}_max"] = forms.DecimalField(
                label=_("Niveau %(level)s: timer pr. uge til") % {"level": level},
                required=False, min_value=Decimal("0"), max_digits=4, decimal_places=1,
                help_text=_("Tom: ingen øvre grænse."))
            self.fields[f"level_{level}_months"] = forms.IntegerField(
                label=_("Niveau %(level)s: opfølgning mindst hver (måneder)") % {"level": level},
                min_value=1, max_value=12)
        for level in LEVELS:
            for suffix in ("min", "max", "months"):
                widget = self.fields[f"level_{level}_{suffix}"].widget
                widget.attrs.update({"class": "form-control form-control-sm",
                                     "aria-label": str(self.fields[f"level_{level}_{suffix}"]
                                                       .label)})
        self.helper = page_form_helper(
            Row(Column("name", "effective_from", "right_and_duty_contact_days",
                       "review_lead_days", "internal_hourly_rate", "retention_years",
                       "complaint_forward_days", css_class="col-md-6"),
                # The levels as a table (label per column), their cells Django's widgets.
                Column(HTML('{% include "mentor/_policy_levels.html" %}'), css_class="col-md-6")),
            "complaint_guidance", "complaint_guidance_en", "reason")

    def level_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(level, [self[f"level_{level}_{suffix}"] for suffix in ("min", "max", "months")])
                for level in LEVELS]

    @classmethod
    def initial_from(cls, version: PolicyVersion | None) -> dict[str, Any]:
        today = timezone.localdate()
        if version is None:
            from mentor.services import DEFAULT_LEVELS, default_complaint_guidance

            initial: dict[str, Any] = {"name": "", "effective_from": today,
                                       "review_lead_days": 14, "retention_years": 5,
                                       "complaint_forward_days": 28,
                                       "complaint_guidance": default_complaint_guidance(today)}
            levels = DEFAULT_LEVELS
        else:
            initial = {"name": version.name, "effective_from": today,
                       "right_and_duty_contact_days": version.right_and_duty_contact_days,
                       "review_lead_days": version.review_lead_days,
                       "complaint_guidance": version.complaint_guidance,
                       "complaint_guidance_en": version.complaint_guidance_en,
                       "internal_hourly_rate": version.internal_hourly_rate,
                       "retention_years": version.retention_years,
                       "complaint_forward_days": version.complaint_forward_days}
            levels = {lvl.level: (lvl.min_hours_per_week, lvl.max_hours_per_week,
                                  lvl.review_interval_months)
                      for lvl in version.service_levels.all()}
        for level, (lo, hi, months) in levels.items():
            initial[f"level_{level}_min"] = lo
            initial[f"level_{level}_max"] = hi
            initial[f"level_{level}_months"] = months
        return initial

    def clean_effective_from(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["effective_from"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("En ny version kan tidligst gælde fra i dag."))
        return value

    def clean_complaint_forward_days(self) -> int:
        from visitation.models_complaints import LAW_FORWARD_DAYS

        value: int | None = self.cleaned_data.get("complaint_forward_days")
        return LAW_FORWARD_DAYS if value is None else value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for level in LEVELS:
            lo, hi = cleaned.get(f"level_{level}_min"), cleaned.get(f"level_{level}_max")
            if lo is not None and hi is not None and hi < lo:
                self.add_error(f"level_{level}_max",
                               _("Øvre grænse skal være mindst den nedre grænse."))
        return cleaned

    def levels(self) -> dict[int, tuple[Decimal, Decimal | None, int]]:
        data = self.cleaned_data
        return {level: (data[f"level_{level}_min"], data.get(f"level_{level}_max"),
                        data[f"level_{level}_months"]) for level in LEVELS}

    def policy_data(self) -> dict[str, Any]:
        """The candidate as the rules module reads a policy."""
        from mentor.services import policy_data

        data = self.cleaned_data
        return policy_data(name=data["name"], review_lead_days=data["review_lead_days"],
                           levels=self.levels(),
                           right_and_duty_contact_days=data["right_and_duty_contact_days"])

    def fingerprint(self) -> str:
        """A keyed hash of every submitted value: the preview carries it in a hidden field,
        and the version is saved only when the submitted values still give the same hash
        (so nothing is saved that its impact was not shown for)."""
        values = {name: "" if value is None else str(value)
                  for name, value in sorted(self.cleaned_data.items())}
        canonical = json.dumps(values, sort_keys=True, ensure_ascii=False)
        return salted_hmac(PREVIEW_SALT, canonical, algorithm="sha256").hexdigest()
