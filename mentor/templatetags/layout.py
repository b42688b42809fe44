"""The base layout's tags: ``{% navigation %}``, the main menu, rendered with Jinja2 (it is on
every page, and Django's template engine spent more on it than on many a page's own content),
``{% asset path %}``, a static file's URL worked out once per process, and
``{% pagination %}``, the page links (one template for Django and Jinja2 pages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from mentor.jinja import render_partial, static_url
from mentor.two_factor import may_enrol

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context: Any) -> SafeString:
    request = context.get("request")
    if request is None:  # rendered outside a request: no menu to show
        return mark_safe("")  # noqa: S308
    user = context.get("user") or request.user
    authenticated = bool(getattr(user, "is_authenticated", False))
    html = render_partial(request, "includes/navigation.jinja", {
        "user": user,
        "nav_links": context.get("nav_links", ()),
        "unread_notifications": context.get("unread_notifications", 0),
        "user_roles": context.get("user_roles", ()),
        "two_factor": authenticated and may_enrol(user),
        "languages": [(code, str(name)) for code, name in settings.LANGUAGES],
        "language_code": get_language(),
    })
    return mark_safe(html)  # noqa: S308 - rendered by Jinja2 with autoescape


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}`` for the layout's own files, worked out once per process."""
    return static_url(path)


@register.simple_tag(takes_context=True)
def pagination(context: Any) -> SafeString:
    """The page links of a Django page (``includes/pagination.html``), from the same Jinja2
    template as the Jinja2 pages use, with the context's ``page`` and ``query_string``."""
    page = context.get("page")
    if page is None:
        return mark_safe("")  # noqa: S308
    html = render_partial(context.get("request"), "includes/pagination.jinja", {
        "page": page, "query_string": context.get("query_string", "")})
    return mark_safe(html)  # noqa: S308 - rendered by Jinja2 with autoescape
