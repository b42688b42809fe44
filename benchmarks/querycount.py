"""Queries per page on one database, through Django's test client.

    python -m benchmarks.querycount > counts.json

Run by ``benchmarks/run.py`` once against the 1,000-citizen database and once against the
large one: a page whose count differs between them has queries that grow with the data (an
N+1). The demo users open the same kind of page in both: their team's citizen with the most
courses, their queue, their workspace, the dashboard; the two writes are made and rolled back.
Each page is opened once to warm caches, then counted.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any


def _scenario() -> tuple[list[tuple[str, Any, Callable[[Any], Any]]],
                         list[tuple[str, Any, Callable[[Any], Any]]]]:
    """The pages (name, user, open it) and the writes (name, user, prepare: returns the POST)."""
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from benchmarks.load import find_form
    from mentor.models import Citizen, User
    from visitation.models import Course, CourseStatus

    caseworker = User.objects.get(username="sagsbehandler")
    leader = User.objects.get(username="teamleder")
    manager = User.objects.get(username="leder")
    mentor = User.objects.get(username="mentor")
    # Alike in both databases: a citizen with an open course (the page reads its reviews) and
    # as many courses as any; a queue that is not empty.
    citizen = (Citizen.objects.filter(team_id__in=caseworker.team_ids)
               .annotate(n=Count("courses"),
                         open=Count("courses", filter=~Q(courses__status=CourseStatus.ENDED)))
               .filter(open__gt=0).order_by("-n", "pk").first())
    if citizen is None:
        raise RuntimeError("No citizen of the caseworker's teams has an open course.")
    from visitation.selectors_referrals import approval_queue

    if not approval_queue(leader, None).page.object_list:
        raise RuntimeError("The team leader's queue is empty.")
    course = (Course.objects.filter(mentor__user=mentor, start_date__lte=timezone.localdate())
              .exclude(status=CourseStatus.ENDED).annotate(n=Count("journal_entries"))
              .order_by("-n", "pk").first())
    if course is None:
        raise RuntimeError("The mentor has no open course.")
    other = (Citizen.objects.filter(team_id__in=caseworker.team_ids)
             .exclude(Q(pk=citizen.pk)).order_by("pk").first())
    if other is None:
        raise RuntimeError("The caseworker's teams have a single citizen.")

    def page(url: str) -> Callable[[Client], Any]:
        return lambda client: client.get(url)

    def journal_add(client: Client) -> Any:
        url = reverse("journal_entry_add", args=[course.pk])
        form = find_form(client.get(url).content.decode(), "note")
        form.set("contact_date", timezone.localdate().isoformat())
        form.set("form", "meeting")
        form.set("duration_minutes", "45")
        form.set("note", "Bench: samtale om ugens aftaler.")
        return lambda c: c.post(url, dict_of(form.fields()))

    def referral_submit(client: Client) -> Any:
        url = reverse("referral_create", args=[other.pk])
        return lambda c: c.post(url, referral_fields(c.get(url).content.decode()))

    checks: list[tuple[str, Any, Callable[[Any], Any]]] = [
        ("floor", caseworker, page(reverse("bench_floor"))),
        ("citizen_list", caseworker, page(reverse("citizen_list") + "?q=jensen")),
        ("citizen_list (no search)", caseworker, page(reverse("citizen_list"))),
        ("citizen_detail", caseworker, page(reverse("citizen_detail", args=[citizen.pk]))),
        ("approval_queue", leader, page(reverse("approval_queue"))),
        ("mentor_workspace", mentor, page(reverse("mentor_workspace"))),
        ("dashboard", manager, page(reverse("dashboard"))),
        ("referral_form", caseworker, page(reverse("referral_create", args=[other.pk]))),
    ]
    writes: list[tuple[str, Any, Callable[[Any], Any]]] = [
        ("journal_entry_add", mentor, journal_add),
        ("referral_submit", caseworker, referral_submit)]
    return checks, writes


def signed_in(user: Any) -> Any:
    """A test client signed in as ``user`` with the second factor done, as after the code
    page. The demo's users have a confirmed authenticator device (``seed_demo``)."""
    from django.test import Client

    from mentor import two_factor

    if not two_factor.has_confirmed_device(user):
        raise SystemExit(f"{user.username} has no authenticator device: run seed_demo again.")
    client = Client()
    client.force_login(user)
    session = client.session
    two_factor.mark_verified(session)
    session.save()
    return client


def pages() -> dict[str, tuple[Callable[[Any], Any], Any]]:
    """Every page and write by name: (open it once, a client logged in as its user). Writes
    are prepared here and commit when called (for ``profile.py`` on a throw-away copy)."""
    checks, writes = _scenario()
    result: dict[str, tuple[Callable[[Any], Any], Any]] = {}
    for name, user, action in checks:
        client = signed_in(user)
        result[name] = (action, client)
    for name, user, prepare in writes:
        client = signed_in(user)
        result[name] = (prepare(client), client)
    return result


def measure() -> dict[str, int]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    checks, writes = _scenario()
    counts: dict[str, int] = {}
    for name, user, action in checks:
        counts[name] = _count(user, action)
    # Writes: prepared with a GET, counted on the POST, rolled back.
    for name, user, prepare in writes:
        client = signed_in(user)
        with transaction.atomic():
            post = prepare(client)
            with CaptureQueriesContext(connection) as queries:
                response = post(client)
            if response.status_code != 302:
                raise SystemExit(f"{name}: HTTP {response.status_code}, expected a redirect")
            counts[name] = len(queries)
            transaction.set_rollback(True)
    return counts


def _count(user: Any, action: Callable[[Any], Any]) -> int:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    client = signed_in(user)
    with transaction.atomic():
        action(client)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = action(client)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code} for {user}")
        transaction.set_rollback(True)
    return len(queries)


def dict_of(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def referral_fields(page: str) -> dict[str, list[str]]:
    """A complete referral from the form as the page shows it: a ground, a goal, submit."""
    from benchmarks.load import checkbox_values, find_form

    form = find_form(page, "grounds_text")
    form.set("visitation_grounds", checkbox_values(page, "visitation_grounds")[0])
    form.set("grounds_text", "Borgeren har brug for støtte til at holde fast i aftaler.")
    form.set("goals-0-description", "Møde stabilt op i praktik")
    form.set("goals-0-measure", "Fremmøde pr. uge")
    form.set("facts-in_employment_activity", "on")
    form.set("action", "submit")
    return dict_of(form.fields())


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    json.dump(measure(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
