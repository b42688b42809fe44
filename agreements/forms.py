"""Forms for agreements: the draft, a new version's reason, the citizen's acceptance."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import AcceptanceMethod, Agreement
from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.widgets import DateInput

MAX_GOALS = 8


class AgreementDraftForm(NoCprInFreeText, forms.Form):
    """The editable texts of a draft. The course's facts (citizen, decision, period, review
    dates) are not editable here: they come from the course."""

    free_text_fields: tuple[str, ...] = ("reason", "goal", "tasks", "follow_up", "notes")

    reason = forms.CharField(
        label=_("Årsag til den nye version"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Står i den nye version, så borgeren kan se, hvad der er ændret."))
    goal = forms.CharField(
        label=_("1. Målet med mentorstøtten"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    mentor_name = forms.CharField(label=_("Mentors navn"), max_length=200, required=False)
    mentor_phone = forms.CharField(label=_("Mentors telefon"), max_length=50, required=False)
    mentor_email = forms.EmailField(label=_("Mentors e-mail"), required=False)
    tasks = forms.CharField(
        label=_("3. Det hjælper mentor med"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Én opgave pr. linje."))
    follow_up = forms.CharField(
        label=_("Sådan følger vi op"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    hours_per_week = forms.DecimalField(
        label=_("5. Timer pr. uge"), required=False, min_value=Decimal("0.5"),
        max_value=Decimal("40"), max_digits=4, decimal_places=1, localize=True)
    complaint_guidance = forms.CharField(
        label=_("6. Klagevejledning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kommunens tekst fra serviceniveau-politikken."))
    notes = forms.CharField(label=_("Øvrige aftaler"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, needs_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
        for index in range(MAX_GOALS):
            self.fields[f"goal_{index}_description"] = forms.CharField(
                label=_("Progressionsmål %(n)s") % {"n": index + 1}, max_length=500,
                required=False)
            self.fields[f"goal_{index}_measure"] = forms.CharField(
                label=_("Sådan måles progressionen (mål %(n)s)") % {"n": index + 1},
                max_length=500, required=False)
        self.free_text_fields = (*self.free_text_fields, *(
            f"goal_{index}_{part}" for index in range(MAX_GOALS)
            for part in ("description", "measure")))
        # The page places the fields between the course's facts (|as_crispy_field).
        self.helper = page_form_helper()

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict[str, Any]:
        content = agreement.content
        mentor = content.get("mentor") or {}
        initial: dict[str, Any] = {
            "reason": agreement.reason,
            "goal": content.get("goal", ""),
            "mentor_name": mentor.get("name", ""),
            "mentor_phone": mentor.get("phone", ""),
            "mentor_email": mentor.get("email", ""),
            "tasks": "\n".join(content.get("tasks") or []),
            "follow_up": content.get("follow_up", ""),
            "hours_per_week": (Decimal(str(content["hours_per_week"]))
                               if content.get("hours_per_week") else None),
            "complaint_guidance": content.get("complaint_guidance", ""),
            "notes": content.get("notes", ""),
        }
        for index, goal in enumerate((content.get("progression_goals") or [])[:MAX_GOALS]):
            initial[f"goal_{index}_description"] = goal.get("description", "")
            initial[f"goal_{index}_measure"] = goal.get("measure", "")
        return initial

    def goal_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        """Rows shown: the filled ones and two empty ones for new goals."""
        rows = []
        empty_shown = 0
        for index in range(MAX_GOALS):
            description = self[f"goal_{index}_description"]
            measure = self[f"goal_{index}_measure"]
            # A row with an error is always shown, so that no error is hidden.
            filled = bool(description.value() or measure.value() or description.errors
                          or measure.errors)
            if not filled:
                if empty_shown >= 2:
                    continue
                empty_shown += 1
            rows.append((index + 1, description, measure))
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for index in range(MAX_GOALS):
            if data.get(f"goal_{index}_measure") and not data.get(f"goal_{index}_description"):
                self.add_error(f"goal_{index}_description",
                               _("Beskriv målet, eller slet også måden at måle det på."))
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned data in the shape ``agreement_draft_update`` takes."""
        data = self.cleaned_data
        changes: dict[str, Any] = {
            name: data[name] for name in ("goal", "mentor_name", "mentor_phone",
                                          "mentor_email", "follow_up", "complaint_guidance",
                                          "notes")}
        changes["hours_per_week"] = data["hours_per_week"]
        changes["tasks"] = data["tasks"].splitlines()
        changes["progression_goals"] = [
            {"description": data[f"goal_{i}_description"],
             "measure": data[f"goal_{i}_measure"]}
            for i in range(MAX_GOALS) if data.get(f"goal_{i}_description")]
        if "reason" in data:
            changes["reason"] = data["reason"]
        return changes


class NewVersionForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Årsag til den nye version"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("F.eks. ny mentor, ændret timetal, forlængelse eller ny klagevejledning."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()


class AcceptanceForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepteret den"), widget=DateInput())
    method = forms.ChoiceField(label=_("Sådan"), choices=AcceptanceMethod.choices,
                               widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"accepted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()

    def clean_accepted_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["accepted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke ligge i fremtiden."))
        return value


class BulkIssueForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Årsag til de nye versioner"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Kommunens klagevejledning er ændret."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()
