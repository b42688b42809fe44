"""``{{ pk|pk_url:"name" }}``: ``{% url "name" pk %}`` for lists, at the cost of one ``reverse``;
``named_url(name)``: a URL without arguments (menus, layout links), reversed once.

A list page links every row to a few views by primary key; ``{% url %}`` runs the resolver for
each link (about 150 per page on the mentor's workspace). For a URL whose only argument is an
integer primary key, the URL is the same text around the number, so it is reversed once per
URL name, script prefix and URL configuration, and then only the number changes.
"""

from __future__ import annotations

import functools

from django import template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

_MARKER = 987654321


@functools.lru_cache(maxsize=256)
def _parts(name: str, prefix: str, urlconf: str | None) -> tuple[str, str]:
    url = reverse(name, args=[_MARKER], urlconf=urlconf)
    head, found, tail = url.rpartition(str(_MARKER))
    if not found:
        raise ValueError(f"{name} does not take one integer argument")
    return head, tail


@functools.lru_cache(maxsize=256)
def _named(name: str, prefix: str, urlconf: str | None) -> str | None:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def named_url(name: str) -> str | None:
    """``reverse(name)`` for a URL without arguments, worked out once per URL name, script
    prefix and URL configuration; None when no view has that name."""
    return _named(name, get_script_prefix(), get_urlconf())


def pk_url_for(name: str, pk: int) -> str:
    head, tail = _parts(name, get_script_prefix(), get_urlconf())
    return f"{head}{int(pk)}{tail}"


@register.filter
def pk_url(pk: int, name: str) -> str:
    return pk_url_for(name, pk)
