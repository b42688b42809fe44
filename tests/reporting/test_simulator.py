"""The policy simulator against a caseload computed by hand."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from mentor.models import ProviderKind
from reporting.simulator import AlternativePolicy, LevelRule, simulate
from tests.conftest import People
from tests.factories import ProviderFactory
from tests.reporting.helpers import end, holistic

D = datetime.date
TODAY = D(2019, 11, 22)


@pytest.fixture
def caseload(people: People) -> None:
    """Three open right-and-duty courses (contact every 14 days), no municipal policy:
    level 1 at 1.5 h and level 2 at 2 h with an external provider at 500 kr. an hour,
    level 3 at 4 h in the internal corps; and one ended course that does not count."""
    internal = ProviderFactory(municipality=people.municipality, kind=ProviderKind.INTERNAL,
                               hourly_price=None)
    holistic(people, D(2019, 10, 1), level=1, hours="1.5")
    holistic(people, D(2019, 10, 1), level=2, hours="2.0")
    holistic(people, D(2019, 10, 1), level=3, hours="4.0", provider=internal)
    end(holistic(people, D(2019, 9, 1), level=3, hours="10"), D(2019, 10, 1), "job")


def alternative(contact_days: int | None = 7) -> AlternativePolicy:
    return AlternativePolicy(levels={
        1: LevelRule(None, Decimal("1.0"), 1),
        2: LevelRule(Decimal("1.0"), Decimal("2.0"), 1),
        3: LevelRule(Decimal("2.0"), Decimal("3.0"), 1)}, contact_days=contact_days)


def measures(people: People, policy: AlternativePolicy) -> dict[str, tuple[Decimal, Decimal]]:
    result = simulate(municipality=people.municipality, policy=policy, today=TODAY)
    return {m.label: (m.current, m.alternative) for m in result.measures}


def test_the_simulator_compares_hours_spend_and_reviews_per_month(
        people: People, caseload: None) -> None:
    figures = measures(people, alternative())
    # 7.5 h a week now, 6.0 h with the caps; a month is 52/12 weeks.
    assert figures["Timer pr. måned"] == (Decimal("32.5"), Decimal("26.0"))
    # External: (1.5 + 2.0) h × 500 kr. a week now, (1.0 + 2.0) h × 500 kr. with the caps.
    assert figures["Eksterne udgifter pr. måned"] == (Decimal("7583"), Decimal("6500"))
    assert figures["Interne mentortimer pr. måned"] == (Decimal("17.3"), Decimal("13.0"))
    # Reviews: 1/3 + 1 + 1 a month now; every month at level 1 too under the alternative.
    assert figures["Opfølgninger pr. måned"] == (Decimal("2.3"), Decimal("3.0"))
    # Contacts: 3 courses × 30.44 / 14 days now, / 7 days under the alternative.
    assert figures["Kontakter pr. måned i ret og pligt-forløb"] == (Decimal("6.5"),
                                                                     Decimal("13.0"))


def test_an_alternative_looser_than_the_law_is_flagged(people: People, caseload: None) -> None:
    result = simulate(municipality=people.municipality, policy=alternative(21), today=TODAY)
    assert result.warnings and "14" in result.warnings[0]


@time_machine.travel(TODAY)
@pytest.mark.parametrize("role,status", [("manager", 200), ("administrator", 200),
                                         ("team_leader", 404), ("caseworker", 404),
                                         ("mentor_user", 404)])
def test_who_may_simulate(client: Client, people: People, role: str, status: int) -> None:
    client.force_login(getattr(people, role))
    assert client.get("/reporting/simulator/").status_code == status


@time_machine.travel(TODAY)
def test_the_simulator_page_shows_the_change(client: Client, people: People,
                                             caseload: None) -> None:
    client.force_login(people.manager)
    response = client.get("/reporting/simulator/", {
        "municipality": str(people.municipality.pk), "contact_days": "7",
        "level_1_min": "", "level_1_max": "1", "level_1_months": "1",
        "level_2_min": "1", "level_2_max": "2", "level_2_months": "1",
        "level_3_min": "2", "level_3_max": "3", "level_3_months": "1"})
    body = response.content.decode()
    assert "7.583" in body and "6.500" in body and "\N{MINUS SIGN}1.083" in body
