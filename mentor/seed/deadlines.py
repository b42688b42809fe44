"""Demo courses that put every kind of deadline in front of every role on first start.

The other parts leave overdue items to chance; these are certain. For the demo mentor
``mentor`` (team of ``sagsbehandler``): an older right-and-duty course (the right and duty
applies to decisions up to 31 December 2019) under the policy's contact rule (contact every
7 days), still open: its contact and latest review are overdue and its period needs renewal.
For ``mentor2`` (team of ``sagsbehandler2``): an offer course whose review is overdue. Their
caseworkers and team leaders see the same items in their lists, and the follow-up sweep
(beat) sends the reminders.

Idempotent: each course belongs to a citizen of its own, found by name; a second run adds
nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mentor import cpr as cpr_lib
from mentor.models import Benefit, Citizen, Mentor, Municipality, Role, User
from mentor.name_search import search_name_for
from mentor.seed.journal import CPH, _entry
from mentor.seed.organisation import synthetic_cpr
from mentor.seed.referrals import GOALS, _approved_referral, _backdate_course
from visitation.models import Course, JournalEntry, ReviewOutcome, ReviewStatus
from visitation.services.courses import course_open
from visitation.services.journal import contact_tracking_update
from visitation.services.referrals import ReferralInput
from visitation.services.reviews import GoalProgression, review_complete


@dataclass(frozen=True)
class Deadline:
    first_name: str
    last_name: str
    mentor: str  # username
    caseworker: str  # username
    right_and_duty: bool
    # The decision and start (None: ``started_days_ago`` before today); the journal covers
    # the ten weeks before the last contact, this many days ago.
    decided: datetime.date | None
    started_days_ago: int
    last_contact_days_ago: int


DEADLINES = (
    Deadline("Bodil", "Fristrup", "mentor", "sagsbehandler", right_and_duty=True,
             decided=datetime.date(2019, 12, 2), started_days_ago=0, last_contact_days_ago=12),
    Deadline("Ejnar", "Terminsen", "mentor2", "sagsbehandler2", right_and_duty=False,
             decided=None, started_days_ago=105, last_contact_days_ago=4),
)


def seed(municipality: Municipality, citizens: int, stdout: Any) -> None:
    today = timezone.localdate()
    made = 0
    for deadline in DEADLINES:
        caseworker = User.objects.filter(username=deadline.caseworker).first()
        mentor = Mentor.objects.filter(user__username=deadline.mentor,
                                       provider__municipality=municipality).first()
        if caseworker is None or mentor is None or not caseworker.team_ids:
            continue
        if Citizen.objects.filter(team__municipality=municipality,
                                  first_name=deadline.first_name,
                                  last_name=deadline.last_name).exists():
            continue
        with transaction.atomic():
            made += _course(deadline, caseworker, mentor, today)
    if made:
        stdout.write(f"Demo deadlines: {made} courses with overdue contact or review")


def _citizen(deadline: Deadline, caseworker: User) -> Citizen:
    rng = random.Random(f"deadline-{deadline.last_name}")  # noqa: S311  # synthetic demo data
    birth = datetime.date(1990 + rng.randint(0, 10), rng.randint(1, 12), rng.randint(1, 28))
    number = synthetic_cpr(rng, birth)
    return Citizen.objects.create(
        team_id=min(caseworker.team_ids), cpr_encrypted=cpr_lib.encrypt(number),
        cpr_hash=cpr_lib.keyed_hash(number), birth_date=birth,
        first_name=deadline.first_name, last_name=deadline.last_name,
        search_name=search_name_for(deadline.first_name, deadline.last_name),
        address="Fristvej 1", phone="20 30 40 50", benefit=Benefit.CASH_BENEFIT,
        created_by=caseworker, caseworker=caseworker, activity_ready=True,
        can_take_part_in_offers=not deadline.right_and_duty,
        in_employment_activity=not deadline.right_and_duty)


def _course(deadline: Deadline, caseworker: User, mentor: Mentor, today: datetime.date) -> int:
    citizen = _citizen(deadline, caseworker)
    leader = (User.objects.filter(groups__name=Role.TEAM_LEADER, teams=citizen.team_id)
              .order_by("username").first())
    if leader is None:
        return 0
    start = deadline.decided or today - datetime.timedelta(days=deadline.started_days_ago)
    data = ReferralInput(
        proposed_start=start, visitation_grounds=["offer_retention"],
        grounds_text="Borgeren har brug for en fast voksen, der kan støtte i overgangen.",
        mentor_type=None, service_level=1, hours_per_week=Decimal("1.0"),
        goals=list(GOALS[:2]))
    referral, stored = _approved_referral(citizen, caseworker, leader, data, start, 1)
    course = course_open(actor=leader, referral=referral, mentor=mentor,
                         provider=mentor.provider, stored_decision=stored, decision_date=start)
    _backdate_course(course, start)
    last = today - datetime.timedelta(days=deadline.last_contact_days_ago)
    _contacts(course, mentor, max(start, last - datetime.timedelta(weeks=10)), last, today)
    _reviews_but_the_latest(course, mentor, today)
    return 1


def _reviews_but_the_latest(course: Course, mentor: Mentor, today: datetime.date) -> None:
    """Every past review done, except the latest: that one is overdue."""
    past = list(course.reviews.filter(status=ReviewStatus.DUE, due_date__lt=today)
                .order_by("due_date"))
    goals = list(course.referral.goals.all())
    for review in past[:-1]:
        if mentor.user is None:
            return
        review_complete(actor=mentor.user, review=review, effect="Stabilt fremmøde.",
                        progression=[GoalProgression(goal_id=goal.pk, scale=3,
                                                     text="Vurderet sammen med borgeren.")
                                     for goal in goals],
                        ready_for_active_offer=False, outcome=ReviewOutcome.CONTINUE)


def _contacts(course: Course, mentor: Mentor, start: datetime.date, last: datetime.date,
              today: datetime.date) -> None:
    """A contact a week from the start until ``last``, then none."""
    if mentor.user is None:
        return
    rng = random.Random(course.pk)  # noqa: S311  # synthetic demo data
    rows: list[JournalEntry] = []
    day = start + datetime.timedelta(days=1)
    while day < last:
        rows.append(_entry(course, mentor.user, day, rng, first=not rows, closing=False))
        day += datetime.timedelta(days=7)
    rows.append(_entry(course, mentor.user, last, rng, first=False, closing=False))
    bulk_create_with_history(rows, JournalEntry, default_user=mentor.user)
    saved = list(JournalEntry.objects.filter(course=course))
    for row in saved:
        row.created_at = datetime.datetime.combine(row.contact_date, datetime.time(15),
                                                   tzinfo=CPH)
    JournalEntry.objects.bulk_update(saved, ["created_at"])
    contact_tracking_update(course=course, today=today)
