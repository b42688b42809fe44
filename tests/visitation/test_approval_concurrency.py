"""Two team leaders approve the same referral at the same moment: exactly one course, one
success, one clear refusal, nothing half-done. Needs real row locks, so PostgreSQL."""

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from mentor.models import Role, User
from mentor.services import DomainError
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, submitted_referral
from visitation.models import Course, Referral, ReferralEvent, ReferralStatus
from visitation.services import referrals as referral_services
from visitation.services.courses import course_open

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite has no row locks (select_for_update is a no-op); the "
                              "race is tested where production runs, on PostgreSQL."),
]


def test_two_team_leaders_approving_at_once_open_exactly_one_course(
        people: People, monkeypatch: pytest.MonkeyPatch) -> None:
    second = UserFactory(first_name="Tove", roles=[Role.TEAM_LEADER], teams=[people.team])
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    def slow_open(**kwargs: Any) -> Course:
        time.sleep(0.5)  # hold the lock long enough for the other approval to arrive
        return course_open(**kwargs)

    monkeypatch.setattr(referral_services, "course_open", slow_open)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(leader: User) -> None:
        try:
            start.wait()
            outcomes[leader.username] = referral_services.referral_approve(
                actor=leader, referral=referral, mentor=people.mentor)
        except Exception as exc:  # the outcome, whatever it is, is what the test inspects
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
