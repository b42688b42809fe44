"""The crispy-forms helper every form of the application uses."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


def page_form_helper(*layout: Any) -> FormHelper:
    """A helper for a form inside a page's own ``<form>`` element, which holds the CSRF token
    and the buttons: ``{% crispy form %}`` renders the non-field errors and ``layout`` (all
    fields in their order when no layout is given)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper
