"""Service refusals read in the reader's language (issue 24): the same refusal in Danish and in
English, through the service and through a page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from mentor.services import DomainError, check_policy_lawful
from tests.conftest import People
from tests.factories import CitizenFactory, submitted_referral
from visitation.services import referrals as referral_services

pytestmark = pytest.mark.django_db


def test_a_policy_refusal_is_in_the_readers_language() -> None:
    on = datetime.date(2026, 3, 1)
    with translation.override("da"), pytest.raises(DomainError) as danish:
        check_policy_lawful({"levels": "not a list"}, on)
    with translation.override("en"), pytest.raises(DomainError) as english:
        check_policy_lawful({"levels": "not a list"}, on)
    assert str(danish.value) != str(english.value)
    assert str(english.value).isascii()


def test_a_rejection_without_reason_is_refused_in_english(people: People) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    with translation.override("en"), pytest.raises(DomainError) as refusal:
        referral_services.referral_reject(actor=people.team_leader, referral=referral,
                                          reason=" ")
    assert str(refusal.value) == "Write a reason for the rejection."
    with translation.override("da"), pytest.raises(DomainError) as refusal:
        referral_services.referral_reject(actor=people.team_leader, referral=referral,
                                          reason=" ")
    assert str(refusal.value) == "Skriv en begrundelse for afvisningen."
