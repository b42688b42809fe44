"""The framework's floor: a logged-in page on the base layout whose view runs one query.

Everything a real page pays for besides its own work (session, user, middleware, navigation,
the base template) is in it, so a page's latency divided by the floor's is the cost of the
page's own queries and rendering.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from mentor.http import AuthenticatedHttpRequest
from mentor.models import Team


@login_required
def floor(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "benchmarks/floor.html", {"teams": Team.objects.count()})
