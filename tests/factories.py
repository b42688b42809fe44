"""Factories for test data. Named people live in ``conftest.py``; variations come from here."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from factory.declarations import (
    LazyAttribute,
    LazyFunction,
    PostGeneration,
    Sequence,
    SubFactory,
)
from factory.django import DjangoModelFactory

from mentor import cpr as cpr_lib
from mentor.models import (
    Certification,
    Citizen,
    Mentor,
    MentorType,
    Municipality,
    Provider,
    ProviderKind,
    Team,
    User,
)
from mentor.name_search import search_name_for

if TYPE_CHECKING:
    from visitation.models import Course, Referral
    from visitation.services.referrals import ReferralInput

PASSWORD = "Password-123!"  # every test user's
_serials = itertools.count(1)

ModelT = TypeVar("ModelT")


class ModelFactory(DjangoModelFactory[ModelT]):
    """A factory whose call is typed as its model: factory-boy's metaclass turns
    ``CitizenFactory(...)`` into ``CitizenFactory.create(...)``, but declares neither."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # mypy wants ``__new__`` to return the class's own instances; this one stands in for
        # the metaclass's ``__call__``, which returns the model.
        def __new__(cls, **kwargs: Any) -> ModelT: ...  # type: ignore[misc]


def fake_cpr(birth: datetime.date = datetime.date(1990, 5, 17)) -> str:
    """A valid-format synthetic CPR number for ``birth`` (unique per call)."""
    while True:
        serial = next(_serials) % 10000
        # Century digit: 0–3 are 1900–1999 for every year, 4/9 have rules; stay in 0–3.
        digits = birth.strftime("%d%m%y") + f"{(serial % 4)}{serial // 4 % 1000:03d}"
        try:
            if cpr_lib.birth_date(digits) == birth:
                return digits
        except cpr_lib.InvalidCpr:
            continue


