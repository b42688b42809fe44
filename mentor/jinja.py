"""Jinja2 for the base layout and the busiest pages.

Django's template engine resolves every variable, filter and translation through a chain of
Python objects per use; on a list page with a few dozen rows that is most of the page's cost.
Jinja2 compiles a template to Python code once, so the same markup renders several times
faster. The layout is one Jinja2 template, ``base.jinja``: a page written in Jinja2
(``templates/<app>/<page>.jinja``) extends it and fills the blocks ``title``, ``content`` and
optionally ``scripts`` (:func:`render_page`); a Django template extends ``base.html``, whose
``{% layout %}`` tag renders the same blocks with Django's engine and passes them to
``base.jinja`` (:func:`render_layout`).

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

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.urls import get_script_prefix, reverse
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince as django_timesince
from django.utils.translation import get_language, gettext, ngettext, trans_real
from jinja2 import Environment, pass_context
from markupsafe import Markup

from mentor.templatetags.pk_urls import named_url, pk_url_for
from visitation.forms_render import render_field, render_form

ENGINE = "jinja2"
LAYOUT = "base.jinja"


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

    return {"gettext": gettext_, "ngettext": ngettext_, "time_strings": time_strings(catalogue)}


def date(value: Any, arg: str | None = None) -> str:
    """Django's ``date`` filter."""
    return str(defaultfilters.date(value, arg))


# The units of Django's ``timesince`` with their msgids (Django's own catalogue translates
# them); a test compares the filter below with Django's in both languages.
TIME_UNITS = (("year", "%(num)d year", "%(num)d years"),
              ("month", "%(num)d month", "%(num)d months"),
              ("week", "%(num)d week", "%(num)d weeks"),
              ("day", "%(num)d day", "%(num)d days"),
              ("hour", "%(num)d hour", "%(num)d hours"),
              ("minute", "%(num)d minute", "%(num)d minutes"))


class _Unit:
    """One unit for Django's ``timesince(time_strings=…)``, translated by a bound catalogue
    (Django's lazy plurals look the active language up again at every use)."""

    __slots__ = ("catalogue", "plural", "singular")

    def __init__(self, catalogue: Any, singular: str, plural: str) -> None:
        self.catalogue, self.singular, self.plural = catalogue, singular, plural

    def __mod__(self, values: dict[str, int]) -> str:
        return self.catalogue.ngettext(self.singular, self.plural,  # type: ignore[no-any-return]
                                       values["num"]) % values


def time_strings(catalogue: Any) -> dict[str, _Unit]:
    return {key: _Unit(catalogue, singular, plural) for key, singular, plural in TIME_UNITS}


@pass_context
def timesince(context: Any, value: Any, arg: Any = None) -> str:
    """Django's ``timesince`` filter, with the units translated by the rendering's catalogue."""
    if not value:
        return ""
    try:
        return django_timesince(value, arg, time_strings=context["time_strings"])
    except (ValueError, TypeError):
        return ""


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


def _csrf_token(request: HttpRequest) -> str:
    """The request's masked CSRF token, made once per response: Django's lazy helpers mask the
    secret anew (32 random characters, each read from the OS) at every use, and a page has
    several forms. Made again if the secret changed since (a login rotates it)."""
    secret = request.META.get("CSRF_COOKIE")
    made = getattr(request, "_csrf_token_made", None)
    if made is not None and secret is not None and made[0] == secret:
        return made[1]  # type: ignore[no-any-return]
    token = get_token(request)
    request._csrf_token_made = (request.META.get("CSRF_COOKIE"), token)  # type: ignore[attr-defined]
    return token


def _csrf_input(request: HttpRequest) -> SafeString:
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                       _csrf_token(request))


_csrf_token_lazy = lazy(_csrf_token, str)
_csrf_input_lazy = lazy(_csrf_input, SafeString, str)


def _values(request: HttpRequest | None, context: Mapping[str, Any]) -> dict[str, Any]:
    """What every Jinja2 rendering has besides its context: the request, the CSRF token (with
    a request) and the translations of the active language."""
    values = {**context, "request": request, **bound_translations()}
    if request is not None:
        values.update(csrf_input=_csrf_input_lazy(request), csrf_token=_csrf_token_lazy(request))
    return values


def layout_values(request: HttpRequest | None) -> dict[str, Any]:
    """What the base layout shows around a page: the user, the main menu (its links for the
    user's roles, the unread notifications), the messages and the language."""
    from mentor.navigation import navigation
    from mentor.permissions import may_enrol_two_factor

    values: dict[str, Any] = {
        "user": AnonymousUser(), "messages": (), "nav_links": (), "unread_notifications": 0,
        "user_roles": (), "two_factor": False, "language_code": get_language(),
        "languages": [(code, str(name)) for code, name in settings.LANGUAGES],
        "session_idle_timeout": settings.SESSION_IDLE_TIMEOUT,
    }
    if request is None:
        return values
    user = getattr(request, "user", None) or values["user"]
    values.update(navigation(request), user=user, messages=get_messages(request),
                  two_factor=bool(user.is_authenticated) and may_enrol_two_factor(user))
    return values


def render_partial(request: HttpRequest | None, template_name: str,
                   context: Mapping[str, Any]) -> str:
    """A Jinja2 template that is a piece of a page (no blocks), rendered whole. Without a
    request there is no CSRF token (a piece that needs one must be given a request)."""
    return _environment().get_template(template_name).render(_values(request, context))


def render_page(request: HttpRequest, template_name: str, context: dict[str, Any],
                *, status: int = 200) -> HttpResponse:
    """The Jinja2 page ``template_name`` (which extends ``base.jinja``) with ``context`` and
    what the layout shows. Django's test client sees the context as for a Django template."""
    template = _environment().get_template(template_name)
    values = _values(request, {**layout_values(request), **context})
    html = template.render(values)
    if template_rendered.has_listeners():  # Django's test client, for response.context
        template_rendered.send(sender=template, template=template, context=values)
    return HttpResponse(html, status=status)


def render_layout(request: HttpRequest | None, *, title: str, content: str,
                  scripts: str) -> str:
    """``base.jinja`` around a Django template's blocks, rendered already (``{% layout %}``
    in ``base.html``)."""
    return _environment().get_template(LAYOUT).render(_values(request, {
        **layout_values(request),
        "page_title": mark_safe(title),  # noqa: S308 - rendered by Django's engine
        "page_content": mark_safe(content),  # noqa: S308
        "page_scripts": mark_safe(scripts),  # noqa: S308
    }))
