"""Two citizens' cases side by side, and every kind of user, for the security tests.

Side A belongs to the people fixture's team and mentor; side B to the other team and another
mentor. Each role may see exactly one side, or none:

| role | may see | may not see |
| --- | --- | --- |
| caseworker, team_leader (team A) | A | B |
| mentor (A's course) | A | B |
| other_mentor (B's course) | B | A |
| outsider (caseworker of team B) | B | A |
| manager_lookup (a justified look-up of A) | A | B |
| manager, administrator | — | A |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from mentor.models import (
    AccessAction,
    AccessLog,
    Citizen,
    Mentor,
    Notification,
    PolicyVersion,
    Role,
    SavedFilter,
    User,
)
from mentor.services import DEFAULT_LEVELS, policy_version_create
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, certify, open_course

if TYPE_CHECKING:
    from reporting.models import CostLine
    from visitation.models import Course, JournalEntry, Referral, Review

ROLES = ("caseworker", "team_leader", "mentor", "other_mentor", "manager", "manager_lookup",
         "administrator", "outsider", "anonymous")
SEES_A = frozenset({"caseworker", "team_leader", "mentor", "manager_lookup"})
SEES_B = frozenset({"other_mentor", "outsider"})

CITIZEN_FACTS: dict[str, Any] = {"in_employment_activity": True}


@dataclass
class Side:
    """One citizen's case: the objects every URL may point at."""

    name: str
    citizen: Citizen
    course: Course
    referral: Referral
    journal_entry: JournalEntry
    review: Review
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, item: str) -> Any:
        try:
            return self.__dict__["extra"][item]
        except KeyError:
            raise AttributeError(item) from None


@dataclass
class World:
    people: People
    users: dict[str, User]
    a: Side
    b: Side
    other_mentor: Mentor
    notifications: dict[int, int]
    policy: PolicyVersion
    calendar_token: str
    saved_filters: dict[int, int] = field(default_factory=dict)  # user id -> a saved filter

    def user(self, role: str) -> User | None:
        return self.users.get(role)

    def may_see(self, role: str) -> Side | None:
        if role in SEES_A:
            return self.a
        if role in SEES_B:
            return self.b
        return None

    def may_not_see(self, role: str) -> Side:
        return self.b if role in SEES_A else self.a


def _side(name: str, *, team: Any, caseworker: User, approver: User, mentor: Mentor,
          last_name: str) -> Side:
    from visitation.models import FollowUpTask, FollowUpTaskKind, JournalEntry

    citizen = CitizenFactory(team=team, first_name="Borger", last_name=last_name,
                             search_name=f"borger {last_name}".lower())
    today = timezone.localdate()
    course = open_course(citizen=citizen, caseworker=caseworker, mentor=mentor,
                         approver=approver, decision_date=today - datetime.timedelta(days=10),
                         **CITIZEN_FACTS)
    assert mentor.user is not None
    entry = JournalEntry.objects.create(
        course=course, author=mentor.user, contact_date=today - datetime.timedelta(days=2),
        form="meeting", duration_minutes=45, note=f"Samtale med {last_name}")
    review = course.reviews.order_by("due_date").first()
    assert review is not None, "opening a course schedules its reviews"
    side = Side(name=name, citizen=citizen, course=course, referral=course.referral,
                journal_entry=entry, review=review)
    side.extra.update(_referrals(course, caseworker))
    side.extra["cost_line"] = _cost_line(course, today)
    side.extra["followup_task"] = FollowUpTask.objects.create(
        citizen=citizen, team=team, caseworker=caseworker, kind=FollowUpTaskKind.PRISON_RELEASE,
        due_date=today)
    side.extra["situation_task"] = FollowUpTask.objects.create(
        citizen=citizen, team=team, caseworker=caseworker, course=course,
        kind=FollowUpTaskKind.SITUATION_3_MONTHS, due_date=today)
    return side


def _referrals(course: Course, caseworker: User) -> dict[str, Referral]:
    """A draft and a submitted referral beside the approved one that opened the course."""
    from visitation.models import Referral, ReferralStatus

    approved = course.referral
    made = {}
    for key, status in (("draft_referral", ReferralStatus.DRAFT),
                        ("submitted_referral", ReferralStatus.SUBMITTED)):
        made[key] = Referral.objects.create(
            citizen=course.citizen, team=course.team, created_by=caseworker, status=status,
            service_level=1, hours_per_week=approved.hours_per_week,
            proposed_start=approved.proposed_start, mentor_type=approved.mentor_type,
            visitation_grounds=["offer_retention"], facts_snapshot=approved.facts_snapshot,
            decision=approved.decision, decision_kind=approved.decision_kind,
            rule_set_version=approved.rule_set_version,
            submitted_at=timezone.now() if status == ReferralStatus.SUBMITTED else None)
    return made


def _cost_line(course: Course, today: datetime.date) -> CostLine:
    from reporting.models import CostLine

    first = today.replace(day=1)
    return CostLine.objects.create(course=course, provider=course.provider, kind="invoice",
                                   period_start=first, period_end=first, amount=1000)


def build_world(people: People) -> World:
    other_user = UserFactory(username="othermentor", first_name="Ole", roles=[Role.MENTOR])
    other_mentor = MentorFactory(user=other_user, name="Ole Mentor",
                                 provider__municipality=people.municipality)
    certify(other_mentor, "holistic_mentor", granted_by=people.manager)
    other_leader = UserFactory(username="otherleader", roles=[Role.TEAM_LEADER],
                               teams=[people.other_team])
    manager_lookup = UserFactory(username="managerlookup", first_name="Lise",
                                 roles=[Role.MANAGER])
    a = _side("A", team=people.team, caseworker=people.caseworker,
              approver=people.team_leader, mentor=people.mentor, last_name="Aabenraasen")
    b = _side("B", team=people.other_team, caseworker=people.outsider, approver=other_leader,
              mentor=other_mentor, last_name="Bornholmsen")
    AccessLog.objects.create(user=manager_lookup, citizen=a.citizen, action=AccessAction.LOOKUP,
                             what="Begrundet opslag", reason="Klage fra borgeren over forløbet")
    users = {"caseworker": people.caseworker, "team_leader": people.team_leader,
             "mentor": people.mentor_user, "other_mentor": other_user,
             "manager": people.manager, "manager_lookup": manager_lookup,
             "administrator": people.administrator, "outsider": people.outsider}
    notifications = {
        user.pk: Notification.objects.create(user=user, message=f"Besked til {role}",
                                             url="/").pk
        for role, user in users.items()}
    policy = policy_version_create(
        actor=people.administrator, municipality=people.municipality, name="Serviceniveau",
        effective_from=datetime.date(2014, 1, 1), right_and_duty_contact_days=None,
        review_lead_days=14, complaint_guidance="Klag til jobcentret inden 4 uger.",
        levels=DEFAULT_LEVELS)
    from visitation.services.calendar import calendar_token_regenerate

    saved_filters = {
        user.pk: SavedFilter.objects.create(user=user, list_name="courses", name="Gemt",
                                            query="status=all").pk
        for user in users.values()}
    return World(people=people, users=users, a=a, b=b, other_mentor=other_mentor,
                 notifications=notifications, policy=policy,
                 calendar_token=calendar_token_regenerate(actor=people.mentor_user),
                 saved_filters=saved_filters)
