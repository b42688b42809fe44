"""Forms for complaints: register one, re-assess it, Ankestyrelsen's result, withdrawal."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.models_documents import Document
from mentor.widgets import DateInput
from visitation.models_complaints import APPEAL_RESULTS, ComplaintChannel, ComplaintStatus
from visitation.selectors_complaints import DecisionRef


class ComplaintForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("text",)

    decision = forms.ChoiceField(label=_("Afgørelsen, der klages over"))
    received_on = forms.DateField(label=_("Modtaget den"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Modtaget som"), choices=ComplaintChannel.choices)
    text = forms.CharField(
        label=_("Klagen"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvad borgeren klager over, med borgerens egne ord. Kom klagen som brev, "
                    "kan du i stedet vælge det scannede brev nedenfor."))
    letter = forms.ModelChoiceField(
        label=_("Scannet brev"), required=False, queryset=Document.objects.none(),
        help_text=_("Læg først brevet på borgerens sag under Dokumenter."))

    def __init__(self, *args: Any, decisions: list[DecisionRef],
                 documents: list[Document], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = {ref.key: ref for ref in decisions}
        cast(forms.ChoiceField, self.fields["decision"]).choices = [("", "---------")] + [
            (ref.key, ref.label) for ref in decisions]
        letter: Any = self.fields["letter"]
        letter.queryset = Document.objects.filter(pk__in=[d.pk for d in documents])
        letter.label_from_instance = lambda doc: f"{doc.title} ({doc.uploaded_at:%d.%m.%Y})"
        self.fields["received_on"].initial = timezone.localdate()
        self.helper = page_form_helper("decision", "received_on", "channel", "text", "letter")

    def decision_ref(self) -> DecisionRef:
        return self.decisions[self.cleaned_data["decision"]]


class ChangeForm(NoCprInFreeText, forms.Form):
    """The re-assessment changes the decision; the new decision is chosen."""

    free_text_fields = ("reason",)

    new_decision = forms.ChoiceField(
        label=_("Den nye afgørelse"),
        help_text=_("Den afgørelse, genvurderingen førte til (f.eks. en ny bevilling eller en "
                    "forlængelse). Træf den først, så den kan vælges her."))
    reason = forms.CharField(label=_("Begrundelse for genvurderingen"),
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, decisions: list[DecisionRef], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = {ref.key: ref for ref in decisions}
        cast(forms.ChoiceField, self.fields["new_decision"]).choices = [("", "---------")] + [
            (ref.key, ref.label) for ref in decisions]
        self.helper = page_form_helper("new_decision", "reason")

    def decision_ref(self) -> DecisionRef:
        return self.decisions[self.cleaned_data["new_decision"]]


class ForwardForm(NoCprInFreeText, forms.Form):
    """The re-assessment maintains the decision: forward to Ankestyrelsen."""

    free_text_fields = ("reason",)

    reason = forms.CharField(label=_("Begrundelse for at fastholde afgørelsen"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    forwarded_on = forms.DateField(label=_("Sendt til Ankestyrelsen den"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forwarded_on"].initial = timezone.localdate()
        self.helper = page_form_helper("reason", "forwarded_on")


class AppealResultForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("note",)

    result = forms.ChoiceField(label=_("Ankestyrelsens afgørelse"), choices=[
        (value, label) for value, label in ComplaintStatus.choices if value in APPEAL_RESULTS])
    decided_on = forms.DateField(label=_("Afgjort den"), widget=DateInput())
    note = forms.CharField(label=_("Bemærkning"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("result", "decided_on", "note")


class WithdrawForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(label=_("Hvordan har borgeren trukket klagen tilbage?"),
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("reason")
