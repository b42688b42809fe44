import datetime

import pytest

from agreements import services
from agreements.models import Agreement
from mentor.services import DomainError
from tests.conftest import People


def test_the_caseworker_records_the_citizens_acceptance(people: People, issued: Agreement) -> None:
    accepted = services.agreement_record_acceptance(
        actor=people.caseworker, agreement=issued, accepted_on=datetime.date(2017, 3, 10),
        method="digital")
    assert accepted.accepted_on == datetime.date(2017, 3, 10)
    assert accepted.get_acceptance_method_display() == "Underskrevet digitalt"
    assert accepted.acceptance_recorded_by == people.caseworker
    assert accepted.events.filter(action="accepted").exists()


def test_acceptance_is_recorded_once(people: People, issued: Agreement) -> None:
    services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                         accepted_on=datetime.date(2017, 3, 10), method="paper")
    with pytest.raises(DomainError, match="allerede registreret"):
        services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                             accepted_on=datetime.date(2017, 3, 10),
                                             method="meeting")


def test_acceptance_cannot_be_in_the_future(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="fremtiden"):
        services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                             accepted_on=datetime.date(2017, 3, 11),
                                             method="paper")


def test_acceptance_cannot_precede_the_issue(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="før den blev udstedt"):
        services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                             accepted_on=datetime.date(2017, 3, 9),
                                             method="paper")


def test_a_draft_cannot_be_accepted(people: People, draft: Agreement) -> None:
    with pytest.raises(DomainError, match="kladde"):
        services.agreement_record_acceptance(actor=people.caseworker, agreement=draft,
                                             accepted_on=datetime.date(2017, 3, 10),
                                             method="paper")


def test_an_unknown_method_is_refused(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="Vælg"):
        services.agreement_record_acceptance(actor=people.caseworker, agreement=issued,
                                             accepted_on=datetime.date(2017, 3, 10),
                                             method="carrier pigeon")
