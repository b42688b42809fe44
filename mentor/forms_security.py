"""Forms of the security pages: justified look-up, access-log search, erasure, two-factor."""

from __future__ import annotations

from typing import Any

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from mentor import cpr as cpr_lib
from mentor.form_helpers import page_form_helper
from mentor.free_text import NoCprInFreeText
from mentor.models import Team
from mentor.services_security import ERASE_REASON_MIN_LENGTH, LOOKUP_REASON_MIN_LENGTH
from mentor.services_two_factor import RESET_REASON_MAX_LENGTH, RESET_REASON_MIN_LENGTH


def _clean_cpr(value: str) -> str:
    try:
        return cpr_lib.normalise(value)
    except cpr_lib.InvalidCpr as exc:
        raise forms.ValidationError(
            _("Ugyldigt CPR-nummer: skriv 10 cifre (DDMMÅÅ-XXXX) med en gyldig fødselsdato."),
            code="invalid_cpr") from exc


class LookupForm(NoCprInFreeText, forms.Form):
    """A manager's justified look-up: the citizen (full CPR number, or name and team) and why."""

    free_text_fields = ("reason",)

    cpr = forms.CharField(label=_("CPR-nummer"), required=False, max_length=11,
                          widget=forms.TextInput(attrs={"autocomplete": "off",
                                                        "inputmode": "numeric"}),
                          help_text=_("Hele CPR-nummeret, eller navn og team nedenfor."))
    name = forms.CharField(label=_("Borgerens fulde navn"), required=False, max_length=201,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    team = forms.ModelChoiceField(label=_("Team"), required=False,
                                  queryset=Team.objects.order_by("name"))
    reason = forms.CharField(
        label=_("Begrundelse"), min_length=LOOKUP_REASON_MIN_LENGTH, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvorfor du har brug for at se sagen. Begrundelsen logges og kan ses af "
                    "borgeren ved en anmodning om indsigt."),
        error_messages={"min_length": _("Skriv en begrundelse på mindst %(limit_value)d tegn "
                                        "(du har skrevet %(show_value)d).")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(
            "cpr", Row(Column("name", css_class="col-md-7"), Column("team", css_class="col-md-5")),
            "reason")

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data["cpr"].strip()
        return _clean_cpr(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors.get("cpr"):
            return data
        if not data.get("cpr"):
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Skriv borgerens CPR-nummer eller fulde navn."))
            if not data.get("team") and "team" not in self.errors:
                self.add_error("team", _("Vælg borgerens team, når du søger på navn."))
        return data


class AccessLogSearchForm(forms.Form):
    q = forms.CharField(label=_("CPR-nummer eller navn"), max_length=201, required=False,
                        widget=forms.TextInput(attrs={
                            "autocomplete": "off", "type": "search",
                            "placeholder": _("CPR-nummer (DDMMÅÅ-XXXX) eller navn")}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()
        self.helper.label_class = "visually-hidden"

    def clean_q(self) -> str:
        value: str = self.cleaned_data["q"].strip()
        if value and cpr_lib.looks_like_cpr(value):
            return _clean_cpr(value)
        if value and len(value) < 2:
            raise forms.ValidationError(_("Skriv mindst 2 tegn af navnet."), code="short")
        return value


class EraseForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Begrundelse for sletningen"), min_length=ERASE_REASON_MIN_LENGTH,
        max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"min_length": _("Skriv en begrundelse på mindst %(limit_value)d tegn "
                                        "(du har skrevet %(show_value)d).")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()


class TokenForm(forms.Form):
    """A six-digit code from the user's authenticator app."""

    token = forms.CharField(
        label=_("Kode fra godkendelsesappen"), max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
        error_messages={"required": _("Skriv den 6-cifrede kode fra din godkendelsesapp.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()

    def clean_token(self) -> str:
        value = "".join(self.cleaned_data["token"].split())
        if not (value.isdigit() and len(value) == 6):
            raise forms.ValidationError(_("Koden består af 6 cifre."), code="format")
        return value


RECOVERY_CODE_LENGTH = 8  # django-otp's static tokens: 5 random bytes in base32


class SecondFactorForm(forms.Form):
    """The code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Kode fra godkendelsesappen eller en reservekode"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": _("Skriv den 6-cifrede kode fra din godkendelsesapp "
                                      "eller en af dine reservekoder.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()

    def clean_token(self) -> str:
        value = "".join(self.cleaned_data["token"].replace("-", " ").split()).lower()
        is_code = value.isdigit() and len(value) == 6
        is_recovery = len(value) == RECOVERY_CODE_LENGTH and value.isalnum()
        if not (is_code or is_recovery):
            raise forms.ValidationError(
                _("Skriv de 6 cifre fra godkendelsesappen, eller en reservekode på 8 tegn."),
                code="format")
        return value


class PasswordConfirmForm(forms.Form):
    """The user's password again, before a security setting changes. Checked through
    ``authenticate`` so that the sign-in throttle counts wrong tries."""

    password = forms.CharField(
        label=_("Din adgangskode"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "autofocus": True}),
        error_messages={"required": _("Skriv din adgangskode.")})

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.helper = page_form_helper()

    def clean_password(self) -> str:
        from django.contrib.auth import authenticate

        password: str = self.cleaned_data["password"]
        user = self.request.user
        signed_in = authenticate(self.request, username=user.get_username(), password=password)
        if signed_in is None or signed_in.pk != user.pk:
            raise forms.ValidationError(_("Adgangskoden er forkert."), code="wrong")
        return password


class TwoFactorResetForm(NoCprInFreeText, forms.Form):
    free_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Begrundelse"), min_length=RESET_REASON_MIN_LENGTH,
        max_length=RESET_REASON_MAX_LENGTH,
        help_text=_("F.eks. \"Mistet telefon, ringede til IT-support 7. december\". Gemmes i "
                    "brugerens historik."),
        error_messages={"min_length": _("Skriv en begrundelse på mindst %(limit_value)d tegn "
                                        "(du har skrevet %(show_value)d)."),
                        "required": _("Skriv en begrundelse.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper()
