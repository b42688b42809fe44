"""Free text that staff write (journal notes, reasons, goals, comments) must not hold a CPR
number: it is shown, printed and exported far more widely than the number itself.

``NoCprInFreeText`` is the one form mixin for it. A form lists its ``free_text_fields``; text
in them that looks like a CPR number (``mentor.cpr.CPR_IN_TEXT``, the pattern the log filter
uses) is refused with a warning on the field, and a confirm checkbox appears with it: a case
number that merely looks like one can still be saved by ticking it. The form is bound, so
nothing typed is lost while the writer decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.cpr import could_hold_cpr

CONFIRM_FIELD = "cpr_text_confirmed"
WARNING = _("Teksten ser ud til at indeholde et CPR-nummer. Skriv ikke CPR-numre i fritekst; "
            "fjern det, eller bekræft nedenfor, at det ikke er et CPR-nummer.")


if TYPE_CHECKING:
    from django.forms import Form as _FormBase
else:
    _FormBase = object


class NoCprInFreeText(_FormBase):
    """Mixed in before ``forms.Form``/``forms.ModelForm``; see the module docstring."""

    free_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[CONFIRM_FIELD] = forms.BooleanField(
            required=False, widget=forms.HiddenInput(),
            label=_("Det er ikke et CPR-nummer (f.eks. et sagsnummer). Gem alligevel."))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        flagged = [name for name in self.free_text_fields
                   if could_hold_cpr(str(cleaned.get(name) or ""))]
        # Not data for the service: views hand ``cleaned_data`` on as keyword arguments.
        confirmed = cleaned.pop(CONFIRM_FIELD, False)
        if flagged:
            self._show_confirm()
            if not confirmed:
                for name in flagged:
                    self.add_error(name, WARNING)
        return cleaned

    def _show_confirm(self) -> None:
        self.fields[CONFIRM_FIELD].widget = forms.CheckboxInput()
        helper = getattr(self, "helper", None)
        layout = getattr(helper, "layout", None)
        if layout is not None and CONFIRM_FIELD not in {
                pointer.name for pointer in layout.get_field_names()}:
            layout.append(CONFIRM_FIELD)
