"""Synthetic demo data. Never real people: names are invented, CPR numbers are generated with
serial numbers that fail the old modulus-11 check, so they cannot be pre-2007 real numbers.

Idempotent: running it again changes nothing that is already there.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from mentor import cpr as cpr_lib
from mentor.models import (
    Benefit,
    Certification,
    Citizen,
    Mentor,
    MentorType,
    Municipality,
    PolicyVersion,
    Provider,
    ProviderKind,
    Role,
    Team,
    User,
)
from mentor.name_search import search_name_for
from mentor.services import DEFAULT_COMPLAINT_GUIDANCE, DEFAULT_LEVELS, policy_version_create

DEMO_PASSWORD = "Demo-2026!"  # noqa: S105 (the demo's published password, for synthetic users only)
# Every demo user's authenticator key, published like the password (README: add it to an
# authenticator app as DEMO_TOTP_SECRET, or print the current code with ``manage.py totp_code``).
DEMO_TOTP_KEY = "4d656e746f7273746f7474652d64656d6f2d3230"  # b"Mentorstotte-demo-20"
DEMO_TOTP_SECRET = "JVSW45DPOJZXI33UORSS2ZDFNVXS2MRQ"  # noqa: S105 (published, as base32)
DEMO_EMAIL_DOMAIN = "@demo-kommune.example"

@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    teams: tuple[str, ...]


TEAMS = ("Job og Kompetence", "Job og Helbred", "Ungeindsatsen")

DEMO_USERS = (
    DemoUser("sagsbehandler", "Sofie", "Sagsbehandler", (Role.CASEWORKER,), (TEAMS[0],)),
    DemoUser("sagsbehandler2", "Karim", "Sagsbehandler", (Role.CASEWORKER,), (TEAMS[1],)),
    DemoUser("teamleder", "Torben", "Teamleder", (Role.TEAM_LEADER,), (TEAMS[0], TEAMS[2])),
    DemoUser("teamleder2", "Tina", "Teamleder", (Role.TEAM_LEADER,), (TEAMS[1],)),
    DemoUser("mentor", "Maja", "Mentor", (Role.MENTOR,), ()),
    DemoUser("mentor2", "Mads", "Mentor", (Role.MENTOR,), ()),
    DemoUser("leder", "Lene", "Leder", (Role.MANAGER,), ()),
    DemoUser("admin", "Anders", "Administrator", (Role.ADMINISTRATOR,), ()),
)

FIRST_NAMES = ("Anna", "Mikkel", "Fatima", "Jonas", "Ida", "Ahmed", "Camilla", "Rasmus",
               "Sara", "Emil", "Nadia", "Frederik", "Laura", "Oliver", "Maria", "Yusuf",
               "Julie", "Mathias", "Signe", "Kasper")
LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
              "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen",
              "Olsen", "Thomsen", "Hussein", "Poulsen", "Johansen", "Møller", "Mortensen")


def synthetic_cpr(rng: random.Random, birth: datetime.date) -> str:
    """A valid-format CPR number whose serial fails modulus 11 (never a pre-2007 real one)."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        serial = f"{rng.randint(0, 9999):04d}"
        digits = birth.strftime("%d%m%y") + serial
        # The 7th digit encodes the century; keep it consistent with the birth year.
        if not _century_ok(digits, birth.year):
            continue
        if sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 != 0:
            return digits


def _century_ok(digits: str, year: int) -> bool:
    try:
        return cpr_lib.birth_date(digits).year == year
    except cpr_lib.InvalidCpr:
        return False


@transaction.atomic
def seed_organisation() -> Municipality:
    municipality, _ = Municipality.objects.get_or_create(
        name="Demo Kommune",
        defaults={"address": "Rådhuspladsen 1, 9999 Demoby", "phone": "70 10 20 30",
                  "email": "jobcenter@demo-kommune.example",
                  # Synthetic: the sender of the demo's Digital Post (MeMo) messages.
                  "cvr": "12345678", "website": "demo-kommune.example"})
    teams = {name: Team.objects.get_or_create(municipality=municipality, name=name)[0]
             for name in TEAMS}
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={"first_name": demo.first_name, "last_name": demo.last_name,
                      "email": f"{demo.username}{DEMO_EMAIL_DOMAIN}"})
        if created:
            user.set_password(DEMO_PASSWORD)
            if Role.ADMINISTRATOR in demo.roles:
                user.is_staff = True
                user.is_superuser = True
            user.save()
        user.groups.add(*[Group.objects.get_or_create(name=r)[0] for r in demo.roles])
        user.teams.add(*[teams[t] for t in demo.teams])

    # Who decides a referral that no team leader of the team may (four eyes): the other
    # team leader.
    for team_name, deputy in ((TEAMS[0], "teamleder2"), (TEAMS[1], "teamleder"),
                              (TEAMS[2], "teamleder2")):
        Team.objects.filter(pk=teams[team_name].pk, visitation_deputy__isnull=True).update(
            visitation_deputy=User.objects.get(username=deputy))
    admin = User.objects.get(username="admin")
    internal, _ = Provider.objects.get_or_create(
        municipality=municipality, name="Jobcentrets mentorkorps",
        defaults={"kind": ProviderKind.INTERNAL})
    external, _ = Provider.objects.get_or_create(
        municipality=municipality, name="Mentorhuset ApS",
        defaults={"kind": ProviderKind.EXTERNAL, "hourly_price": Decimal("550.00"),
                  "cvr": "12345678", "agreement_start": datetime.date(2024, 1, 1),
                  "agreement_end": datetime.date(2027, 12, 31)})
    Provider.objects.get_or_create(
        municipality=municipality, name="Frivilligcenter Demoby",
        defaults={"kind": ProviderKind.VOLUNTEER, "hourly_price": Decimal("0")})
    Provider.objects.get_or_create(
        municipality=municipality, name="Demoby Maskinfabrik A/S",
        defaults={"kind": ProviderKind.COMPANY, "hourly_price": Decimal("320.00")})
    mentor_types = {mt.code: mt for mt in MentorType.objects.all()}
    for username, provider, codes in (
        ("mentor", internal, ("holistic_mentor", "social_mentor", "discharge_coordinator",
                              "professional_mentor")),
        ("mentor2", external, ("retention_mentor", "professional_mentor",
                               "release_coordinator", "study_start_coordinator")),
    ):
        user = User.objects.get(username=username)
        mentor, _ = Mentor.objects.get_or_create(
            user=user, defaults={"provider": provider, "name": user.get_full_name(),
                                 "email": user.email, "phone": "70 10 20 40"})
        for code in codes:
            Certification.objects.get_or_create(
                mentor=mentor, mentor_type=mentor_types[code],
                defaults={"granted_by": User.objects.get(username="leder"),
                          "granted_on": datetime.date(2024, 1, 15)})
    if not PolicyVersion.objects.filter(municipality=municipality).exists():
        policy_version_create(
            actor=admin, municipality=municipality, name="Gribskov-standarden",
            effective_from=datetime.date(2014, 1, 1), right_and_duty_contact_days=7,
            review_lead_days=14, complaint_guidance=DEFAULT_COMPLAINT_GUIDANCE,
            levels=DEFAULT_LEVELS, internal_hourly_rate=Decimal("425.00"),
            reason="Kommunens kvalitetsstandard for mentorstøtte.")
    return municipality


