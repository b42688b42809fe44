"""Jinja2 for the busiest pages' bodies, inside the one base layout.

Django's template engine resolves every variable, filter and translation through a chain of
Python objects per use; on a list page with a few dozen rows that is most of the page's cost.
Jinja2 compiles a template to Python code once, so the same markup renders several times
faster. The layout stays one Django template (``base.html``): a page written in Jinja2
(``templates/<app>/<page>.jinja``) defines the blocks ``title``, ``content`` and optionally
``scripts``, and :func:`render_page` renders those blocks and puts them into ``layout.html``,
which extends ``base.html`` like every other page.

Translations: ``_()`` and ``ngettext()`` are Django's (new-style: ``_("… %(n)s", n=x)``, with
the arguments escaped); ``manage.py makemessages`` extracts them from ``.jinja`` files
(``mentor/management/commands/makemessages.py``). Filters and globals mirror the Django tags
the pages used (``url``, ``pk_url``, ``static``, ``date``, ``dmy``, ``timesince``, ``number``).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import defaultfilters, engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, trans_real
from jinja2 import Environment, pass_context
from markupsafe import Markup

from mentor.templatetags.pk_urls import named_url, pk_url_for
from visitation.forms_render import render_field, render_form

ENGINE = "jinja2"
LAYOUT = "layout.html"
BLOCKS = ("title", "content", "scripts")


def url(name: str, *args: Any) -> str:
    """``{% url name arg %}``; a URL without arguments is reversed once per process."""
    if not args:
        found = named_url(name)
        if found is not None:
            return found
    return reverse(name, args=args or None)


def dmy(value: datetime.date | datetime.datetime | None) -> str:
    """A date as ``dd.mm.yyyy`` (the format every list shows), or ``""``. Datetimes are shown
    in the current time zone, as Django's ``date`` filter does."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and value.utcoffset() is not None:
        value = value.astimezone(timezone.get_current_timezone())
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def static_url(path: str) -> str:
    """``{% static path %}``, worked out once per path (and script prefix) in a process: the
    hashed names of the static files do not change while it runs."""
    return _static_url(path, get_script_prefix())


@functools.lru_cache(maxsize=512)
def _static_url(path: str, _prefix: str) -> str:
    return static(path)


def bound_translations() -> dict[str, Any]:
    """``gettext`` and ``ngettext`` for one rendering, bound to the active language's
    catalogue: the same translations as Django's functions (and Jinja2's new-style
    formatting and escaping), without looking the active language up again for every string
    (a list page translates a few hundred)."""
    catalogue = trans_real.catalog()

    @pass_context
    def gettext_(context: Any, message: str, **variables: Any) -> str:
        translated = catalogue.gettext(message) if message else ""
        if context.eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables  # type: ignore[no-any-return]

    @pass_context
    def ngettext_(context: Any, singular: str, plural: str, count: int,
                  **variables: Any) -> str:
        variables.setdefault("num", count)
        translated = catalogue.ngettext(singular, plural, count)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % variables  # type: ignore[no-any-return]

    return {"gettext": gettext_, "ngettext": ngettext_}


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter."""
    return str(defaultfilters.date(value, arg))


def timesince(value: Any, arg: Any = None) -> str:
    """Django's ``timesince`` filter."""
    return str(defaultfilters.timesince_filter(value, arg))


def number(value: Any) -> str:
    """A number as Django's templates show it (a decimal comma in Danish). Integers and plain
    decimals (the hours on the lists) take the separator directly; anything else goes through
    Django's ``localize``, which costs some twenty times more."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal) and value.is_finite():
        text = str(value)
        if "E" not in text:
            return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))
    return str(formats.localize(value))


def fast_field(bound: Any) -> str:
    """One form field as crispy-forms renders it (``visitation/forms_render.py``)."""
    return render_field(bound, inline_errors=False)


def environment(**options: Any) -> Environment:
    options.setdefault("extensions", [])
    options["extensions"] = [*options["extensions"], "jinja2.ext.i18n"]
    env = Environment(**options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(url=url, pk_url=pk_url_for, static=static_url)
    env.globals.update(fast_form=render_form)
    env.filters.update(dmy=dmy, date=date, timesince=timesince, number=number,
                       fast_field=fast_field, linebreaksbr=defaultfilters.linebreaksbr)
    return env


def _environment() -> Environment:
    env: Environment = engines[ENGINE].env  # type: ignore[attr-defined]
    return env


def _values(request: HttpRequest | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """What every Jinja2 rendering has besides its context: the request, the CSRF token (with
    a request) and the translations of the active language."""
    values = {**context, "request": request, **bound_translations()}
    if request is not None:
        values.update(csrf_input=csrf_input_lazy(request), csrf_token=csrf_token_lazy(request))
    return values


def render_blocks(request: HttpRequest, template_name: str,
                  context: Mapping[str, Any]) -> dict[str, str]:
    """The page's blocks, rendered with ``context`` plus ``request`` and the CSRF token."""
    template = _environment().get_template(template_name)
    values = _values(request, context)
    rendered: dict[str, str] = {}
    for name in BLOCKS:
        block = template.blocks.get(name)
        if block is not None:
            rendered[name] = "".join(block(template.new_context(values)))
    return rendered


def render_partial(request: HttpRequest | None, template_name: str,
                   context: Mapping[str, Any]) -> str:
    """A Jinja2 template that is a piece of a page (no blocks), rendered whole. Without a
    request there is no CSRF token (a piece that needs one must be given a request)."""
    return _environment().get_template(template_name).render(_values(request, context))


def render_page(request: HttpRequest, template_name: str, context: dict[str, Any],
                *, status: int = 200) -> HttpResponse:
    """The Jinja2 page ``template_name`` inside the base layout. The page's context is passed
    to the layout too, so that tests and the layout see the same names as a Django page's."""
    blocks = render_blocks(request, template_name, context)
    return render(request, LAYOUT, {
        **context,
        "page_title": mark_safe(blocks.get("title", "")),  # noqa: S308 - Jinja2 escaped it
        "page_content": mark_safe(blocks.get("content", "")),  # noqa: S308
        "page_scripts": mark_safe(blocks.get("scripts", "")),  # noqa: S308
    }, status=status)
