"""The demo municipality's history: several years of courses, reviews, journal entries,
outcomes and cost lines behind the hand-made demo, so that the dashboard, the trends, the hour
norms, the providers and the spending limit show something meaningful on first start.

It is the bulk generator's history (``mentor.seed.bulk_history``: every course with the
rules' real decision under the policy in force) for ``CITIZENS`` citizens from January three
years back, with mentors of their own (the internal corps and the bulk providers), so that the
hand-made demo's mentors keep their small, readable caseloads. Deterministic (one seeded
random stream; dates are relative to today) and idempotent: it runs once per database.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone

from mentor.models import Certification, Citizen, Mentor, MentorType, Municipality, User
from mentor.seed import bulk
from mentor.seed import organisation as demo

CITIZENS = 420
YEARS_BACK = 3
# One provider invoices above its framework price from mid-2025: the providers page shows it.
DRIFTING_PROVIDER = "Mentorgruppen Nord ApS"
DRIFT_FROM = datetime.date(2025, 7, 1)
DRIFT = Decimal("1.06")


def has_history(municipality: Municipality) -> bool:
    return Citizen.objects.filter(team__municipality=municipality,
                                  courses__mentor__user__username="mentor-0001").exists()


def _organisation(municipality: Municipality) -> bulk.Organisation:
    """The bulk organisation (teams' extra caseworkers, providers, mentors), its internal
    mentors certified for every mentor type, without the hand-made demo's own mentors."""
    bulk.ensure_organisation(municipality, CITIZENS)
    granter = User.objects.get(username="leder")
    for mentor in Mentor.objects.filter(provider__municipality=municipality,
                                        user__username__startswith="mentor-0",
                                        provider__kind="internal"):
        for mentor_type in MentorType.objects.filter(code__in=bulk.INTERNAL_TYPES):
            Certification.objects.get_or_create(
                mentor=mentor, mentor_type=mentor_type,
                defaults={"granted_by": granter, "granted_on": datetime.date(2020, 1, 1)})
    org = bulk.ensure_organisation(municipality, CITIZENS)
    demo_mentors = set(User.objects.filter(
        username__in=[u.username for u in demo.DEMO_USERS]).values_list("pk", flat=True))
    return dataclasses.replace(org, mentors=[m for m in org.mentors
                                             if m.user_id not in demo_mentors])


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    from mentor.seed.bulk_history import HistoryGenerator

    if has_history(municipality):
        return
    today = timezone.localdate()
    org = _organisation(municipality)
    generator = HistoryGenerator(org, today=today, first_year=today.year - YEARS_BACK)
    citizen_table = bulk.Table(Citizen, bulk.CITIZEN_FIELDS)
    tables = [citizen_table, *generator.tables]
    ids = bulk.IdPool(Citizen)
    hashes = set(Citizen.objects.values_list("cpr_hash", flat=True))
    rng = random.Random(f"demo-history:{CITIZENS}")  # noqa: S311 (seeded synthetic data)
    batch = bulk.Batch(tables)
    writer = bulk.Writer(tables)
    try:
        for _ in range(CITIZENS):
            plan = generator.plan(rng)
            citizen = bulk._new_citizen(rng, ids.take(), org, hashes, today, plan.registered,
                                        citizen_table, batch)
            generator.citizen_history(rng, citizen, plan, batch)
        writer.write(batch)
    finally:
        writer.close()
    bulk.analyse(tables)
    from reporting.models import CostLine

    CostLine.objects.filter(provider__municipality=municipality,
                            provider__name=DRIFTING_PROVIDER,
                            period_start__gte=DRIFT_FROM).update(amount=F("amount") * DRIFT)
    stdout.write(f"Demo history since {today.year - YEARS_BACK}: {CITIZENS} citizens, "
                 f"{writer.written.get('visitation_course', 0)} courses, "
                 f"{writer.written.get('reporting_costline', 0)} cost lines.\n")
