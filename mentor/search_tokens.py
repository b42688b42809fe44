"""Searches that can carry a CPR number stay out of URLs.

A search form POSTs its query. A query that could hold a CPR number is kept in the session
under a random token and the browser is sent to ``?s=<token>``, so paging and a reload work
within the session while the number never reaches the server log, the browser's history or a
proxy. A query that cannot be a CPR number (a name) goes to a readable ``?q=``, and a ``?q=``
that could hold one is not searched at all. Tokens live as long as the session, at most
``TOKEN_SECONDS``, and only the newest ``KEEP`` are kept.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect

from mentor.cpr import could_hold_cpr

SESSION_KEY: Final = "searches"
TOKEN_SECONDS: Final = 3600
KEEP: Final = 20


@dataclass(frozen=True)
class SearchQuery:
    """The query to search for, and the parameters that lead back to it (for paging links)."""

    text: str = ""
    params: dict[str, str] = field(default_factory=dict)

    @property
    def query_string(self) -> str:
        return urlencode(self.params)


def posted_search(request: HttpRequest, query: str) -> HttpResponseRedirect:
    """The redirect after a search form's POST: ``?s=<token>`` or ``?q=<name>``, keeping the
    list's other parameters (its filters and order) from the URL the form was posted to."""
    kept = [(name, value) for name, values in request.GET.lists()
            if name not in ("q", "s", "page") for value in values
            if not could_hold_cpr(value)]
    query = " ".join(query.split())
    if not query:
        return HttpResponseRedirect(f"{request.path}?{urlencode(kept)}" if kept
                                    else request.path)
    if not could_hold_cpr(query):
        return HttpResponseRedirect(f"{request.path}?{urlencode([*kept, ('q', query)])}")
    now = time.time()
    saved = {token: entry for token, entry in request.session.get(SESSION_KEY, {}).items()
             if now - entry[1] < TOKEN_SECONDS}
    token = secrets.token_urlsafe(12)
    saved[token] = [query, now]
    request.session[SESSION_KEY] = dict(sorted(saved.items(), key=lambda kv: kv[1][1])[-KEEP:])
    return HttpResponseRedirect(f"{request.path}?{urlencode([*kept, ('s', token)])}")


def search_query(request: HttpRequest) -> SearchQuery:
    """The query a GET asks for: by token from this session, or a plain ``?q=``."""
    token = request.GET.get("s", "")
    if token:
        entry = request.session.get(SESSION_KEY, {}).get(token)
        if entry is None or time.time() - entry[1] >= TOKEN_SECONDS:
            return SearchQuery()
        return SearchQuery(text=entry[0], params={"s": token})
    text = " ".join(request.GET.get("q", "").split())
    if not text or could_hold_cpr(text):
        return SearchQuery()
    return SearchQuery(text=text, params={"q": text})
