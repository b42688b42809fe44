"""The crispy-forms helper every form of the application uses, and the cached rendering of
the filter forms that many views show unchanged."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, Final

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from mentor import caching

FILTER_FORM_TTL: Final = 10 * 60


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


def cached_filter_form(form: forms.Form, *, user: Any, vary: Iterable[object],
                       versions: Iterable[str]) -> SafeString:
    """A GET filter form (no CSRF token) as crispy renders it with its helper, from the cache
    while ``versions`` (those of every choice it offers) and the user's own row, roles and
    teams are unchanged; kept per user, language and ``vary`` (what the form was bound to,
    and anything else its choices depend on). Rendering a select through crispy costs about a
    millisecond a field: a fifth of the approval queue's, the mentor workspace's and the
    dashboard's time (benchmarks/README.md, docs/caching.md)."""
    raw = repr((type(form).__name__, get_language(), user.pk, *vary))
    key = f"filter-form:{hashlib.sha256(raw.encode()).hexdigest()}"
    html = caching.cached(key, lambda: str(render_crispy_form(form)),
                          versions=(*versions, caching.USERS, caching.user_version(user.pk)),
                          ttl=FILTER_FORM_TTL)
    return mark_safe(html)  # noqa: S308 (crispy's own output, escaped by Django's templates)
