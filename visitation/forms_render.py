"""Bootstrap 5 form markup built in Python, for the large forms that are rendered on every
request (the referral form).

crispy-forms renders every field through several templates, and Django renders every widget
and every ``<option>`` through templates of its own: about 40 ms for the referral form at
the benchmark's size, most of the page's cost. This module writes the same markup as
crispy-forms' ``bootstrap5`` pack (``field.html``, ``layout/*.html``, ``errors.html``) with
Django's own attribute logic (``BoundField.build_widget_attrs``, ``Widget.get_context``), for
the layout objects and widgets these forms use: ``Layout``, ``Fieldset``, ``Row``,
``Column`` and field names; text, number, date, e-mail and hidden inputs, textareas,
selects (with option groups), checkboxes and multiple-checkbox lists. Anything else raises
``TypeError`` rather than render differently.

Escaping is the template engine's: labels, values and errors are escaped, help texts are
shown as they are (crispy-forms and Django mark them safe).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape as html_escape
from typing import Any

from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe


def _esc(value: Any) -> str:
    """``conditional_escape`` (safe strings as they are), without its lazy-argument wrapper,
    which costs more than the escaping for the hundreds of options of a select."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html_escape(str(value))


def flat_attrs(attrs: Mapping[str, Any]) -> str:
    """`` name="value"`` pairs as ``django/forms/widgets/attrs.html`` writes them: ``True``
    gives the bare name, ``False`` leaves the attribute out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{_esc(str(value))}"')
    return "".join(parts)


# --- Layout ---------------------------------------------------------------------------------
def render_form(form: forms.BaseForm) -> SafeString:
    """The form as ``{% crispy form %}`` renders it with ``form_tag`` and CSRF off: the
    non-field errors, then the helper's layout."""
    helper = getattr(form, "helper", None)
    layout = getattr(helper, "layout", None)
    if helper is None or getattr(helper, "form_tag", True) or layout is None:
        raise TypeError("render_form needs a helper with a layout and form_tag off")
    return mark_safe(non_field_errors(form) + _node(form, layout))


def non_field_errors(form: forms.BaseForm) -> str:
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = "".join(f"<li>{_esc(error)}</li>" for error in errors)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'


def _children(form: forms.BaseForm, items: Iterable[Any]) -> str:
    return "".join(_node(form, item) for item in items)


def _node_attrs(node: Any, css_class: str | None) -> str:
    attrs = ""
    if getattr(node, "css_id", None):
        attrs += f' id="{_esc(node.css_id)}"'
    if css_class is not None:
        attrs += f' class="{_esc(css_class)}"'
    extra = getattr(node, "attrs", None) or {}
    return attrs + flat_attrs(extra)


def _node(form: forms.BaseForm, node: Any) -> str:
    if isinstance(node, str):
        return render_field(form[node])
    if type(node) is Layout:
        return _children(form, node.fields)
    if type(node) is Fieldset:
        legend = f"<legend>{_esc(node.legend)}</legend>" if node.legend else ""
        return (f"<fieldset{_node_attrs(node, node.css_class or None)}>{legend}"
                f"{_children(form, node.fields)}</fieldset>")
    if type(node) is Row:
        return (f'<div{_node_attrs(node, "row " + (node.css_class or ""))}>'
                f"{_children(form, node.fields)}</div>")
    if type(node) is Column:
        css = node.css_class or ""
        return (f'<div{_node_attrs(node, css if "col" in css else "col-md " + css)}>'
                f"{_children(form, node.fields)}</div>")
    raise TypeError(f"render_form cannot render {type(node).__name__}")


# --- Fields ---------------------------------------------------------------------------------
def _is_checkbox(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.CheckboxInput)


def _is_choice_list(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.RadioSelect)  # CheckboxSelectMultiple is one too


def _widget_class(widget: forms.Widget, extra: str) -> str:
    """The widget's class as crispy-forms sets it: its own class, the widget's name in lower
    case, then the pack's classes."""
    name = type(widget).__name__.lower()
    css = widget.attrs.get("class", "")
    if css:
        if name not in css:
            css += " " + name
    else:
        css = name
    for part in extra.split():
        if part not in css.split():
            css += " " + part
    return css


def render_field(bound: BoundField, *, inline_errors: bool = True) -> SafeString:
    """One field as crispy-forms' ``bootstrap5/field.html`` renders it: in a layout (errors
    inline), or alone as ``|as_crispy_field`` does (``inline_errors=False``)."""
    errors = _errors_inline if inline_errors else _errors_block
    widget = bound.field.widget
    if widget.is_hidden:
        return mark_safe(_widget_html(bound))
    invalid = " is-invalid" if bound.errors else ""
    required = bound.field.required
    star = '<span class="asteriskField">*</span>' if required else ""
    label = _esc(bound.label)
    if _is_checkbox(widget):
        widget.attrs["class"] = _widget_class(widget, "form-check-input" + invalid)
        return mark_safe(
            f'<div class="mb-3"><div id="div_{bound.auto_id}" class="form-check'
            f'{_css_classes(bound)}">{_widget_html(bound)}'
            f'<label for="{bound.id_for_label}" class="form-check-label'
            f'{" requiredField" if required else ""}">{label}{star}</label>'
            f"{errors(bound)}{_help_text(bound)}</div></div>")
    html = [f'<div id="div_{bound.auto_id}" class="mb-3{_css_classes(bound)}">']
    fieldset = bound.use_fieldset and bool(bound.label)
    if bound.label:
        if fieldset:
            described = bound.aria_describedby
            html.append("<fieldset" + (f' aria-describedby="{described}"' if described else "")
                        + ">")
            html.append(f'<legend class="form-label{" requiredField" if required else ""} '
                        f'fs-6">{label}{star}</legend>')
        else:
            label_for = f'for="{bound.id_for_label}" ' if bound.id_for_label else ""
            html.append(f'<label {label_for}class="form-label'
                        f'{" requiredField" if required else ""}">{label}{star}</label>')
    if _is_choice_list(widget):
        html.append(_choice_list(bound))
    else:
        pack = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, (forms.FileInput, forms.PasswordInput, forms.MultiWidget)):
            raise TypeError(f"render_field cannot render {type(widget).__name__}")
        widget.attrs["class"] = _widget_class(widget, pack + invalid)
        html.append(_widget_html(bound) + errors(bound) + _help_text(bound))
    if fieldset:
        html.append("</fieldset>")
    html.append("</div>")
    return mark_safe("".join(html))


