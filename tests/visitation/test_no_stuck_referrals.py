"""No referral waits without someone who may decide it: a team leader's own referral goes to
another team leader of the team, else to the team's visitation deputy (another team's leader
or a manager); the submitter sees who will decide; a submission nobody could decide is
refused. And every submitted referral of every demo and test set-up has a decider."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentor.models import Notification, Role, Team, User
from mentor.permissions import may_approve, referral_decider_ids, visible_referrals
from mentor.services import DomainError
from tests.conftest import People
from tests.factories import (
    CitizenFactory,
    TeamFactory,
    UserFactory,
    draft_referral,
    submitted_referral,
)
from tests.mentor.security_world import build_world
from visitation.models import Referral, ReferralStatus
from visitation.selectors_referrals import approval_queue
from visitation.services.referrals import NO_DECIDER, referral_approve, referral_submit

pytestmark = pytest.mark.django_db


def lone_leader_team(people: People, *, deputy: User | None = None) -> tuple[Team, User]:
    """A team whose only team leader also files referrals (both roles)."""
    team = TeamFactory(municipality=people.municipality, name="Ungeindsatsen",
                       visitation_deputy=deputy)
    leader = UserFactory(first_name="Tora", roles=[Role.CASEWORKER, Role.TEAM_LEADER],
                         teams=[team])
    return team, leader


def own_referral(team: Team, leader: User) -> Referral:
    citizen = CitizenFactory(team=team, in_employment_activity=True)
    return submitted_referral(citizen=citizen, caseworker=leader)


def test_a_team_leaders_referral_goes_to_another_team_leader_of_the_team(
        people: People) -> None:
    both = UserFactory(roles=[Role.CASEWORKER, Role.TEAM_LEADER], teams=[people.team])
    referral = own_referral(people.team, both)
    assert referral_decider_ids(referral) == {people.team_leader.pk}
    assert not may_approve(both, referral)


def test_without_another_team_leader_the_deputy_decides(people: People) -> None:
    deputy = UserFactory(first_name="Dorte", roles=[Role.TEAM_LEADER],
                         teams=[people.other_team])
    team, leader = lone_leader_team(people, deputy=deputy)
    referral = own_referral(team, leader)
    assert may_approve(deputy, referral) and not may_approve(leader, referral)
    assert Notification.objects.filter(user=deputy, code="referral_awaits_visitation").exists()
    assert [r.pk for r in approval_queue(deputy, None).page.object_list] == [referral.pk]
    course = referral_approve(actor=deputy, referral=referral, mentor=people.mentor)
    assert course.referral.decided_by == deputy


def test_a_manager_may_be_the_deputy(people: People) -> None:
    team, leader = lone_leader_team(people, deputy=people.manager)
    referral = own_referral(team, leader)
    assert may_approve(people.manager) and may_approve(people.manager, referral)
    assert visible_referrals(people.manager).filter(pk=referral.pk).exists()


def test_the_deputy_sees_only_what_waits_for_them(people: People) -> None:
    deputy = UserFactory(roles=[Role.TEAM_LEADER], teams=[people.other_team])
    team, _leader = lone_leader_team(people, deputy=deputy)
    caseworker = UserFactory(roles=[Role.CASEWORKER], teams=[team])
    decided_by_the_team = own_referral(team, caseworker)  # the team leader decides it
    assert not may_approve(deputy, decided_by_the_team)
    assert not visible_referrals(deputy).filter(pk=decided_by_the_team.pk).exists()


def test_a_submission_nobody_could_decide_is_refused(people: People) -> None:
    team, leader = lone_leader_team(people)
    draft = draft_referral(citizen=CitizenFactory(team=team, in_employment_activity=True),
                           caseworker=leader)
    with pytest.raises(DomainError) as refused:
        referral_submit(actor=leader, referral=draft)
    assert str(NO_DECIDER) in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.DRAFT


def test_the_form_says_who_will_decide_before_the_submit_button(people: People,
                                                                client: Client) -> None:
    citizen = CitizenFactory(team=people.team)
    client.force_login(people.caseworker)
    body = client.get(reverse("referral_create", args=[citizen.pk])).content.decode()
    assert "Visiteres af:" in body and people.team_leader.get_full_name() in body
    assert body.index('data-testid="deciders"') < body.index('value="submit"')


def test_the_form_warns_when_nobody_could_decide(people: People, client: Client) -> None:
    team, leader = lone_leader_team(people)
    citizen = CitizenFactory(team=team)
    client.force_login(leader)
    body = client.get(reverse("referral_create", args=[citizen.pk])).content.decode()
    assert 'data-testid="no-deciders"' in body


def test_a_draft_shows_who_will_decide_on_its_page(people: People, client: Client) -> None:
    draft = draft_referral(citizen=CitizenFactory(team=people.team, in_employment_activity=True),
                           caseworker=people.caseworker)
    client.force_login(people.caseworker)
    body = client.get(reverse("referral_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="deciders"' in body


# --- The property, over every set-up --------------------------------------------------------


def stuck_referrals() -> list[int]:
    """Submitted referrals for which no user may decide (``may_approve``)."""
    stuck = []
    for referral in Referral.objects.filter(status=ReferralStatus.SUBMITTED):
        deciders = User.objects.filter(pk__in=referral_decider_ids(referral))
        if not any(may_approve(user, referral) for user in deciders):
            stuck.append(referral.pk)
    return stuck


def test_every_submitted_referral_of_the_demo_has_a_decider(reference_data: None) -> None:
    call_command("seed_demo", "--citizens", "40", stdout=StringIO())
    assert Referral.objects.filter(status=ReferralStatus.SUBMITTED).exists()
    assert stuck_referrals() == []


def test_every_submitted_referral_of_the_bulk_generator_has_a_decider(
        reference_data: None) -> None:
    from mentor.seed import bulk, organisation

    bulk.seed_bulk(organisation.seed_organisation(), 200, today=timezone.localdate())
    assert Referral.objects.filter(status=ReferralStatus.SUBMITTED).exists()
    assert stuck_referrals() == []


def test_every_submitted_referral_of_the_test_set_ups_has_a_decider(people: People) -> None:
    build_world(people)  # the security world: a submitted referral on each side
    submitted_referral(citizen=CitizenFactory(team=people.team, in_employment_activity=True),
                       caseworker=people.caseworker)
    submitted_referral(citizen=CitizenFactory(team=people.other_team,
                                              in_employment_activity=True),
                       caseworker=people.outsider)
    assert Referral.objects.filter(status=ReferralStatus.SUBMITTED).count() >= 4
    assert stuck_referrals() == []
