"""Forms for documents on the case and the citizen's own data (GDPR art. 15)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.services_export import EXPORT_REASON_MIN_LENGTH


class DocumentUploadForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("title",)

    title = forms.CharField(label=_("Titel"), max_length=200,
                            help_text=_("F.eks. »Klage modtaget pr. brev« eller »Lægeerklæring«."))
    file = forms.FileField(label=_("Fil"))
    course = forms.TypedChoiceField(label=_("Hører til mentorforløb"), required=False,
                                    coerce=int, empty_value=None)

    def __init__(self, *args: Any, courses: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _(
            "PDF, billeder (JPEG, PNG, TIFF) og kontordokumenter (Word, Excel, OpenDocument), "
            "højst %(mb)s MB. Filtypen læses af indholdet, og filen virusscannes.") % {
                "mb": megabytes}
        cast(forms.ChoiceField, self.fields["course"]).choices = [
            ("", _("Borgerens sag (intet bestemt forløb)")), *courses]
        self.helper = page_form_helper("title", "file", "course")


class ExportForm(NoCprInFreeText, forms.Form):
    # The reason goes into the access log: never a CPR number.
    free_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("F.eks. »Borgeren har anmodet om indsigt (artikel 15) den 1. december.« "
                    "Begrundelsen skrives i adgangsloggen."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper("reason")

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < EXPORT_REASON_MIN_LENGTH:
            raise forms.ValidationError(
                _("Skriv en begrundelse for udtrækket (mindst %(n)s tegn).")
                % {"n": EXPORT_REASON_MIN_LENGTH})
        return reason
