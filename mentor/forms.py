"""Forms for citizens: registration, contact data, the facts the rules read, and parallel
support under the Social Services Act. Forms validate input; the services change state."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar, cast

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from mentor import cpr as cpr_lib
from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.models import Citizen, Language, SocialServiceSupport, Team
from mentor.services import CITIZEN_CONTACT_FIELDS, CITIZEN_FACT_FIELDS, CITIZEN_LETTER_FIELDS
from mentor.widgets import DateInput

FACT_HELP = {
    "benefit": _("Den ydelse, borgeren modtager i dag."),
    "activity_ready": _("Borgeren er visiteret aktivitetsparat."),
    "can_take_part_in_offers": _(
        "Fjern markeringen, hvis borgeren ikke kan deltage i vejledning og opkvalificering, "
        "virksomhedspraktik, nytteindsats eller løntilskud."),
    "single_parent_with_education_order": _("Enlig forsørger med uddannelsespålæg."),
    "education_start_date": _("Start på den ordinære uddannelse, borgeren er optaget på."),
    "previous_jobcentre_contact": _(
        "Fjern markeringen for en ung, der ikke tidligere har været i kontakt med jobcentret."),
    "has_vocational_education": _("Har en erhvervskompetencegivende uddannelse."),
    "psychiatric_discharge_date": _("Forventet udskrivningsdato ved indlæggelse."),
    "prison_release_date": _("Forventet løsladelsesdato for en indsat."),
    "in_integration_programme": _("Udlænding i et integrationsprogram."),
    "in_employment_activity": _(
        "Borgeren skal opnå eller fastholde en aktivitet, et tilbud, en uddannelse, "
        "et fleksjob eller et ordinært job."),
}

DATE_FACTS = ("education_start_date", "psychiatric_discharge_date", "prison_release_date")
# A typed fact date lies in a plausible range: the jobcentre's records start long after 2000,
# and no discharge, release or education start is planned more than ten years ahead. (The
# rules also refuse absurd dates, but a typo should be caught where it is typed.)
FACT_DATES_FROM = datetime.date(2000, 1, 1)
FACT_DATES_YEARS_AHEAD = 10


def _date_widgets(names: tuple[str, ...]) -> dict[str, forms.Widget]:
    return {name: DateInput() for name in names}


class CitizenFactsForm(forms.ModelForm[Citizen]):
    """The facts the rules read. Used on the citizen form and, prefilled from the citizen, on
    the referral form (so that the caseworker sees the decision change with a fact)."""

    class Meta:
        model = Citizen
        fields: tuple[str, ...] = CITIZEN_FACT_FIELDS
        widgets = _date_widgets(DATE_FACTS)
        help_texts = FACT_HELP

    def facts_layout(self) -> Fieldset:
        return Fieldset(
            _("Oplysninger, som reglerne bruger"),
            Row(Column("benefit", css_class="col-md-6"),
                Column("education_start_date", css_class="col-md-6")),
            Row(Column("psychiatric_discharge_date", css_class="col-md-6"),
                Column("prison_release_date", css_class="col-md-6")),
            Row(Column("activity_ready", "can_take_part_in_offers", "in_employment_activity",
                       css_class="col-md-6"),
                Column("single_parent_with_education_order", "previous_jobcentre_contact",
                       "has_vocational_education", "in_integration_programme",
                       css_class="col-md-6")),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(self.facts_layout())

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        today = timezone.localdate()
        latest = today.replace(year=today.year + FACT_DATES_YEARS_AHEAD,
                               day=28 if (today.month, today.day) == (2, 29) else today.day)
        for name in DATE_FACTS:
            value = cleaned.get(name)
            if value is not None and not FACT_DATES_FROM <= value <= latest:
                self.add_error(name, _("Datoen skal ligge mellem %(first)s og %(last)s.") % {
                    "first": FACT_DATES_FROM.strftime("%d.%m.%Y"),
                    "last": latest.strftime("%d.%m.%Y")})
        return cleaned

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CITIZEN_FACT_FIELDS}


CITIZEN_WIDGETS = {**_date_widgets(DATE_FACTS), "email_letters_consent_on": DateInput()}
CITIZEN_HELP = {
    **FACT_HELP,
    "preferred_language": _("Afgørelsesbreve skrives på dette sprog."),
    "digital_post_exempt": _("Borgeren er fritaget for Digital Post og får breve med posten."),
    "email_letters_consent_on": _(
        "Udfyld kun, hvis borgeren har givet samtykke til at få breve på e-mail. "
        "Tom: intet samtykke."),
}


class CitizenForm(CitizenFactsForm):
    """Edit a citizen: contact data, how letters reach them, and facts. The CPR number is
    fixed once registered."""

    class Meta(CitizenFactsForm.Meta):
        fields = CITIZEN_CONTACT_FIELDS + CITIZEN_LETTER_FIELDS + CITIZEN_FACT_FIELDS
        widgets = CITIZEN_WIDGETS
        help_texts = CITIZEN_HELP

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Danish unless chosen otherwise: a form posted without the field keeps the default.
        self.fields["preferred_language"].required = False
        self.helper.layout = Layout(self.contact_layout(), self.letters_layout(),
                                    self.facts_layout())

    def letters_layout(self) -> Fieldset:
        return Fieldset(
            _("Breve til borgeren"),
            Row(Column("preferred_language", css_class="col-md-6"),
                Column("email_letters_consent_on", css_class="col-md-6")),
            "digital_post_exempt",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("preferred_language"):
            cleaned["preferred_language"] = (self.instance.preferred_language
                                             if self.instance.pk else Language.DA)
        consent = cleaned.get("email_letters_consent_on")
        if consent is not None:
            if consent > timezone.localdate():
                self.add_error("email_letters_consent_on",
                               _("Samtykket kan ikke være givet i fremtiden."))
            elif not cleaned.get("email"):
                self.add_error("email_letters_consent_on",
                               _("Skriv borgerens e-mailadresse, før du registrerer samtykke "
                                 "til breve på e-mail."))
        return cleaned

    def letters(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CITIZEN_LETTER_FIELDS}

    def contact_layout(self) -> Fieldset:
        return Fieldset(
            _("Borger"),
            Row(Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6")),
            "address",
            Row(Column("phone", css_class="col-md-6"), Column("email", css_class="col-md-6")),
        )

    def contact(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CITIZEN_CONTACT_FIELDS}


class CitizenCreateForm(CitizenForm):
    """Register a citizen: the CPR number (validated, stored encrypted) and the team."""

    cpr = forms.CharField(
        label=_("CPR-nummer"), max_length=11,
        help_text=_("10 cifre, med eller uden bindestreg (DDMMÅÅ-XXXX)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(),
                                  empty_label=None)

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's foreign key makes it a ModelChoiceField.
        team_field = cast("forms.ModelChoiceField[Team]", self.fields["team"])
        team_field.queryset = teams
        self.only_team = teams.first() if teams.count() == 1 else None
        if self.only_team is not None:
            team_field.initial = self.only_team
            team_field.required = False
            team_field.widget = forms.HiddenInput()
        contact = self.contact_layout()
        contact.fields[:0] = [Row(Column("cpr", css_class="col-md-6"),
                                  Column("team", css_class="col-md-6"))]
        self.helper.layout = Layout(contact, self.letters_layout(), self.facts_layout())

    def clean_team(self) -> Team:
        team: Team | None = self.cleaned_data.get("team") or self.only_team
        if team is None:
            raise forms.ValidationError(_("Vælg borgerens team."))
        return team

    def clean_cpr(self) -> str:
        try:
            return cpr_lib.normalise(self.cleaned_data["cpr"])
        except cpr_lib.InvalidCpr as exc:
            raise forms.ValidationError(str(exc)) from exc


class SocialSupportForm(NoCprInFreeText, forms.ModelForm[SocialServiceSupport]):
    """Support under the Social Services Act (§ 85, § 52, § 99), recorded by the caseworker."""

    free_text_fields = ("note",)

    class Meta:
        model = SocialServiceSupport
        fields = ("kind", "start_date", "end_date", "provider", "note")
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "start_date": DateInput(), "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2})}
        labels: ClassVar[dict[str, StrOrPromise]] = {
            "kind": _("Støtte efter serviceloven"), "start_date": _("Start"), "end_date": _("Slut"),
            "provider": _("Udfører"), "note": _("Bemærkning")}
        help_texts: ClassVar[dict[str, StrOrPromise]] = {
            "end_date": _("Tom, hvis støtten fortsætter."),
            "provider": _("F.eks. socialforvaltningen eller en bostøtte.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(
            Row(Column("kind", css_class="col-md-6"), Column("provider", css_class="col-md-6")),
            Row(Column("start_date", css_class="col-md-6"),
                Column("end_date", css_class="col-md-6")),
            "note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: datetime.date | None = cleaned.get("start_date")
        end: datetime.date | None = cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatoen kan ikke ligge før startdatoen."))
        if start and start > timezone.localdate() + datetime.timedelta(days=366):
            self.add_error("start_date", _("Startdatoen ligger mere end et år ude i fremtiden."))
        return cleaned
