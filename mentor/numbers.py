"""Numbers as the reader writes them: a decimal comma in Danish, a point in English."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats


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
