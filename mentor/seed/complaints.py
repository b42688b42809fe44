"""Demo complaints (klager), through the services: so that the first start shows a complaint
awaiting re-assessment with its deadline near (on the team leader's follow-up page and in
the sweep's reminders), one forwarded to Ankestyrelsen with its case files, and the
dashboard's complaints table with figures.

Both are about decisions of the team of ``sagsbehandler``; the caseworker registers them and
the team leader ``teamleder`` forwards the second. Idempotent: nothing is added when the
team has complaints already.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from mentor.models import Municipality, User
from visitation.models import Referral, ReferralStatus
from visitation.models_complaints import Complaint, ComplaintChannel
from visitation.selectors_complaints import citizen_decisions
from visitation.services.complaints import complaint_forward, complaint_register

# (days since the complaint came, days since it was forwarded or None, channel, text)
COMPLAINTS = (
    (22, None, ComplaintChannel.LETTER,
     "Jeg er ikke enig i, at jeg kun kan få mentor to timer om ugen. Jeg har brug for mere "
     "hjælp i starten af praktikken."),
    (45, 30, ComplaintChannel.EMAIL,
     "Jeg klager over afgørelsen, fordi min situation ikke er beskrevet rigtigt."),
)


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    caseworker = User.objects.filter(username="sagsbehandler").first()
    leader = User.objects.filter(username="teamleder").first()
    if caseworker is None or leader is None:
        return
    team = caseworker.teams.filter(municipality=municipality).order_by("pk").first()
    if team is None or Complaint.objects.filter(team=team).exists():
        return
    today = timezone.localdate()
    decided = (Referral.objects.filter(team=team, citizen__anonymised_at__isnull=True,
                                       status__in=(ReferralStatus.APPROVED,
                                                   ReferralStatus.REJECTED))
               .select_related("citizen").order_by("decided_at", "pk"))
    made = 0
    used: set[int] = set()
    for referral in decided:
        if made == len(COMPLAINTS):
            break
        days, forwarded, channel, text = COMPLAINTS[made]
        received = today - datetime.timedelta(days=days)
        decision = next((d for d in citizen_decisions(referral.citizen)
                         if d.key == f"referral:{referral.pk}"), None)
        if referral.citizen_id in used or decision is None or decision.date > received:
            continue
        complaint = complaint_register(actor=caseworker, citizen=referral.citizen,
                                       decision=decision, received_on=received,
                                       channel=channel, text=text)
        if forwarded is not None:
            complaint_forward(
                actor=leader, complaint=complaint, forwarded_on=today - datetime.timedelta(
                    days=forwarded),
                reason="Afgørelsen fastholdes: timetallet svarer til borgerens behov som "
                       "beskrevet i indstillingen.")
        used.add(referral.citizen_id)
        made += 1
    stdout.write(f"Complaints: {made}.")
