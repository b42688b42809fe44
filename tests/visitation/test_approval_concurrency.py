"""Two team leaders approve the same referral at the same moment: exactly one course, one
success, one clear refusal, nothing half-done. Needs real row locks, so PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, connections

from mentor.models import Role
from mentor.services import DomainError
from tests.factories import CitizenFactory, UserFactory, submitted_referral
from visitation.models import Course, Referral, ReferralEvent, ReferralStatus
from visitation.services import referrals as referral_services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite has no row locks (select_for_update is a no-op); the "
                              "race is tested where production runs, on PostgreSQL."),
]


def test_two_team_leaders_approving_at_once_open_exactly_one_course(people,
                                                                    monkeypatch) -> None:
    second = UserFactory(first_name="Tove", roles=[Role.TEAM_LEADER], teams=[people.team])
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    real_open = referral_services.course_open

    def slow_open(**kwargs):
        time.sleep(0.5)  # hold the lock long enough for the other approval to arrive
        return real_open(**kwargs)

    monkeypatch.setattr(referral_services, "course_open", slow_open)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(leader) -> None:
        try:
            start.wait()
            outcomes[leader.username] = referral_services.referral_approve(
                actor=leader, referral=referral, mentor=people.mentor)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[leader.username] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(leader,))
               for leader in (people.team_leader, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    successes = [o for o in outcomes.values() if isinstance(o, Course)]
    refusals = [o for o in outcomes.values() if isinstance(o, DomainError)]
    assert len(successes) == 1 and len(refusals) == 1, outcomes
    assert "Indstillingen er allerede godkendt af" in str(refusals[0])
    assert Course.objects.filter(referral=referral).count() == 1
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.APPROVED
    assert ReferralEvent.objects.filter(referral=referral, to_status="approved").count() == 1
