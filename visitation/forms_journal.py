"""Forms for journal work. Validation here is for the user's convenience; the services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from crispy_forms.layout import HTML
from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from visitation.models import Course, JournalEntry, Review, ReviewOutcome, Situation
from visitation.services.journal import EntryData, remote_reason_required
from visitation.services.reviews import PROGRESSION_SCALE, GoalProgression

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class JournalEntryForm(NoCprInFreeText, forms.ModelForm[JournalEntry]):
    free_text_fields = ("note", "phone_reason")

    class Meta:
        model = JournalEntry
        fields = ("contact_date", "form", "attempt", "duration_minutes", "phase", "note",
                  "phone_reason")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "contact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 1440, "step": 5}),
            "note": forms.Textarea(attrs={"rows": 8}),
            "phone_reason": forms.TextInput(),
        }
        labels: ClassVar[dict[str, StrPromise]] = {
            "phone_reason": _("Begrundelse, hvis kontakten ikke var personlig"),
            "attempt": _("Forsøg uden kontakt: borgeren blev ikke truffet")}
        help_texts: ClassVar[dict[str, StrPromise]] = {
            "attempt": _("Et forsøg tæller ikke som kontakt, men vises ved kontaktkravet. "
                         "Lad varigheden stå tom."),
            "note": _("Skriv, hvad der skete, og hvad I aftalte. Skriv ikke CPR-numre."),
        }

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["phone_reason"].required = False
        if course.in_person_contact_required:
            self.fields["phone_reason"].help_text = _(
                "Kontakten i dette ret og pligt-forløb skal være personlig. Ved kontakt på "
                "telefon, video eller andet skal de særlige omstændigheder angives.")
        else:
            self.fields["phone_reason"].widget = forms.HiddenInput()
        self.helper = page_form_helper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        form = data.get("form")
        if data.get("attempt"):
            data["duration_minutes"] = None
        elif data.get("duration_minutes") is None and "duration_minutes" not in self.errors:
            self.add_error("duration_minutes", _("Angiv kontaktens varighed."))
        if data.get("attempt"):
            return data
        if form and remote_reason_required(self.course, form) and not (
                data.get("phone_reason") or "").strip():
            self.add_error("phone_reason", _(
                "Angiv de særlige omstændigheder, der begrunder kontakt på anden måde end "
                "ved et personligt møde."))
        return data

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(contact_date=data["contact_date"], form=data["form"],
                         duration_minutes=data["duration_minutes"], phase=data["phase"],
                         note=data["note"], phone_reason=data.get("phone_reason") or "",
                         attempt=bool(data.get("attempt")))


READINESS_CHOICES = [("", _("Ikke vurderet")), ("yes", _("Ja")), ("no", _("Nej"))]


class ReviewForm(NoCprInFreeText, forms.Form):
    """Progression per goal (a scale and text), effect, readiness, outcome."""

    free_text_fields: tuple[str, ...] = ("effect",)

    effect = forms.CharField(label=_("Effekt af mentorstøtten"),
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Hvad har støtten betydet for borgeren indtil nu?"))
    ready_for_active_offer = forms.ChoiceField(
        label=_("Klar til et aktivt tilbud (vurderet sammen med sagsbehandleren)"),
        choices=READINESS_CHOICES, required=False, widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("Resultat"), choices=ReviewOutcome.choices,
                                widget=forms.RadioSelect)

    def __init__(self, *args: Any, review: Review, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = list(review.course.referral.goals.all())
        self.goal_rows: list[tuple[str, str, str, str]] = []
        items: list[tuple[int | None, str, str]] = (
            [(goal.pk, goal.description, goal.measure) for goal in self.goals]
            or [(None, str(_("Samlet progression")), "")])
        for goal_id, description, measure in items:
            key = f"goal_{goal_id or 'overall'}"
            self.fields[f"{key}_scale"] = forms.TypedChoiceField(
                label=_("Progression"), choices=PROGRESSION_SCALE, coerce=int,
                widget=forms.RadioSelect)
            self.fields[f"{key}_text"] = forms.CharField(
                label=_("Uddybning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.goal_rows.append((key, description, measure, str(goal_id or "")))
        self.free_text_fields = (*self.free_text_fields,
                                 *(f"{key}_text" for key, *_rest in self.goal_rows))
        # The goal fields first, then effect, readiness and outcome.
        self.order_fields([name for key, *_rest in self.goal_rows
                           for name in (f"{key}_scale", f"{key}_text")])
        # Each goal's text is shown through a template's variables, never as template code.
        goals = [HTML('{% include "visitation/_review_goal.html" with goal=form.goal_fields.'
                      + str(index) + " %}") for index in range(len(self.goal_rows))]
        self.helper = page_form_helper(
            HTML('<h2 class="h5">{% load i18n %}{% translate "Progression i forhold til målene" %}'
                 '</h2><p class="text-muted small">{% translate "Vurderingen laves sammen med '
                 'borgeren." %}</p>'),
            *goals,
            HTML('<h2 class="h5">{% load i18n %}{% translate "Effekt og videre forløb" %}</h2>'),
            "effect", "ready_for_active_offer", "outcome")

    def goal_fields(self) -> list[dict[str, Any]]:
        return [{"description": description, "measure": measure,
                 "scale": self[f"{key}_scale"], "text": self[f"{key}_text"]}
                for key, description, measure, _goal_id in self.goal_rows]

    def progression(self) -> list[GoalProgression]:
        return [GoalProgression(goal_id=int(goal_id) if goal_id else None,
                                scale=self.cleaned_data[f"{key}_scale"],
                                text=self.cleaned_data[f"{key}_text"])
                for key, _description, _measure, goal_id in self.goal_rows]

    def readiness(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("ready_for_active_offer")
                                              or "")


class SituationForm(forms.Form):
    """The citizen's situation some months after a course ended."""

    situation = forms.ChoiceField(label=_("Borgerens situation nu"), choices=Situation.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": _("Vælg borgerens situation.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()
