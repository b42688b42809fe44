"""``{% fast_form form %}`` and ``{{ form.field|fast_field }}``: crispy-forms' bootstrap5
markup written in Python (``visitation/forms_render.py``), for forms rendered on every
request."""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from visitation.forms_render import render_field, render_form

register = template.Library()


@register.simple_tag
def fast_form(form: forms.BaseForm) -> SafeString:
    """The form's helper layout, as ``{% crispy form %}`` renders it (no form tag, no CSRF)."""
    return render_form(form)


@register.filter
def fast_field(bound: BoundField) -> SafeString:
    """One field, as ``{{ field|as_crispy_field }}`` renders it."""
    return render_field(bound, inline_errors=False)
