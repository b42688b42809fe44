"""Forms for decision letters: the administrator's template editor, sending a failed letter
again, and the post room. Forms validate input; the services change state."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.letters import template_problems
from agreements.models_letters import LetterChannel
from mentor.form_helpers import page_form_helper
from mentor.models import Team


class LetterTemplateForm(forms.Form):
    """A new version of a template; an unknown placeholder is named in the field's error."""

    subject = forms.CharField(label=_("Overskrift"), max_length=200)
    body = forms.CharField(
        label=_("Brevtekst"), widget=forms.Textarea(attrs={"rows": 22}),
        help_text=_("Skriv pladsholdere i krøllede parenteser, fx {borger_navn}. Tom linje giver "
                    "nyt afsnit. "
                    "Afgørelsen, begrundelsen, lovgrundlaget og klagevejledningen tilføjes "
                    "automatisk efter teksten."))
    reason = forms.CharField(
        label=_("Årsag til ændringen"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kræves, når du gemmer en ny version."))
    case = forms.ChoiceField(label=_("Forhåndsvis med"), required=False)

    def __init__(self, *args: Any, kind: str, cases: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        case_field = cast("forms.ChoiceField", self.fields["case"])
        case_field.choices = [("", _("Eksempel med opdigtede oplysninger")), *cases]
        self.helper = page_form_helper("subject", "body", "reason")

    def _checked(self, name: str) -> str:
        value: str = self.cleaned_data.get(name, "")
        problems = template_problems(self.kind, value)
        if problems:
            raise forms.ValidationError(problems)
        return value

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")


class SendAgainForm(forms.Form):
    channel = forms.ChoiceField(label=_("Send igen som"), choices=LetterChannel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("channel")


class PrintBatchForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast("forms.ModelChoiceField[Team]", self.fields["team"])
        team_field.queryset = teams
