"""Machinery of the property-based form tests: the fields a page's forms post, a hypothesis
strategy for any input to them, and the checks every answer must pass."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.apps import apps
from django.db import connection
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import strategies as st

from tests.mentor.security_world import World

# Tables whose row counts must not move when a submit is refused. The access log is left out:
# a form page shown again logs the view, as it should.
FUZZ_APPS = ("mentor", "visitation", "agreements", "reporting")
# Rows written by design on a refused submit too: the access log, and a wrong password (the
# sign-in throttle counts it).
NOT_COUNTED = {"mentor.AccessLog", "mentor.SignInFailure"}


@dataclass(frozen=True)
class Target:
    """A form page (or JSON/fragment endpoint) under fuzzing.

    role:    who posts (a role of the security world that may use the page);
    args:    URL arguments from the world;
    source:  the page (URL name, args) whose context holds the forms; default the URL itself;
    form_keys: context keys of the forms to fill; default every form and formset in the context;
    success: the statuses of a submit that saved something; any other answer saves nothing;
    extra:   fixed fields posted with every example (e.g. a submit button's name);
    fields:  the form fields, when no page shows the form (a POST-only endpoint);
    method:  "GET" for a filter form read from the query string (nothing is ever saved).
    """

    role: str
    args: Callable[[World], list[Any]] | None = None
    source: tuple[str, Callable[[World], list[Any]] | None] | None = None
    form_keys: tuple[str, ...] = ()
    success: frozenset[int] = frozenset({302})
    extra: dict[str, Any] = field(default_factory=dict)
    fields: Callable[[World], dict[str, forms.Field]] | None = None
    method: str = "POST"


def _forms_in(context: Any, keys: tuple[str, ...]) -> list[Any]:
    found = []
    flat: dict[str, Any] = {}
    # One context or a list of them (one per template rendered).
    layers = [context] if hasattr(context, "flatten") else list(context)
    for layer in reversed(layers):  # the outermost template's context wins
        flat.update(layer.flatten() if hasattr(layer, "flatten") else layer)
    seen: set[int] = set()
    for key, value in flat.items():
        if (keys and key not in keys) or id(value) in seen:
            continue
        if isinstance(value, forms.BaseForm | BaseFormSet):
            seen.add(id(value))
            found.append(value)
    return found


def posted_fields(client: Client, target: Target, world: World) -> dict[str, forms.Field]:
    """POST names and their form fields, read from the page's forms."""
    if target.fields is not None:
        return target.fields(world)
    name, args = target.source or (None, None)
    if name is None:
        raise ValueError("a target needs a source page or fields")
    response = client.get(reverse(name, args=args(world) if args else []))
    assert response.status_code == 200, f"{name}: {response.status_code}"
    assert response.context is not None
    result: dict[str, forms.Field] = {}
    for form in _forms_in(response.context, target.form_keys):
        members = [form] if isinstance(form, forms.BaseForm) else [
            form.management_form, *form.forms, form.empty_form]
        for member in members:
            for field_name, form_field in member.fields.items():
                result[member.add_prefix(field_name)] = form_field
    assert result, f"{name}: no form fields found in the page's context"
    return result


def _choice_values(form_field: forms.ChoiceField) -> list[str]:
    values = []
    # A ChoiceField normalises its choices to (value, label) pairs; the stubs type the setter's
    # wider input.
    for value, _label in cast("Iterable[tuple[object, object]]", form_field.choices):
        if isinstance(value, list | tuple):
            continue
        value = getattr(value, "value", value)
        values.append("" if value is None else str(value))
    return values or [""]


# Strings that have broken web applications before: NUL (PostgreSQL refuses it in text and
# JSON), markup, SQL, right-to-left override, astral characters, a CPR-shaped number.
NASTY = ["\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e", "💥",
         "0101901234", " ", "\r\n", "%s%s%n", "{{ 7*7 }}", "-0", "1" * 400]
junk = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
numbers = st.one_of(st.integers(-10**12, 10**12).map(str),
                    st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str),
                    st.sampled_from(["0", "-1", "1e308", "NaN", "inf", "1,5", "0.5", "99999"]))
days = st.one_of(st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str),
                 st.sampled_from(["2024-02-30", "31.12.2024", "2024-13-01", "0000-00-00",
                                  "2014-01-01", "2025-07-01"]))


def field_strategy(form_field: forms.Field) -> st.SearchStrategy[Any]:
    """Anything a browser, a script or an attacker could post for this field."""
    anything = st.one_of(junk, st.just(""), st.text(min_size=1, max_size=5000))
    if isinstance(form_field, forms.BooleanField | forms.NullBooleanField):
        specific: st.SearchStrategy[Any] = st.sampled_from(["on", "true", "false", "1", "0"])
    elif isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        specific = st.lists(st.one_of(st.sampled_from(_choice_values(form_field)), junk),
                            max_size=4)
    elif isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        specific = st.one_of(st.sampled_from(_choice_values(form_field)),
                             st.integers(-5, 10**10).map(str))
    elif isinstance(form_field, forms.DateField | forms.DateTimeField):
        specific = days
    elif isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        specific = numbers
    elif isinstance(form_field, forms.CharField):
        limit = (form_field.max_length or 300) + 5
        specific = st.text(max_size=limit)
    else:
        specific = junk
    return st.one_of(specific, specific, anything)


def data_strategy(fields: dict[str, forms.Field], extra: dict[str, Any]
                  ) -> st.SearchStrategy[dict[str, Any]]:
    """A POST body: each field present or missing, with any value."""
    return st.fixed_dictionaries(
        {k: st.just(v) for k, v in extra.items()},
        optional={name: field_strategy(f) for name, f in fields.items() if name not in extra})


def table_counts() -> dict[str, int]:
    """Row counts of every domain table (and its history), in one query."""
    tables = sorted({model._meta.db_table for app in FUZZ_APPS
                     for model in apps.get_app_config(app).get_models()
                     if f"{model._meta.app_label}.{model.__name__}" not in NOT_COUNTED})
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 (table names from Django, quoted)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return dict(zip(tables, row, strict=True))


def unshown_errors(response: Any) -> list[str]:
    """Field errors of the response's forms that the page does not show its user."""
    if response.context is None or not response.get("Content-Type", "").startswith("text/html"):
        return []
    body = response.content.decode()
    missing = []
    for form in _forms_in(response.context, ()):
        members = [form] if isinstance(form, forms.BaseForm) else [*form.forms]
        for member in members:
            if not member.is_bound:
                continue
            for name, errors in member.errors.items():
                hidden = name in member.fields and member.fields[name].widget.is_hidden
                if hidden:
                    continue  # only a tampered post gets this wrong; it is refused all the same
                for error in errors:
                    text = str(error).strip()
                    if not text:
                        missing.append(f"{member.add_prefix(name)}: an empty message")
                    elif text not in body and escape(text) not in body:
                        missing.append(f"{member.add_prefix(name)}: {text!r}")
    return missing
