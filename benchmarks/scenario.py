"""Who the benchmark's clients are and what they open, read from the benchmark database.

    python -m benchmarks.scenario --clients 20 > scenario.json

Run by ``benchmarks/run.py`` with the benchmark's environment. For each role it picks
``--clients`` users (distinct where the data has enough) and, per user, the pages a real
user of that role would open: caseworkers search their citizens (by name, part of a name or a
full CPR number) and open them; mentors write in their own open courses; team leaders open
their queue; managers open the dashboard for a few periods. URLs come from ``reverse`` so that
the load generator needs no Django.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Any
from urllib.parse import urlencode


def build(clients: int, seed: int = 2026) -> dict[str, Any]:
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from mentor import cpr
    from mentor.models import Citizen, Mentor, Role, User
    from visitation.models import Course, CourseStatus

    rng = random.Random(seed)  # noqa: S311 (seeded synthetic data)
    today = timezone.localdate()

    def cycle(items: list[Any]) -> list[Any]:
        if not items:
            raise SystemExit("The benchmark database has no users for a role; seed it first.")
        return [items[i % len(items)] for i in range(clients)]

    caseworkers = list(User.objects.filter(groups__name=Role.CASEWORKER, is_active=True,
                                           teams__isnull=False).distinct().order_by("username"))
    rng.shuffle(caseworkers)
    caseworkers = cycle(sorted(caseworkers[:clients], key=lambda u: u.username))
    leaders = cycle(list(User.objects.filter(groups__name=Role.TEAM_LEADER, is_active=True,
                                             teams__isnull=False)
                         .distinct().order_by("username")))
    managers = cycle(list(User.objects.filter(groups__name=Role.MANAGER, is_active=True)
                          .order_by("username")))
    busy = list(Mentor.objects.filter(user__isnull=False, user__is_active=True)
                .annotate(open=Count("courses", filter=~Q(courses__status=CourseStatus.ENDED)))
                .filter(open__gte=3).select_related("user").order_by("user__username"))
    rng.shuffle(busy)
    mentors = cycle(sorted(busy[:clients], key=lambda m: m.user.username))

    def citizens_of(user: User, count: int) -> list[Citizen]:
        ids = list(Citizen.objects.filter(team_id__in=user.team_ids, anonymised_at__isnull=True)
                   .values_list("pk", flat=True))
        chosen = rng.sample(ids, min(count, len(ids)))
        return list(Citizen.objects.filter(pk__in=chosen).order_by("pk"))

    def searches(people: list[Citizen]) -> list[str]:
        base = reverse("citizen_list")
        urls = []
        for index, citizen in enumerate(people):
            kind = index % 10
            if kind < 4:
                query = citizen.last_name
            elif kind < 6:
                query = citizen.first_name
            elif kind < 8:
                query = citizen.full_name
            elif kind == 8:
                query = citizen.last_name[:4].lower()
            else:
                query = cpr.format_full(cpr.decrypt(citizen.cpr_encrypted))
            urls.append(f"{base}?{urlencode({'q': query})}")
        urls += [f"{base}?page={n}" for n in range(1, 6)]
        return urls

    case_clients = []
    for user in caseworkers:
        people = citizens_of(user, 150)
        case_clients.append({
            "username": user.username,
            "search": searches(people[:100]),
            "detail": [reverse("citizen_detail", args=[c.pk]) for c in people],
            "referral": [reverse("referral_create", args=[c.pk]) for c in people[100:]],
        })
    mentor_clients = []
    for mentor in mentors:
        open_ids = list(Course.objects.filter(mentor=mentor, start_date__lte=today)
                        .exclude(status=CourseStatus.ENDED).values_list("pk", flat=True))
        if mentor.user is None:  # excluded by the query; for the type checker
            continue
        mentor_clients.append({
            "username": mentor.user.username,
            "journal": [reverse("journal_entry_add", args=[pk]) for pk in open_ids]})
    dashboard = reverse("dashboard")
    quarter = (today.month - 1) // 3 + 1
    periods = ["", "", "", f"?year={today.year - 1}", f"?year={today.year}&part=q{quarter}",
               f"?year={today.year}&part=m{today.month:02d}",
               f"?year={today.year}&kind=offer", f"?year={today.year - 2}"]
    return {
        "floor": reverse("bench_floor"),
        "caseworkers": case_clients,
        "team_leaders": [{"username": u.username, "queue": [reverse("approval_queue")]}
                         for u in leaders],
        "mentors": mentor_clients,
        "mentor_workspace": reverse("mentor_workspace"),
        "managers": [{"username": u.username, "dashboard": [dashboard + p for p in periods]}
                     for u in managers],
        "today": today.isoformat(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    json.dump(build(args.clients), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
