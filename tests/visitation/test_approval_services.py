"""Visitation: approve, reject, return; who may, what is stored, what is refused."""

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentor.models import Notification, ProviderKind, Role, User
from mentor.services import DEFAULT_LEVELS, DomainError, policy_version_create
from tests.conftest import People
from tests.factories import (
    CitizenFactory,
    MentorFactory,
    ProviderFactory,
    UserFactory,
    certify,
    draft_referral,
    open_course,
    submitted_referral,
)
from visitation.models import Course, Referral, ReferralStatus, Review
from visitation.services.referrals import (
    referral_approve,
    referral_reject,
    referral_return,
)

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def submitted(people: People) -> Referral:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    return submitted_referral(citizen=citizen, caseworker=people.caseworker)


def test_approval_opens_the_course_from_todays_decision(people: People,
                                                        submitted: Referral) -> None:
    course = referral_approve(actor=people.team_leader, referral=submitted,
                              mentor=people.mentor)
    submitted.refresh_from_db()
    assert submitted.status == ReferralStatus.APPROVED
    assert submitted.decided_by == people.team_leader
    assert course.mentor == people.mentor and course.provider == people.mentor.provider
    assert course.kind == "offer" and course.start_date == datetime.date(2026, 11, 22)
    assert course.rule_set_version == submitted.rule_set_version == "2026-07-01"
    assert Review.objects.filter(course=course).count() == len(submitted.decision["review_dates"])


def test_approval_notifies_the_caseworker_and_the_mentor(people: People,
                                                         submitted: Referral) -> None:
    referral_approve(actor=people.team_leader, referral=submitted, mentor=people.mentor)
    assert Notification.objects.filter(user=people.caseworker, message__contains="godkendt")
    assert Notification.objects.filter(user=people.mentor_user, message__contains="nyt")


def test_approval_decides_again_under_the_policy_in_force_that_day(
        people: People, submitted: Referral) -> None:
    policy_version_create(
        actor=people.administrator, municipality=people.municipality, name="Månedlig",
        effective_from=datetime.date(2026, 11, 22), right_and_duty_contact_days=None,
        review_lead_days=30, complaint_guidance="Klag til jobcentret.",
        levels={1: DEFAULT_LEVELS[1], 2: (Decimal("1"), Decimal("2"), 2),
                3: DEFAULT_LEVELS[3]})
    course = referral_approve(actor=people.team_leader, referral=submitted,
                              mentor=people.mentor)
    assert course.reviews.latest("due_date").due_date == datetime.date(2027, 4, 22)
    assert course.reviews.earliest("due_date").due_date == datetime.date(2027, 1, 22)


def test_a_provider_without_a_named_mentor_can_be_chosen(people: People,
                                                         submitted: Referral) -> None:
    provider = ProviderFactory(municipality=people.municipality)
    course = referral_approve(actor=people.team_leader, referral=submitted, provider=provider)
    assert course.mentor is None and course.provider == provider


def test_rejection_needs_a_reason_and_tells_the_caseworker(people: People,
                                                           submitted: Referral) -> None:
    with pytest.raises(DomainError, match="begrundelse"):
        referral_reject(actor=people.team_leader, referral=submitted, reason="  ")
    referral_reject(actor=people.team_leader, referral=submitted, reason="Ikke behov.")
    submitted.refresh_from_db()
    assert submitted.status == ReferralStatus.REJECTED
    assert submitted.decision_reason == "Ikke behov."
    assert Notification.objects.filter(user=people.caseworker, message__contains="afvist")


def test_return_needs_a_comment(people: People, submitted: Referral) -> None:
    with pytest.raises(DomainError, match="kommentar"):
        referral_return(actor=people.team_leader, referral=submitted, comment="")
    referral_return(actor=people.team_leader, referral=submitted, comment="Uddyb målene.")
    submitted.refresh_from_db()
    assert submitted.status == ReferralStatus.RETURNED


def test_team_leader_cannot_approve_own_referral(people: People) -> None:
    people.team_leader.groups.add(*people.caseworker.groups.all())
    # Read again: a user's roles are read once per instance.
    leader = User.objects.get(pk=people.team_leader.pk)
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=leader)
    with pytest.raises(DomainError, match="ikke visitere din egen indstilling"):
        referral_approve(actor=leader, referral=referral, mentor=people.mentor)
    assert not Course.objects.exists()


