"""Form widgets shared by every app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse


class DateInput(forms.DateInput):
    """An HTML5 date picker. Browsers need the ISO value whatever the UI language is."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class MentorPicker(forms.Widget):
    """A mentor field as a search box (``templates/widgets/mentor_picker.html``): a labelled
    text input that ``static/js/picker.js`` turns into a combobox fed by the mentor search
    (``mentor_search``), and a hidden input with the chosen mentor's id. Only the chosen
    mentor is read to render it, never the list; the field's queryset still decides what
    may be chosen.

    ``filters``: fixed query parameters of the search (``mentor_type``, ``min_hours``,
    ``exclude``); ``depends``: parameters read from other fields of the form as the user
    fills it in (``{"mentor_type": "id_mentor_type"}``).
    """

    template_name = "widgets/mentor_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *,
                 filters: dict[str, Any] | None = None,
                 depends: dict[str, str] | None = None) -> None:
        super().__init__(attrs)
        self.filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
        self.depends = depends or {}
        # Set by ModelChoiceField to its ModelChoiceIterator (its ``field`` reads the label).
        self.choices: Any = ()

    def format_value(self, value: Any) -> str:
        return "" if value in (None, "") else str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["label"] = self.selected_label(widget["value"])
        url = reverse("mentor_search")
        widget["search_url"] = f"{url}?{urlencode(self.filters)}" if self.filters else url
        widget["depends"] = ",".join(f"{param}={field_id}"
                                     for param, field_id in self.depends.items())
        return context

    def selected_label(self, value: str) -> str:
        """The chosen mentor's label, or ``""`` if none (or not one the field offers)."""
        field = getattr(self.choices, "field", None)
        if not value or field is None:
            return ""
        try:
            chosen = field.to_python(value)
        except ValidationError:
            return ""
        return str(field.label_from_instance(chosen)) if chosen is not None else ""