class MunicipalityFactory(ModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Testkommune"


class TeamFactory(ModelFactory[Team]):
    class Meta:
        model = Team

    municipality = SubFactory(MunicipalityFactory)
    name = Sequence(lambda n: f"Team {n}")


def _add_roles(user: User, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
    if create and extracted:
        user.groups.add(*[Group.objects.get_or_create(name=r)[0] for r in extracted])


def _add_teams(user: User, create: bool, extracted: list[Team] | None, **kwargs: Any) -> None:
    if create and extracted:
        user.teams.add(*extracted)


class UserFactory(ModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = Sequence(lambda n: f"Person {n}")
    email = LazyAttribute(lambda u: f"{u.username}@test.example")
    # Hashed before the insert (not ``set_password`` after it), so that a user costs one
    # insert and one history row instead of an extra save with its own history row.
    password = LazyFunction(lambda: make_password(PASSWORD))

    roles = PostGeneration(_add_roles)
    teams = PostGeneration(_add_teams)


class CitizenFactory(ModelFactory[Citizen]):
    class Meta:
        model = Citizen

    team = SubFactory(TeamFactory)
    birth_date = datetime.date(1990, 5, 17)
    first_name = "Borger"
    last_name = Sequence(lambda n: f"Testesen {n}")
    search_name = LazyAttribute(lambda c: search_name_for(c.first_name, c.last_name))
    benefit = "cash_benefit"
    activity_ready = True
    can_take_part_in_offers = True

    class Params:
        cpr = LazyAttribute(lambda o: fake_cpr(o.birth_date))

    cpr_encrypted = LazyAttribute(lambda o: cpr_lib.encrypt(o.cpr))
    cpr_hash = LazyAttribute(lambda o: cpr_lib.keyed_hash(o.cpr))


class ProviderFactory(ModelFactory[Provider]):
    class Meta:
        model = Provider

    municipality = SubFactory(MunicipalityFactory)
    name = Sequence(lambda n: f"Leverandør {n}")
    kind = ProviderKind.EXTERNAL
    hourly_price = Decimal("500.00")


class MentorFactory(ModelFactory[Mentor]):
    class Meta:
        model = Mentor

    provider = SubFactory(ProviderFactory)
    name = Sequence(lambda n: f"Mentor {n}")
    email = Sequence(lambda n: f"mentor{n}@test.example")


def certify(mentor: Mentor, *codes: str, granted_by: User) -> None:
    """Certify ``mentor`` for the mentor types ``codes`` (those it has already are kept)."""
    types = {t.code: t for t in MentorType.objects.filter(code__in=codes)}
    held = set(Certification.objects.filter(mentor=mentor, mentor_type__code__in=codes)
               .values_list("mentor_type__code", flat=True))
    for code in dict.fromkeys(codes):
        if code not in held:
            # One at a time, not bulk_create: each certification has its history row.
            Certification.objects.create(mentor=mentor, mentor_type=types[code],
                                         granted_by=granted_by,
                                         granted_on=datetime.date(2024, 1, 1))


def open_course(*, citizen: Citizen, caseworker: User, mentor: Mentor | None, approver: User,
                decision_date: datetime.date, service_level: int = 1,
                hours_per_week: Decimal = Decimal("1.5"), start_date: datetime.date | None = None,
                provider: Provider | None = None, **citizen_facts: Any) -> Course:
    """A course as approval opens it: a submitted referral with the rules' decision, then
    ``course_open``. Keyword ``citizen_facts`` update the citizen's facts first."""
    from django.utils import timezone

    from mentor.models import DecisionKind
    from visitation import rules
    from visitation.decisions import decide, stored_decision
    from visitation.models import Referral, ReferralStatus
    from visitation.services.courses import course_open

    for name, value in citizen_facts.items():
        setattr(citizen, name, value)
    if citizen_facts:
        citizen.save()
    facts, decision = decide(citizen, decision_date=decision_date, service_level=service_level,
                             start_date=start_date, policy=rules.LEGAL_MINIMUM)
    assert decision.kind != DecisionKind.NOT_ELIGIBLE, "the facts give no mentor support"
    stored = stored_decision(decision)
    referral = Referral.objects.create(
        citizen=citizen, team=citizen.team, created_by=caseworker,
        status=ReferralStatus.APPROVED, service_level=service_level,
        hours_per_week=hours_per_week, proposed_start=start_date or decision_date,
        mentor_type=MentorType.objects.get(code=decision.mentor_type),
        visitation_grounds=["offer_retention"], facts_snapshot=facts, decision=stored,
        decision_kind=decision.kind, rule_set_version=decision.rule_set_version,
        submitted_at=timezone.now(), decided_at=timezone.now(), decided_by=approver)
    return course_open(actor=approver, referral=referral, mentor=mentor,
                       provider=provider or (mentor.provider if mentor else
                                             ProviderFactory(municipality=citizen.team.municipality)),
                       stored_decision=stored, decision_date=decision_date)


# --- Referrals (visitation) ------------------------------------------------------------------
def referral_input(**overrides: Any) -> ReferralInput:
    """What a caseworker fills in on a referral form; starts on the (travelled) today."""
    from django.utils import timezone

    from visitation.services.referrals import ReferralInput

    values: dict[str, Any] = {
        "proposed_start": timezone.localdate(), "visitation_grounds": ["offer_retention"],
        "grounds_text": "Har brug for støtte til at fastholde praktikken.", "service_level": 2,
        "hours_per_week": Decimal("1.5"),
        "goals": [("Møde stabilt i praktik", "Fremmøde pr. uge registreret af mentor")]}
    values.update(overrides)
    return ReferralInput(**values)


def draft_referral(*, citizen: Citizen, caseworker: User, facts: dict[str, Any] | None = None,
                   **overrides: Any) -> Referral:
    """A draft saved through the service (facts snapshotted, decision of today)."""
    from visitation.services.referrals import referral_save_draft

    return referral_save_draft(actor=caseworker, citizen=citizen, facts=facts,
                               data=referral_input(**overrides))


def submitted_referral(*, citizen: Citizen, caseworker: User, **overrides: Any) -> Referral:
    """A referral waiting in the team leaders' queue."""
    from visitation.services.referrals import referral_submit

    referral = draft_referral(citizen=citizen, caseworker=caseworker, **overrides)
    return referral_submit(actor=caseworker, referral=referral)