def _css_classes(bound: BoundField) -> str:
    css = bound.css_classes()
    return f" {css}" if css else ""


def _errors(bound: BoundField, tag: str) -> str:
    """``layout/field_errors.html`` (``span``) and ``layout/field_errors_block.html`` (``p``)."""
    if not bound.errors:
        return ""
    field_id = getattr(bound.errors, "field_id", None) or bound.auto_id
    items = "".join(f'<{tag} id="error_{n}_{bound.auto_id}"><strong>{_esc(error)}</strong></{tag}>'
                    for n, error in enumerate(bound.errors, start=1))
    return f'<div id="{field_id}_error" class="invalid-feedback">{items}</div>'


def _errors_inline(bound: BoundField) -> str:
    return _errors(bound, "span")


def _errors_block(bound: BoundField) -> str:
    return _errors(bound, "p")


def _help_text(bound: BoundField) -> str:
    if not bound.help_text:
        return ""
    ident = f'id="{bound.auto_id}_helptext" ' if bound.auto_id else ""
    return f'<div {ident}class="form-text">{bound.help_text}</div>'


def _choice_list(bound: BoundField) -> str:
    """``layout/radio_checkbox_select.html`` (not inline)."""
    widget = bound.field.widget
    ident = widget.attrs.get("id") or bound.auto_id
    attrs = bound.build_widget_attrs({"id": ident} if ident else {})
    groups = widget.optgroups(bound.html_name, widget.format_value(bound.value()), attrs)
    invalid = " is-invalid" if bound.errors else ""
    html = ["<div>"]
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            html.append(f"<strong>{_esc(group)}</strong>")
        for number, option in enumerate(options, start=1):
            option_attrs = flat_attrs(option["attrs"])
            html.append(
                f'<div class="form-check"><input type="{option["type"]}" '
                f'class="form-check-input{invalid}" name="{_esc(bound.html_name)}" '
                f'value="{_esc(str(option["value"]))}"{option_attrs}>'
                f'<label for="{_esc(option["attrs"].get("id", ""))}" class="form-check-label">'
                f'{_esc(str(option["label"]))}</label>')
            if number == len(options) and group_number == len(groups):
                html.append(_errors_block(bound))
            html.append("</div>")
    html.append("</div>")
    html.append(_help_text(bound))
    return "".join(html)


def _widget_html(bound: BoundField) -> str:
    """What ``BoundField.as_widget`` renders, with the widget's template written out."""
    widget = bound.field.widget
    if bound.field.localize:
        widget.is_localized = True
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if isinstance(widget, forms.Select):
        return _select_html(bound, widget, attrs)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name = _esc(context["name"])
    if isinstance(widget, forms.Textarea):
        value = _esc(context["value"]) if context["value"] else ""
        return f'<textarea name="{name}"{flat_attrs(context["attrs"])}>\n{value}</textarea>'
    if isinstance(widget, Input) and not isinstance(widget, forms.FileInput):
        value = "" if context["value"] is None else f' value="{_esc(str(context["value"]))}"'
        return f'<input type="{context["type"]}" name="{name}"{value}' \
            f'{flat_attrs(context["attrs"])}>'
    raise TypeError(f"render_field cannot render {type(widget).__name__}")


def _select_html(bound: BoundField, widget: forms.Select, attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/select.html`` with its options, selected as
    ``ChoiceWidget.optgroups`` selects them (a single select marks the first match only),
    without building a context dictionary per option (a select may have hundreds)."""
    attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    values = set(widget.format_value(bound.value()))
    multiple = widget.allow_multiple_selected
    has_selected = False
    html = [f'<select name="{_esc(bound.html_name)}"{flat_attrs(attrs)}>']
    for option_value, option_label in widget.choices:
        if isinstance(option_label, (list, tuple)):
            html.append(f'<optgroup label="{_esc(option_value)}">')
            choices: Iterable[Any] = option_label
        else:
            choices = (("" if option_value is None else option_value, option_label),)
        for value, label in choices:
            text = str(value)
            selected = (multiple or not has_selected) and text in values
            has_selected |= selected
            html.append(f'<option value="{_esc(text)}"{" selected" if selected else ""}>'
                        f"{_esc(label)}</option>")
        if isinstance(option_label, (list, tuple)):
            html.append("</optgroup>")
    html.append("</select>")
    return "".join(html)
