"""Numbers as the reader writes them: a decimal comma in Danish, a point in English."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.translation import get_language


def number(value: Decimal | float | int, places: int | None = None) -> str:
    """``value`` for the active language; ``places`` fixed decimals, or as few as needed."""
    if places is None:
        return formats.number_format(Decimal(f"{value:g}"), use_l10n=True)
    return formats.number_format(value, places, use_l10n=True)


def _localised(validator: MinValueValidator | MaxValueValidator,
               error: ValidationError, value: Any) -> ValidationError:
    return ValidationError(validator.message, code=validator.code,
                           params={"limit_value": number(validator.limit_value),
                                   "show_value": value, "value": value})


class LocalisedMinValueValidator(MinValueValidator):
    """Django's validator, with the limit in the message written for the reader's language
    ("0,5" in Danish, not "0.5")."""

    def __call__(self, value: Any) -> None:
        try:
            super().__call__(value)
        except ValidationError as error:
            raise _localised(self, error, value) from error


class LocalisedMaxValueValidator(MaxValueValidator):
    def __call__(self, value: Any) -> None:
        try:
            super().__call__(value)
        except ValidationError as error:
            raise _localised(self, error, value) from error


_GROUPED_WITH_POINTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def normalise_amount(text: str, language: str | None) -> str:
    """An amount as typed, with its digit grouping taken out: "1.234.567,89" (Danish) and
    "1,234,567.89" (English) become "1234567.89"-style text that Django's localised field
    reads. A lone point followed by groups of three digits is grouping in Danish ("812.345")
    and a decimal point in English."""
    value = text.strip().replace(" ", "").replace("\xa0", "")
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            return value.replace(".", "")
        return value.replace(",", "")
    if language == "da" and _GROUPED_WITH_POINTS.match(value):
        return value.replace(".", "")
    return value


class AmountField(forms.DecimalField):
    """A decimal field that also accepts the digit grouping people type in amounts."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = normalise_amount(value, get_language())
        return super().to_python(value)
