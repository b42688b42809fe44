"""`manage.py report spend --year 2017` on the Copenhagen 2017 scenario prints Copenhagen's
table; the scenario loads only once. (Small numbers without the scenario:
``test_report_small_schemes``.)"""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from mentor.seed.costs import seed_copenhagen_2017

pytestmark = pytest.mark.django_db

COPENHAGEN_TEXT = """\
Eksterne udgifter pr. ordning 2017
Ordning                   Udgift (kr.)  Borgere  Gennemsnit pr. borger (kr.)
------------------------  ------------  -------  ---------------------------
Fastholdelsesmentor         25,000,000    3,000                        8,333
Helhedsorienteret mentor    26,000,000    3,100                        8,387
Udskrivningskoordinator      4,800,000      450                       10,667
------------------------  ------------  -------  ---------------------------
I alt                       55,800,000    6,550                        8,519
"""


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "spend", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def copenhagen(module_db: Any) -> None:
    """The scenario, loaded once for the module: its tests only read it. (Its speed is the
    benchmark's business, not a unit test's: the machine may be busy.)"""
    with module_db():
        assert seed_copenhagen_2017()


def test_report_spend_2017_prints_copenhagens_table(copenhagen: None) -> None:
    assert report("--year", "2017") == COPENHAGEN_TEXT


def test_report_spend_as_csv_and_json(copenhagen: None) -> None:
    assert report("--year", "2017", "--format", "csv").splitlines() == [
        "Ordning,Udgift (kr.),Borgere,Gennemsnit pr. borger (kr.)",
        "Fastholdelsesmentor,25000000,3000,8333",
        "Helhedsorienteret mentor,26000000,3100,8387",
        "Udskrivningskoordinator,4800000,450,10667",
        "I alt,55800000,6550,8519",
    ]
    data = json.loads(report("--year", "2017", "--format", "json"))
    assert data["rows"][-1] == {"scheme": "I alt", "spend": 55800000, "citizens": 6550,
                                "average": 8519}


def test_the_scenario_loads_once(copenhagen: None) -> None:
    assert not seed_copenhagen_2017()
    assert "55,800,000" in report("--year", "2017")
