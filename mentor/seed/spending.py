"""The spending limit's basis for the demo (LAB § 203 a): this year's full-time persons in
the target groups and the monthly spend on other guidance and upskilling (ØVO) up to last
month, so that the limit page shows a limit, a forecast and a warning. Synthetic figures;
idempotent (an existing year or month is left alone)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mentor.models import Municipality, User
from reporting.models_limit import OtherSpend, TargetGroupPersons
from visitation import rules

FULL_TIME_PERSONS = Decimal("1150.0")
# ØVO per month: a base with a dip in the summer holidays (July) and at Christmas.
OTHER_SPEND_BASE = Decimal("780000")
SEASON = {7: Decimal("0.55"), 12: Decimal("0.8"), 1: Decimal("0.9"), 8: Decimal("0.9")}


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    today = timezone.localdate()
    if rules.spending_limit(today.year) is None:
        return
    admin = User.objects.filter(username="admin").first()
    TargetGroupPersons.objects.get_or_create(
        municipality=municipality, year=today.year,
        defaults={"full_time_persons": FULL_TIME_PERSONS, "entered_by": admin,
                  "source": "Demodata (syntetisk), som ministeriets opgørelse ville give det"})
    for month in range(1, today.month):
        first = datetime.date(today.year, month, 1)
        amount = (OTHER_SPEND_BASE * SEASON.get(month, Decimal(1))
                  * (1 + Decimal(month % 3) / 40)).quantize(Decimal("1"))
        OtherSpend.objects.get_or_create(
            municipality=municipality, month=first,
            defaults={"amount": amount, "entered_by": admin,
                      "note": "Demodata: fra økonomisystemet"})