def ensure_demo_devices() -> int:
    """A confirmed authenticator device with the published demo key for every demo user
    (the hand-made ones and the bulk ones) who has none, so that the demo signs in with a
    second factor as the product does. Returns how many were made."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    missing = (User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN)
               .exclude(pk__in=enrolled).values_list("pk", flat=True))
    devices = [TOTPDevice(user_id=pk, name="Demo-telefon", key=DEMO_TOTP_KEY, confirmed=True)
               for pk in missing]
    TOTPDevice.objects.bulk_create(devices, batch_size=1000)
    return len(devices)


def is_demo_device(device: object) -> bool:
    return getattr(device, "key", None) == DEMO_TOTP_KEY


BENEFIT_WEIGHTS = (
    (Benefit.CASH_BENEFIT, 35), (Benefit.EDUCATION_BENEFIT, 15),
    (Benefit.INTEGRATION_BENEFIT, 8), (Benefit.SICKNESS_BENEFIT, 12), (Benefit.FLEX_JOB, 8),
    (Benefit.RESOURCE_COURSE, 8), (Benefit.DISABILITY_PENSION, 4),
    (Benefit.UNEMPLOYMENT_INSURANCE, 5), (Benefit.NONE, 5),
)


@transaction.atomic
def seed_citizens(municipality: Municipality, count: int, *, seed: int = 2014) -> int:
    """Create citizens until there are ``count`` in the municipality. Returns how many new."""
    teams = list(Team.objects.filter(municipality=municipality).order_by("name"))
    existing = Citizen.objects.filter(team__municipality=municipality).count()
    if existing >= count:
        return 0
    rng = random.Random(seed + existing)  # noqa: S311 (seeded synthetic data)
    creator = User.objects.get(username="sagsbehandler")
    benefits, weights = zip(*BENEFIT_WEIGHTS, strict=True)
    today = datetime.date(2026, 11, 1)
    citizens: list[Citizen] = []
    hashes: set[str] = set(Citizen.objects.values_list("cpr_hash", flat=True))
    while len(citizens) < count - existing:
        birth = today - datetime.timedelta(days=rng.randint(18 * 365, 64 * 365))
        number = synthetic_cpr(rng, birth)
        digest = cpr_lib.keyed_hash(number)
        if digest in hashes:
            continue
        hashes.add(digest)
        benefit = rng.choices(benefits, weights)[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        citizen = Citizen(
            team=rng.choice(teams), cpr_encrypted=cpr_lib.encrypt(number), cpr_hash=digest,
            birth_date=birth, first_name=first, last_name=last,
            search_name=search_name_for(first, last), address=f"Demovej {rng.randint(1, 199)}",
            phone=f"20 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            benefit=benefit, created_by=creator, caseworker=creator,
            activity_ready=benefit in (Benefit.CASH_BENEFIT, Benefit.EDUCATION_BENEFIT,
                                       Benefit.INTEGRATION_BENEFIT) and rng.random() < 0.7,
            can_take_part_in_offers=rng.random() < 0.6,
            in_employment_activity=rng.random() < 0.4,
            in_integration_programme=benefit == Benefit.INTEGRATION_BENEFIT,
        )
        roll = rng.random()
        if roll < 0.05:
            citizen.psychiatric_discharge_date = today + datetime.timedelta(days=rng.randint(10, 120))
        elif roll < 0.09:
            citizen.prison_release_date = today + datetime.timedelta(days=rng.randint(10, 120))
        citizens.append(citizen)
    Citizen.objects.bulk_create(citizens, batch_size=1000)
    return len(citizens)
