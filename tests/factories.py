"""Factories for test data. Named people live in ``conftest.py``; variations come from here."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth.models import Group

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

_serials = itertools.count(1)


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


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Testkommune"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.example")
    password = factory.PostGenerationMethodCall("set_password", "Password-123!")

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=r)[0] for r in extracted])

    @factory.post_generation
    def teams(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.teams.add(*extracted)
        if create:
            self.save()


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    team = factory.SubFactory(TeamFactory)
    birth_date = datetime.date(1990, 5, 17)
    first_name = "Borger"
    last_name = factory.Sequence(lambda n: f"Testesen {n}")
    search_name = factory.LazyAttribute(lambda c: f"{c.first_name} {c.last_name}".lower())
    benefit = "cash_benefit"
    activity_ready = True
    can_take_part_in_offers = True

    @factory.lazy_attribute
    def cpr_encrypted(self) -> str:
        self._cpr = fake_cpr(self.birth_date)
        return cpr_lib.encrypt(self._cpr)

    @factory.lazy_attribute
    def cpr_hash(self) -> str:
        return cpr_lib.keyed_hash(self._cpr)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Leverandør {n}")
    kind = ProviderKind.EXTERNAL
    hourly_price = Decimal("500.00")


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Mentor {n}")
    email = factory.Sequence(lambda n: f"mentor{n}@test.example")


def certify(mentor: Mentor, *codes: str, granted_by: User) -> None:
    for code in codes:
        Certification.objects.get_or_create(
            mentor=mentor, mentor_type=MentorType.objects.get(code=code),
            defaults={"granted_by": granted_by, "granted_on": datetime.date(2024, 1, 1)})
