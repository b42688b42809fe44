"""Forms for referrals, visitation and the course life cycle. Forms validate input; the
services in ``visitation/services/`` change state."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, cast

from crispy_forms.layout import Column, Field, Fieldset, Row
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor import numbers
from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.models import Mentor, MentorTask, MentorType, Municipality, Provider
from mentor.numbers import LocalisedMaxValueValidator, LocalisedMinValueValidator
from mentor.widgets import DateInput, MentorPicker
from visitation import rules
from visitation.models import EndReason, Outcome, Referral, VisitationGround
from visitation.services.referrals import PROPOSED_START_HORIZON, ReferralInput

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def level_choices(policy: rules.Policy) -> list[tuple[int, str]]:
    """Service levels labelled with the municipality's hours and review interval."""
    choices = []
    for number in (1, 2, 3):
        band = policy.level(number)
        low = numbers.number(band.min_hours_per_week)
        if band.max_hours_per_week is None:
            hours = _("over %(low)s timer pr. uge") % {"low": low}
        else:
            high = numbers.number(band.max_hours_per_week)
            hours = _("%(low)s–%(high)s timer pr. uge") % {"low": low, "high": high}
        every = _("opfølgning mindst hver %(n)s. måned") % {"n": band.review_interval_months} \
            if band.review_interval_months > 1 else _("opfølgning mindst hver måned")
        choices.append((number, f"{_('Niveau')} {number}: {hours}, {every}"))
    return choices


def _capacity_text(mentor: Mentor) -> str:
    left = getattr(mentor, "capacity_left", None)
    if left is None:
        return ""
    return str(_("%(h)s timer ledigt pr. uge") % {"h": numbers.number(Decimal(left), 1)})


def mentor_label(mentor: Mentor) -> str:
    """A mentor with their provider and, when the query read it, the capacity left."""
    hours = _capacity_text(mentor)
    return f"{mentor.name} ({mentor.provider.name})" + (f" · {hours}" if hours else "")


def mentor_detail(mentor: Mentor) -> str:
    """The provider and the capacity left, under the name in the picker's list."""
    hours = _capacity_text(mentor)
    return mentor.provider.name + (f" · {hours}" if hours else "")


class MentorChoiceField(forms.ModelChoiceField[Mentor]):
    """A mentor, chosen in the search box of ``MentorPicker`` (never a list of them all)."""

    widget = MentorPicker

    def label_from_instance(self, obj: Mentor) -> str:
        return mentor_label(obj)


class ProviderSelect(forms.Select):
    """The providers, those for whom LAB § 31 d applies (companies and education
    institutions) marked ``data-section-31d``: the page then asks for the justification."""

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None,
                      attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        provider = getattr(value, "instance", None)
        if isinstance(provider, Provider) and provider.is_section_31d:
            option["attrs"]["data-section-31d"] = "1"
        return option


