"""The agreement names the party by the law in force on its date: the jobcentre until
31 January 2026, the municipality from 1 February 2026 (lov nr. 1750 af 29. december 2025)."""

from __future__ import annotations

from agreements.pdf import render_agreement_html

MUNICIPALITY = {"name": "Testkommune"}


def html(issued_on: str) -> str:
    return render_agreement_html({"municipality": MUNICIPALITY, "version": 1,
                                  "issued_on": issued_on, "decision": {"date": issued_on}})


def test_an_agreement_issued_in_january_2026_is_with_the_jobcentre() -> None:
    page = html("2026-01-31")

    assert "Underskrift, for jobcentret" in page
    assert "Testkommune, Jobcenter, og borgeren" in page


def test_an_agreement_issued_from_february_2026_is_with_the_municipality() -> None:
    page = html("2026-02-01")

    assert "Underskrift, for kommunen" in page
    assert "mellem Testkommune og borgeren" in page
    assert "Jobcenter" not in page