def test_a_team_leader_of_another_team_cannot_decide(people: People, submitted: Referral) -> None:
    other = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    for act in (lambda: referral_approve(actor=other, referral=submitted, mentor=people.mentor),
                lambda: referral_reject(actor=other, referral=submitted, reason="Nej"),
                lambda: referral_return(actor=other, referral=submitted, comment="Ret")):
        with pytest.raises(DomainError, match="teamleder i indstillingens team"):
            act()


def test_a_caseworker_cannot_approve(people: People, submitted: Referral) -> None:
    with pytest.raises(DomainError, match="teamleder"):
        referral_approve(actor=people.caseworker, referral=submitted, mentor=people.mentor)


def test_a_draft_cannot_be_decided(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = draft_referral(citizen=citizen, caseworker=people.caseworker)
    with pytest.raises(DomainError, match="kladde og venter ikke på visitation"):
        referral_reject(actor=people.team_leader, referral=referral, reason="Nej")


@pytest.mark.parametrize("first", ["approve", "reject", "return"])
def test_a_decided_referral_cannot_be_decided_again(people: People, submitted: Referral,
                                                 first: str) -> None:
    second_leader = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.team],
                                first_name="Tove")
    decide: dict[str, Callable[[], object]] = {
        "approve": lambda: referral_approve(actor=people.team_leader, referral=submitted,
                                            mentor=people.mentor),
        "reject": lambda: referral_reject(actor=people.team_leader, referral=submitted,
                                          reason="Nej"),
        "return": lambda: referral_return(actor=people.team_leader, referral=submitted,
                                          comment="Ret")}
    decide[first]()
    with pytest.raises(DomainError, match=r"allerede .* af Torben"):
        referral_approve(actor=second_leader, referral=submitted, mentor=people.mentor)
    assert Course.objects.count() == (1 if first == "approve" else 0)


def test_a_mentor_not_certified_for_the_type_is_refused(people: People,
                                                        submitted: Referral) -> None:
    mentor = MentorFactory(provider__municipality=people.municipality)
    certify(mentor, "social_mentor", granted_by=people.manager)
    with pytest.raises(DomainError, match="ikke certificeret som fastholdelsesmentor"):
        referral_approve(actor=people.team_leader, referral=submitted, mentor=mentor)
    submitted.refresh_from_db()
    assert submitted.status == ReferralStatus.SUBMITTED


def test_a_mentor_without_capacity_left_is_refused(people: People, submitted: Referral) -> None:
    people.mentor.weekly_capacity_hours = Decimal("2")
    people.mentor.save()
    busy = CitizenFactory(team=people.team, in_employment_activity=True)
    open_course(citizen=busy, caseworker=people.caseworker, mentor=people.mentor,
                approver=people.team_leader, decision_date=datetime.date(2026, 11, 1),
                hours_per_week=Decimal("1.0"))
    with pytest.raises(DomainError, match=r"kun 1,0 timer pr\. uge ledigt.*kræver 1,5"):
        referral_approve(actor=people.team_leader, referral=submitted, mentor=people.mentor)
    assert Course.objects.count() == 1


def test_approval_needs_a_mentor_or_a_provider(people: People, submitted: Referral) -> None:
    with pytest.raises(DomainError, match="Vælg en mentor eller en leverandør"):
        referral_approve(actor=people.team_leader, referral=submitted)


def test_a_section_31d_provider_without_justification_is_refused(
        people: People, submitted: Referral) -> None:
    company = ProviderFactory(municipality=people.municipality, kind=ProviderKind.COMPANY)
    with pytest.raises(DomainError, match="31 d"):
        referral_approve(actor=people.team_leader, referral=submitted, provider=company)


def test_a_referral_no_longer_covered_on_the_approval_day_is_refused_whole(people: People) -> None:
    citizen = CitizenFactory(team=people.team, benefit="cash_benefit",
                             psychiatric_discharge_date=datetime.date(2026, 12, 1))
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    referral.facts_snapshot.pop("psychiatric_discharge_date")
    referral.save()
    with pytest.raises(DomainError, match="ikke omfattet"):
        referral_approve(actor=people.team_leader, referral=referral, mentor=people.mentor)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED
    assert not Course.objects.exists()