class ReferralForm(NoCprInFreeText, forms.ModelForm[Referral]):
    """The referral (indstilling). Submission-only requirements (grounds, goals, § 31 d) are
    checked in ``clean`` when ``submitting`` is true, so that a draft can be saved half done."""

    free_text_fields = ("grounds_text", "section_31d_justification")

    visitation_grounds = forms.MultipleChoiceField(
        label=_("Visitationsgrundlag"), choices=VisitationGround.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg alle, der passer, og uddyb nedenfor."))
    service_level = forms.TypedChoiceField(label=_("Serviceniveau"), coerce=int,
                                           choices=[(1, "1"), (2, "2"), (3, "3")])
    tasks = forms.ModelMultipleChoiceField(
        label=_("Mentoropgaver"), queryset=MentorTask.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Handlingsorienterede opgaver, mentor skal hjælpe med."))

    class Meta:
        model = Referral
        fields = ("visitation_grounds", "grounds_text", "mentor_type", "service_level",
                  "hours_per_week", "tasks", "proposed_start", "preferred_provider",
                  "preferred_mentor", "section_31d_justification")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "proposed_start": DateInput(), "preferred_provider": ProviderSelect(),
            "grounds_text": forms.Textarea(attrs={"rows": 3}),
            "section_31d_justification": forms.Textarea(attrs={"rows": 3})}
        labels: ClassVar[dict[str, StrPromise]] = {
            "grounds_text": _("Uddybning af visitationsgrundlaget"),
            "mentor_type": _("Foreslået mentortype"),
            "hours_per_week": _("Timer pr. uge"), "proposed_start": _("Foreslået start"),
            "preferred_provider": _("Ønsket leverandør"),
            "preferred_mentor": _("Ønsket mentor"),
            "section_31d_justification": _("Begrundelse efter LAB § 31 d")}
        help_texts: ClassVar[dict[str, StrPromise]] = {
            "mentor_type": _("Tom: reglernes forslag ud fra målgruppen."),
            "preferred_provider": _("Valgfri. Teamlederen vælger ved godkendelsen.")}

    def __init__(self, *args: Any, municipality: Municipality, policy: rules.Policy,
                 submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.policy = policy
        cast(forms.ChoiceField, self.fields["service_level"]).choices = level_choices(policy)
        type_field = cast("forms.ModelChoiceField[MentorType]", self.fields["mentor_type"])
        type_field.queryset = MentorType.objects.order_by("name")
        type_field.empty_label = _("Reglernes forslag")
        tasks_field = cast("forms.ModelMultipleChoiceField[MentorTask]", self.fields["tasks"])
        tasks_field.queryset = MentorTask.objects.order_by("name")
        provider_field = cast("forms.ModelChoiceField[Provider]",
                              self.fields["preferred_provider"])
        provider_field.queryset = Provider.objects.filter(
            municipality=municipality, active=True).order_by("name")
        # The picker searches among the mentors of the type and provider chosen above it.
        self.fields["preferred_mentor"] = MentorChoiceField(
            label=_("Ønsket mentor"), required=False,
            queryset=Mentor.objects.filter(active=True, provider__municipality=municipality)
            .select_related("provider"),
            widget=MentorPicker(depends={"mentor_type": self["mentor_type"].auto_id,
                                         "provider": self["preferred_provider"].auto_id}))
        self.fields["hours_per_week"].widget.attrs.update({"step": "0.5", "min": "0.5"})
        # The model's limits, checked here first so that the message writes them the reader's
        # way (0,5 in Danish).
        self.fields["hours_per_week"].validators += [
            LocalisedMinValueValidator(Decimal("0.5")), LocalisedMaxValueValidator(Decimal("40"))]
        self.helper = page_form_helper(
            Fieldset(_("Visitation"), "visitation_grounds", "grounds_text"),
            Fieldset(_("Støtten"),
                     # A level's label is long: the choice has the full width.
                     Row(Column("service_level", css_class="col-12")),
                     Row(Column("hours_per_week", css_class="col-md-3"),
                         Column("proposed_start", css_class="col-md-4"),
                         Column("mentor_type", css_class="col-md-5")),
                     "tasks"),
            Fieldset(_("Leverandør eller mentor"),
                     Row(Column("preferred_provider", css_class="col-md-6"),
                         Column(Field("preferred_mentor", wrapper_class="picker"),
                                css_class="col-md-6")),
                     "section_31d_justification"),
        )

    def clean_proposed_start(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["proposed_start"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Den foreslåede start kan ikke ligge før i dag."))
        if value > today + PROPOSED_START_HORIZON:
            raise forms.ValidationError(
                _("Den foreslåede start kan højst ligge et år ude i fremtiden."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        provider: Provider | None = cleaned.get("preferred_provider")
        mentor: Mentor | None = cleaned.get("preferred_mentor")
        if provider and mentor and mentor.provider_id != provider.pk:
            self.add_error("preferred_mentor",
                           _("Mentoren hører ikke til den valgte leverandør."))
        if self.submitting:
            if not cleaned.get("visitation_grounds"):
                self.add_error("visitation_grounds",
                               _("Vælg mindst ét visitationsgrundlag."))
            chosen = provider or (mentor.provider if mentor else None)
            if chosen is not None and chosen.is_section_31d and not cleaned.get(
                    "section_31d_justification", "").strip():
                self.add_error("section_31d_justification", _(
                    "Begrund, at støtten ligger ud over det, virksomheden eller "
                    "uddannelsesinstitutionen sædvanligvis varetager, og er afgørende for "
                    "aktiviteten (LAB § 31 d)."))
        return cleaned

    def to_input(self, goals: list[tuple[str, str]]) -> ReferralInput:
        data = self.cleaned_data
        return ReferralInput(
            proposed_start=data["proposed_start"],
            visitation_grounds=list(data["visitation_grounds"]),
            grounds_text=data["grounds_text"], mentor_type=data["mentor_type"],
            service_level=data["service_level"], hours_per_week=data["hours_per_week"],
            tasks=list(data["tasks"]), preferred_provider=data["preferred_provider"],
            preferred_mentor=data["preferred_mentor"],
            section_31d_justification=data["section_31d_justification"], goals=goals)


class GoalForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("description", "measure")

    # A goal is often a sentence or two: room for more than one line.
    description = forms.CharField(label=_("Mål"), max_length=500, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("Sådan måles progressionen"), max_length=500,
                              required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        description = cleaned.get("description", "").strip()
        measure = cleaned.get("measure", "").strip()
        if description and not measure:
            self.add_error("measure", _("Angiv, hvordan progressionen mod målet måles."))
        if measure and not description:
            self.add_error("description", _("Skriv målet."))
        return cleaned


class BaseGoalFormSet(forms.BaseFormSet[GoalForm]):
    submitting = False

    def goals(self) -> list[tuple[str, str]]:
        return [(form.cleaned_data["description"].strip(), form.cleaned_data["measure"].strip())
                for form in self.forms
                if form.cleaned_data.get("description", "").strip()
                and not form.cleaned_data.get("DELETE")]

    def clean(self) -> None:
        if any(self.errors):
            return
        if self.submitting and not self.goals():
            raise forms.ValidationError(
                _("Angiv mindst ét mål, og hvordan progressionen måles."))


GoalFormSet = forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=1, max_num=20,
                                    validate_max=True)


# --- Visitation -------------------------------------------------------------------------------
class ApproveForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note",)

    mentor = MentorChoiceField(
        label=_("Mentor"), queryset=Mentor.objects.none(), required=False,
        help_text=_("Søg på mentorens eller leverandørens navn. Tom: ingen navngiven mentor."))
    provider = forms.ModelChoiceField(
        label=_("Leverandør"), queryset=Provider.objects.none(), required=False,
        empty_label=_("Mentorens leverandør"),
        help_text=_("Kun hvis der ikke vælges en navngiven mentor."))
    note = forms.CharField(label=_("Bemærkning"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, mentors: QuerySet[Mentor], providers: QuerySet[Provider],
                 picker_filters: dict[str, Any], **kwargs: Any) -> None:
        """``mentors`` may be chosen; ``picker_filters`` make the search offer the same."""
        super().__init__(*args, **kwargs)
        mentor_field = cast("forms.ModelChoiceField[Mentor]", self.fields["mentor"])
        mentor_field.widget = MentorPicker(filters=picker_filters)
        mentor_field.widget.is_required = mentor_field.required
        mentor_field.queryset = mentors
        provider_field = cast("forms.ModelChoiceField[Provider]", self.fields["provider"])
        provider_field.queryset = providers
        self.helper = page_form_helper(Field("mentor", wrapper_class="picker"), "provider", "note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("mentor") and not cleaned.get("provider"):
            raise forms.ValidationError(_("Vælg en mentor eller en leverandør."))
        return cleaned


class RejectForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(label=_("Begrundelse for afvisningen"),
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Skriv en begrundelse.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("reason")


class ReturnForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("comment",)

    comment = forms.CharField(label=_("Hvad skal sagsbehandleren ændre?"),
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Skriv en kommentar.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("comment")


# --- Course life cycle ------------------------------------------------------------------------
class CourseExtendForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(label=_("Begrundelse (den konkrete vurdering)"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    service_level = forms.TypedChoiceField(label=_("Serviceniveau"), coerce=int,
                                           choices=[(1, "1"), (2, "2"), (3, "3")])
    hours_per_week = forms.DecimalField(label=_("Timer pr. uge"), min_value=Decimal("0.5"),
                                        max_value=Decimal("40"), max_digits=4,
                                        decimal_places=1)

    def __init__(self, *args: Any, policy: rules.Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service_level"]).choices = level_choices(policy)
        self.fields["hours_per_week"].widget.attrs.update({"step": "0.5"})
        self.helper = page_form_helper(Row(Column("service_level", css_class="col-md-8"),
                                  Column("hours_per_week", css_class="col-md-4")), "reason")


class CourseLevelForm(NoCprInFreeText, forms.Form):
    """A new service level and number of hours within the current period."""

    free_text_fields = ("reason",)

    service_level = forms.TypedChoiceField(label=_("Nyt serviceniveau"), coerce=int,
                                           choices=[(1, "1"), (2, "2"), (3, "3")])
    hours_per_week = forms.DecimalField(label=_("Timer pr. uge"), min_value=Decimal("0.5"),
                                        max_value=Decimal("40"), max_digits=4,
                                        decimal_places=1)
    reason = forms.CharField(label=_("Begrundelse (den konkrete vurdering)"),
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Står i brevet til borgeren."))

    def __init__(self, *args: Any, policy: rules.Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service_level"]).choices = level_choices(policy)
        self.fields["hours_per_week"].widget.attrs.update({"step": "0.5"})
        self.helper = page_form_helper(Row(Column("service_level", css_class="col-md-8"),
                                           Column("hours_per_week", css_class="col-md-4")),
                                       "reason")


class CourseEndForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note",)

    reason = forms.ChoiceField(label=_("Årsag"), choices=EndReason.choices)
    ended_on = forms.DateField(label=_("Afsluttet den"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Resultat"), required=False,
                                choices=[("", "—"), *Outcome.choices])
    note = forms.CharField(label=_("Bemærkning"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Skal udfyldes ved 'Anden årsag'."))

    def __init__(self, *args: Any, right_and_duty: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if right_and_duty:
            from visitation.models import RIGHT_AND_DUTY_END_REASONS

            cast(forms.ChoiceField, self.fields["reason"]).choices = [
                (value, label) for value, label in EndReason.choices
                if value in RIGHT_AND_DUTY_END_REASONS]
        self.helper = page_form_helper(Row(Column("reason", css_class="col-md-6"),
                                  Column("ended_on", css_class="col-md-3"),
                                  Column("outcome", css_class="col-md-3")), "note")


class CourseReassignForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    mentor = MentorChoiceField(label=_("Ny mentor"), queryset=Mentor.objects.none())
    reason = forms.CharField(label=_("Begrundelse for mentorskiftet"),
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, mentors: QuerySet[Mentor], picker_filters: dict[str, Any],
                 **kwargs: Any) -> None:
        """``mentors`` may be chosen; ``picker_filters`` make the search offer the same."""
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Mentor]", self.fields["mentor"])
        field.widget = MentorPicker(filters=picker_filters)
        field.widget.is_required = field.required
        field.queryset = mentors
        self.helper = page_form_helper(Field("mentor", wrapper_class="picker"), "reason")
