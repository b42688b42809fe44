"""Bulk synthetic data for scale work: ``manage.py seed_demo --citizens N --bulk``.

The small demo (``organisation`` and the other modules of ``mentor.seed``) goes through the
services one row at a time; that is right for fifty citizens and far too slow for a hundred thousand.
This module generates a large municipality's whole history at once: citizens, referrals,
courses with their periods and decisions, reviews, journal entries, contact intervals and cost
lines, in the shapes the services would have left behind.

- Every course carries a real decision of the rules module (``visitation.rules.evaluate``)
  under the municipality's policy in force on the decision date; the course's kind, legal
  basis, contact interval, period and review rows come from it.
- Rows go in with PostgreSQL ``COPY`` (psycopg 3), written by a second thread while the next
  chunk is generated, one transaction per chunk of citizens; other databases get plain
  multi-row inserts. Each chunk is complete (citizens with their whole history), so an
  interrupted run leaves consistent data and the next run carries on.
- Idempotent and incremental like the small demo: it tops the municipality up to N citizens
  and never touches rows that are already there. Not meant to run next to live traffic.
- No history rows (simple_history) are written for generated data, as with ``bulk_create``.
"""

from __future__ import annotations

import datetime
import json
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, connections, models, transaction

from mentor import cpr as cpr_lib
from mentor.models import (
    Benefit,
    Certification,
    Citizen,
    Mentor,
    MentorType,
    Municipality,
    Provider,
    ProviderKind,
    Role,
    Team,
    User,
)
from mentor.name_search import search_name_for
from mentor.seed import organisation as demo  # the hand-made demo's names, teams, password


class Output(Protocol):
    def write(self, msg: str) -> Any: ...


# From this many citizens ``seed_demo`` takes the bulk path without being asked.
BULK_THRESHOLD = 2_000
# Citizens per chunk: one transaction, generated while the previous chunk is being written.
CHUNK_CITIZENS = 4_000
# The small hand-made demo that always comes first (demo users' own cases).
BASE_DEMO_CITIZENS = 50

UTC = datetime.UTC


# --- Writing rows ------------------------------------------------------------------------------


def _copy_text(value: str) -> str:
    # str.translate is slow on non-ASCII text; generated text rarely needs escaping at all.
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _copy_converter(model_field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """How one Python value becomes COPY text for this column (None is handled outside)."""
    kind = model_field.get_internal_type()
    if kind == "BooleanField":
        return lambda value: "t" if value else "f"
    if kind in ("DateField", "DateTimeField"):
        # Generators may hand over text already in ISO form (the journal does, for speed).
        return lambda value: value if value.__class__ is str else value.isoformat()
    if kind in ("CharField", "TextField", "SlugField", "EmailField", "JSONField"):
        # JSON columns receive text that is already JSON (generators dump, often cached).
        return _copy_text
    return str


class Table:
    """The column layout of one model's table as a generator fills it.

    ``fields`` are the attribute names the generator supplies, in row order; every other
    concrete column gets the field's default (so a field added later with a default does not
    break the generator). A field without default and without NULL is an error up front.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise ValueError(f"{self.name}: unknown columns {unknown}")
        self.fields = [by_attname[name] for name in fields]
        self.extra_fields: list[models.Field[Any, Any]] = []
        self.extra_values: list[Any] = []
        now = datetime.datetime.now(tz=UTC)
        for model_field in model._meta.concrete_fields:
            if model_field.attname in fields or model_field.primary_key:
                continue
            if getattr(model_field, "auto_now", False) or getattr(
                    model_field, "auto_now_add", False):
                value: Any = now
            elif model_field.has_default() or model_field.null or (
                    model_field.empty_strings_allowed and not model_field.null):
                value = model_field.get_default()
            else:
                raise ValueError(f"{self.name}.{model_field.attname} has no default; "
                                 "the bulk generator must supply it")
            if isinstance(model_field, models.JSONField) and value is not None:
                value = json.dumps(value)
            self.extra_fields.append(model_field)
            self.extra_values.append(value)
        self.all_fields = self.fields + self.extra_fields
        self.columns = [f.column for f in self.all_fields]
        converters = [_copy_converter(f) for f in self.fields]
        self._converters = converters
        extra = [
            "\\N" if value is None else _copy_converter(f)(value)
            for f, value in zip(self.extra_fields, self.extra_values, strict=True)
        ]
        self._extra_text = "".join("\t" + text for text in extra)

    def copy_line(self, row: Sequence[Any]) -> str:
        parts = ["\\N" if value is None else convert(value)
                 for convert, value in zip(self._converters, row, strict=True)]
        return "\t".join(parts) + self._extra_text + "\n"

    def copy_sql(self) -> str:
        columns = ", ".join(f'"{column}"' for column in self.columns)
        return f'COPY "{self.name}" ({columns}) FROM STDIN'

    def insert_sql(self, placeholder: str = "%s") -> str:
        columns = ", ".join(f'"{column}"' for column in self.columns)
        marks = ", ".join([placeholder] * len(self.columns))
        return f'INSERT INTO "{self.name}" ({columns}) VALUES ({marks})'  # noqa: S608 (names from code; values are parameters)

    def db_row(self, row: Sequence[Any], conn: Any) -> list[Any]:
        """Values adapted by Django for a plain INSERT (the non-PostgreSQL path)."""
        values = []
        for model_field, value in zip(self.all_fields, list(row) + self.extra_values,
                                      strict=True):
            if value is None or isinstance(model_field, models.JSONField):
                values.append(value)
            else:
                values.append(model_field.get_db_prep_save(value, conn))
        return values


@dataclass
class Batch:
    """Rows of one chunk, per table, in the order they must be written (parents first)."""

    tables: list[Table]
    rows: dict[str, list[Any]] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for table in self.tables:
            self.rows[table.name] = []
            self.lines[table.name] = []

    def add(self, table: Table, row: Sequence[Any]) -> None:
        self.rows[table.name].append(row)

    def count(self, table: Table) -> int:
        return len(self.rows[table.name])


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class IdPool:
    """Fresh primary keys for one model, fetched in blocks: from the table's sequence on
    PostgreSQL (safe next to other writers), after the current maximum elsewhere (there the
    seed is the only writer)."""

    BLOCK = 2_000

    def __init__(self, model: type[models.Model]) -> None:
        self.table = model._meta.db_table
        self._ids: list[int] = []
        self._next: int | None = None
        self._sequence: str | None = None

    def take(self) -> int:
        if not self._ids:
            self._ids = self._fetch(self.BLOCK)
            self._ids.reverse()
        return self._ids.pop()

    def _fetch(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if _is_postgres():
                if self._sequence is None:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
                    self._sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
                               [self._sequence, count])
                return [row[0] for row in cursor.fetchall()]
            if self._next is None:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')  # noqa: S608 (a table name from code)
                self._next = cursor.fetchone()[0] + 1
            start, self._next = self._next, self._next + count
            return list(range(start, start + count))


class Writer:
    """Writes batches of rows.

    On PostgreSQL the whole load is one transaction, written with COPY by a second thread
    while Python generates the next chunk. The tables' foreign keys and plain (non-unique)
    indexes are dropped first and put back at the end: one validating join and one sorted
    build each, instead of a check and an index insertion per row. Everything is
    transactional, so an interrupted run leaves nothing behind. Inside an open transaction
    (tests) rows go through the caller's connection instead, and the deferred foreign keys are
    checked after each batch. Elsewhere each batch is a transaction of plain inserts.
    """

    def __init__(self, tables: Sequence[Table]) -> None:
        self.tables = list(tables)
        self.postgres = _is_postgres()
        self.written: dict[str, int] = {}
        self.timings: dict[str, float] = {}
        self._queue: queue.Queue[Batch | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if self.postgres and not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
            self._thread.start()

    def write(self, batch: Batch) -> None:
        for table in batch.tables:
            self.written[table.name] = self.written.get(table.name, 0) + batch.count(table)
        if not self.postgres:
            self._write_inserts(batch)
            return
        for table in batch.tables:
            batch.lines[table.name] = [table.copy_line(row) for row in batch.rows[table.name]]
            batch.rows[table.name] = []
        if self._thread is None:
            with connection.cursor() as cursor:
                self._copy(cursor, batch)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return
        self._raise_if_failed()
        self._queue.put(batch)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise RuntimeError("Bulk writer failed") from self._error

    def _run(self) -> None:
        # Django gives this thread its own connection; it is closed when the thread ends.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                started = time.perf_counter()
                restore = self._suspend_constraints(cursor)
                while (batch := self._queue.get()) is not None:
                    self._copy(cursor, batch)
                copied = time.perf_counter()
                for statement in restore:
                    cursor.execute(statement)
                self.timings = {"copy": copied - started,
                                "indexes and keys": time.perf_counter() - copied}
        except BaseException as exc:  # reported to the producer by _raise_if_failed
            self._error = exc
            while self._queue.get() is not None:
                pass
        finally:
            connections.close_all()

    def _suspend_constraints(self, cursor: Any) -> list[str]:
        """Drop the tables' foreign keys and plain indexes; return the statements that put
        them back exactly (PostgreSQL's own definitions, same names)."""
        restore_indexes: list[str] = []
        restore_keys: list[str] = []
        for table in self.tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'", [f'"{table.name}"'])
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE "{table.name}" DROP CONSTRAINT "{name}"')
                restore_keys.append(
                    f'ALTER TABLE "{table.name}" ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = %s::regclass AND NOT indisprimary AND NOT indisunique",
                [f'"{table.name}"'])
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                restore_indexes.append(definition)
        return restore_indexes + restore_keys

    @staticmethod
    def _copy(cursor: Any, batch: Batch) -> None:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        for table in batch.tables:
            lines = batch.lines[table.name]
            if not lines:
                continue
            with raw.copy(table.copy_sql()) as copy:
                for start in range(0, len(lines), 20_000):
                    copy.write("".join(lines[start:start + 20_000]))

    @staticmethod
    def _write_inserts(batch: Batch) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in batch.tables:
                rows = batch.rows[table.name]
                if rows:
                    cursor.executemany(table.insert_sql(),
                                       [table.db_row(row, connection) for row in rows])


# --- The organisation of a large municipality ------------------------------------------------

EXTRA_TEAMS = (
    "Job og Kompetence Nord", "Job og Kompetence Syd", "Job og Helbred Nord",
    "Job og Helbred Syd", "Ungeindsatsen Vest", "Integration og Job", "Ressourceforløb",
    "Sygedagpenge og Fastholdelse", "Job og Uddannelse Øst", "Fleksjob og Førtidspension",
    "Kontanthjælp Centrum", "Ungeindsatsen Øst", "Job og Helbred Vest", "Jobcenter Havnen",
    "Jobcenter Bakken", "Jobcenter Søerne", "Jobcenter Skoven",
)

BULK_PROVIDERS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # name, kind, hourly price, mentor types the provider's mentors are certified for
    ("Mentorgruppen Nord ApS", ProviderKind.EXTERNAL, "575.00",
     ("holistic_mentor", "social_mentor", "retention_mentor", "professional_mentor")),
    ("Brobyg Mentorservice ApS", ProviderKind.EXTERNAL, "540.00",
     ("holistic_mentor", "social_mentor", "discharge_coordinator", "release_coordinator")),
    ("Kompetencecentret A/S", ProviderKind.EXTERNAL, "620.00",
     ("retention_mentor", "professional_mentor", "study_start_coordinator")),
    ("Socialmentor I/S", ProviderKind.EXTERNAL, "495.00",
     ("social_mentor", "holistic_mentor", "discharge_coordinator")),
    ("Ungdomsmentor ApS", ProviderKind.EXTERNAL, "560.00",
     ("professional_mentor", "study_start_coordinator", "social_mentor", "retention_mentor")),
    ("Demoby Erhvervsskole", ProviderKind.EDUCATION, "380.00",
     ("professional_mentor", "retention_mentor")),
    ("Demoby Supermarked A/S", ProviderKind.COMPANY, "310.00",
     ("retention_mentor", "professional_mentor")),
)
INTERNAL_TYPES = ("holistic_mentor", "social_mentor", "discharge_coordinator",
                  "professional_mentor", "release_coordinator", "study_start_coordinator",
                  "retention_mentor")


@dataclass
class MentorInfo:
    id: int
    user_id: int
    provider_id: int
    provider_kind: str
    hourly_price: Decimal | None
    types: frozenset[str]

    @property
    def internal(self) -> bool:
        return self.provider_kind == ProviderKind.INTERNAL

    @property
    def section_31d(self) -> bool:
        return self.provider_kind in (ProviderKind.COMPANY, ProviderKind.EDUCATION)


@dataclass
class Organisation:
    """Who is who, as the history generator needs it (ids only)."""

    municipality: Municipality
    teams: list[int]
    caseworkers: dict[int, list[int]]      # team id -> caseworker user ids
    leaders: dict[int, list[int]]          # team id -> team leader user ids
    mentors: list[MentorInfo]
    mentor_type_ids: dict[str, int]
    task_ids: list[int]
    # mentor type code -> (internal mentors, external mentors, § 31 d mentors)
    by_type: dict[str, tuple[list[MentorInfo], list[MentorInfo], list[MentorInfo]]] = field(
        default_factory=dict)

    def __post_init__(self) -> None:
        for code in self.mentor_type_ids:
            self.by_type[code] = (
                [m for m in self.mentors if code in m.types and m.internal],
                [m for m in self.mentors if code in m.types and not m.internal
                 and not m.section_31d],
                [m for m in self.mentors if code in m.types and m.section_31d],
            )


def organisation_exists(municipality: Municipality) -> bool:
    """Whether the bulk organisation (made after the hand-made demo) is there."""
    return Mentor.objects.filter(provider__municipality=municipality,
                                 user__username="mentor-0001").exists()


def _team_count(citizens: int) -> int:
    return max(3, min(3 + len(EXTRA_TEAMS), citizens // 8_000))


def _mentor_count(citizens: int) -> int:
    """About 35 open courses per mentor, as a real caseload."""
    return max(8, citizens // 400)


def _ensure_user(username: str, first: str, last: str, role: str, teams: Iterable[Team],
                 password_hash: str, groups: dict[str, Group]) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last,
                                     "email": f"{username}@demo-kommune.example",
                                     "password": password_hash})
    if created:
        user.groups.add(groups[role])
        user.teams.add(*teams)
    return user


FIRST_NAMES = (
    *demo.FIRST_NAMES,
    "Sofie", "William", "Emma", "Noah", "Alma", "Lucas", "Clara", "Victor", "Freja", "Malthe",
    "Karla", "Alfred", "Ella", "Oscar", "Agnes", "Carl", "Josefine", "Elias", "Asta", "August",
    "Mille", "Magnus", "Caroline", "Sebastian", "Amalie", "Christian", "Line", "Mohammed",
    "Aisha", "Ali", "Leyla", "Omar", "Zainab", "Hassan", "Mette", "Lars", "Hanne", "Peter",
    "Susanne", "Henrik", "Birgitte", "Jens", "Tina", "Søren", "Louise", "Thomas", "Pernille",
    "Martin", "Katrine", "Jesper", "Rikke", "Nikolaj", "Stine", "Anders", "Helle", "Mikael",
    "Dorthe", "Bo", "Lone", "Kim",
)
LAST_NAMES = (
    *demo.LAST_NAMES,
    "Knudsen", "Mikkelsen", "Frederiksen", "Henriksen", "Jakobsen", "Lund", "Holm", "Schmidt",
    "Eriksen", "Kristiansen", "Simonsen", "Clausen", "Svendsen", "Andreasen", "Iversen",
    "Jeppesen", "Vestergaard", "Mogensen", "Nissen", "Lauridsen", "Jacobsen", "Kjær", "Dahl",
    "Bach", "Berg", "Ali", "Yilmaz", "Ahmadi", "Nguyen", "Karimi", "Abdi", "Kaya", "Haddad",
    "Bakir", "Demir", "Özdemir", "Skov", "Bruun", "Winther", "Bang",
)


def ensure_organisation(municipality: Municipality, citizens: int) -> Organisation:
    """Teams, caseworkers, team leaders, providers and mentors for ``citizens`` citizens.
    Idempotent (by name and username). Bulk users log in with the demo password."""
    password_hash = make_password(demo.DEMO_PASSWORD)
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    teams = list(Team.objects.filter(municipality=municipality, name__in=demo.TEAMS))
    teams.extend(Team.objects.get_or_create(municipality=municipality, name=name)[0]
                 for name in EXTRA_TEAMS[:_team_count(citizens) - len(demo.TEAMS)])
    teams.sort(key=lambda t: t.pk)
    caseworkers: dict[int, list[int]] = {}
    leaders: dict[int, list[int]] = {}
    for number, team in enumerate(teams, start=1):
        for k in range(1, 7):
            _ensure_user(f"sagsbehandler-{number:02d}-{k}", demo.FIRST_NAMES[(number + k) % 20],
                         f"Sagsbehandler {number:02d}-{k}", Role.CASEWORKER, [team],
                         password_hash, groups)
        if team.name not in demo.TEAMS:
            _ensure_user(f"teamleder-{number:02d}", demo.FIRST_NAMES[number % 20],
                         f"Teamleder {number:02d}", Role.TEAM_LEADER, [team], password_hash,
                         groups)
        members = User.objects.filter(teams=team)
        caseworkers[team.pk] = sorted(members.filter(groups__name=Role.CASEWORKER)
                                      .values_list("pk", flat=True))
        leaders[team.pk] = sorted(members.filter(groups__name=Role.TEAM_LEADER)
                                  .values_list("pk", flat=True))

    granter = User.objects.get(username="leder")
    mentor_types = {mt.code: mt for mt in MentorType.objects.all()}
    internal = Provider.objects.get(municipality=municipality, kind=ProviderKind.INTERNAL,
                                    name="Jobcentrets mentorkorps")
    providers: list[tuple[Provider, Sequence[str]]] = [(internal, INTERNAL_TYPES)]
    for name, kind, price, provider_codes in BULK_PROVIDERS:
        provider, _ = Provider.objects.get_or_create(
            municipality=municipality, name=name,
            defaults={"kind": kind, "hourly_price": Decimal(price),
                      "agreement_start": datetime.date(2014, 1, 1),
                      "agreement_end": datetime.date(2028, 12, 31),
                      "contact_email": "kontakt@" + name.split()[0].lower() + ".example"})
        providers.append((provider, provider_codes))
    wanted = _mentor_count(citizens)
    for number in range(1, wanted + 1):
        # Four in nine internal; the rest spread over the external providers.
        if number % 9 < 4:
            provider, codes = providers[0]
        else:
            provider, codes = providers[1 + number % (len(providers) - 1)]
        username = f"mentor-{number:04d}"
        user = _ensure_user(username, FIRST_NAMES[number % len(FIRST_NAMES)],
                            LAST_NAMES[(number * 7) % len(LAST_NAMES)], Role.MENTOR, [],
                            password_hash, groups)
        mentor, created = Mentor.objects.get_or_create(
            user=user, defaults={"provider": provider, "name": user.get_full_name(),
                                 "email": user.email, "phone": f"70 20 {number % 100:02d} 00",
                                 "weekly_capacity_hours": Decimal("30")})
        if created:
            # Everyone takes the general offer (a fastholdelses-/tilbudsmentor's work, most of
            # the caseload), plus two of the provider's specialities: caseloads stay even.
            others = [code for code in codes if code != "retention_mentor"]
            # Seeded by the mentor's number: synthetic data that is the same on every run.
            chosen = ["retention_mentor", *random.Random(number).sample(  # noqa: S311 (seeded synthetic data)
                others, min(2, len(others)))]
            for code in chosen:
                Certification.objects.create(
                    mentor=mentor, mentor_type=mentor_types[code], granted_by=granter,
                    granted_on=datetime.date(2014, 1, 1) + datetime.timedelta(days=number))

    mentors = []
    certified: dict[int, set[str]] = {}
    for mentor_id, code in Certification.objects.filter(
            mentor__provider__municipality=municipality,
            mentor__active=True).values_list("mentor_id", "mentor_type__code"):
        certified.setdefault(mentor_id, set()).add(code)
    for mentor in (Mentor.objects.filter(provider__municipality=municipality, active=True,
                                         user__isnull=False)
                   .select_related("provider").order_by("pk")):
        if mentor.user_id is None:  # excluded by the query; for the type checker
            continue
        mentors.append(MentorInfo(
            id=mentor.pk, user_id=mentor.user_id, provider_id=mentor.provider_id,
            provider_kind=mentor.provider.kind, hourly_price=mentor.provider.hourly_price,
            types=frozenset(certified.get(mentor.pk, ()))))
    from mentor.models import MentorTask

    return Organisation(
        municipality=municipality, teams=[t.pk for t in teams], caseworkers=caseworkers,
        leaders=leaders, mentors=mentors,
        mentor_type_ids={code: mt.pk for code, mt in mentor_types.items()},
        task_ids=sorted(MentorTask.objects.values_list("pk", flat=True)))


# --- Citizens ----------------------------------------------------------------------------------

CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def fast_synthetic_cpr(rng: random.Random, birth: datetime.date) -> str:
    """As ``demo.synthetic_cpr`` (valid format, serial fails modulus 11, century digit right
    for the birth year) without a validation round-trip per try."""
    stem = birth.strftime("%d%m%y")
    stem_sum = sum(int(d) * w for d, w in zip(stem, CPR_WEIGHTS, strict=False))
    # Seventh digit: 0–3 always mean 1900–1999; 4–9 mean 2000–2036 for these birth years.
    centuries = "0123" if birth.year < 2000 else "456789"
    while True:
        serial = rng.choice(centuries) + f"{rng.randint(0, 999):03d}"
        total = stem_sum + sum(int(d) * w for d, w in zip(serial, CPR_WEIGHTS[6:], strict=True))
        if total % 11 != 0:
            return stem + serial


@dataclass
class CitizenFacts:
    """The facts a citizen's referrals start from (dates are set per decision)."""

    benefit: str
    activity_ready: bool
    can_take_part_in_offers: bool
    in_employment_activity: bool
    in_integration_programme: bool
    single_parent_with_education_order: bool
    has_vocational_education: bool
    previous_jobcentre_contact: bool
    psychiatric: bool
    prison: bool
    education: bool


def citizen_facts(rng: random.Random) -> CitizenFacts:
    benefits, weights = zip(*demo.BENEFIT_WEIGHTS, strict=True)
    benefit = rng.choices(benefits, weights)[0]
    on_assistance = benefit in (Benefit.CASH_BENEFIT, Benefit.EDUCATION_BENEFIT,
                                Benefit.INTEGRATION_BENEFIT)
    roll = rng.random()
    return CitizenFacts(
        benefit=benefit,
        activity_ready=on_assistance and rng.random() < 0.7,
        can_take_part_in_offers=rng.random() < 0.6,
        in_employment_activity=rng.random() < 0.4,
        in_integration_programme=benefit == Benefit.INTEGRATION_BENEFIT,
        single_parent_with_education_order=(benefit == Benefit.EDUCATION_BENEFIT
                                            and rng.random() < 0.15),
        has_vocational_education=rng.random() < 0.3,
        previous_jobcentre_contact=rng.random() < 0.8,
        psychiatric=roll < 0.06, prison=0.06 <= roll < 0.10,
        education=0.10 <= roll < 0.18,
    )


CITIZEN_FIELDS = (
    "id", "team_id", "cpr_encrypted", "cpr_hash", "birth_date", "first_name", "last_name",
    "search_name", "address", "phone", "email", "benefit", "activity_ready",
    "can_take_part_in_offers", "single_parent_with_education_order", "education_start_date",
    "previous_jobcentre_contact", "has_vocational_education", "psychiatric_discharge_date",
    "prison_release_date", "in_integration_programme", "in_employment_activity",
    "created_by_id", "caseworker_id", "created_at", "updated_at",
)
STREETS = ("Demovej", "Skolegade", "Havnevej", "Kirkestræde", "Møllevej", "Parkallé",
           "Vestergade", "Østergade", "Nørregade", "Søndergade", "Engvej", "Bakkevej")


@dataclass
class NewCitizen:
    id: int
    team_id: int
    birth: datetime.date
    facts: CitizenFacts
    registered: datetime.date


# --- The run -----------------------------------------------------------------------------------


@dataclass
class BulkResult:
    created_citizens: int
    seconds: float
    rows: dict[str, int]


def seed_bulk(municipality: Municipality, count: int, *, today: datetime.date,
              stdout: Output | None = None, chunk: int = CHUNK_CITIZENS,
              seed: int = 2014) -> BulkResult:
    """Top the municipality up to ``count`` citizens, each with a whole history."""
    from mentor.seed.bulk_history import HistoryGenerator

    started = time.perf_counter()
    existing = Citizen.objects.filter(team__municipality=municipality).count()
    if existing >= count:
        return BulkResult(0, 0.0, {})
    org = ensure_organisation(municipality, count)
    generator = HistoryGenerator(org, today=today)
    citizen_table = Table(Citizen, CITIZEN_FIELDS)
    citizen_ids = IdPool(Citizen)
    hashes = set(Citizen.objects.values_list("cpr_hash", flat=True))
    writer = Writer([citizen_table, *generator.tables])
    remaining = count - existing
    made = 0
    try:
        while made < remaining:
            size = min(chunk, remaining - made)
            rng = random.Random(f"{seed}:{existing + made}")  # noqa: S311 (seeded synthetic data)
            batch = Batch([citizen_table, *generator.tables])
            for _ in range(size):
                plan = generator.plan(rng)
                citizen = _new_citizen(rng, citizen_ids.take(), org, hashes, today,
                                       plan.registered, citizen_table, batch)
                generator.citizen_history(rng, citizen, plan, batch)
            writer.write(batch)
            made += size
            if stdout is not None:
                stdout.write(f"  {existing + made:>9,} citizens "
                             f"({time.perf_counter() - started:,.0f} s)\n")
    finally:
        writer.close()
    if stdout is not None and writer.timings:
        stdout.write("  database: " + ", ".join(
            f"{name} {seconds:,.0f} s" for name, seconds in writer.timings.items()) + "\n")
    analyse([citizen_table, *generator.tables])
    return BulkResult(made, time.perf_counter() - started, dict(writer.written))


def _new_citizen(rng: random.Random, citizen_id: int, org: Organisation, hashes: set[str],
                 today: datetime.date, registered: datetime.date, table: Table,
                 batch: Batch) -> NewCitizen:
    while True:
        birth = today - datetime.timedelta(days=rng.randint(18 * 365, 64 * 365))
        number = fast_synthetic_cpr(rng, birth)
        digest = cpr_lib.keyed_hash(number)
        if digest not in hashes:
            hashes.add(digest)
            break
    facts = citizen_facts(rng)
    team_id = rng.choice(org.teams)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    created = datetime.datetime(registered.year, registered.month, registered.day,
                                rng.randint(8, 15), rng.randint(0, 59), tzinfo=UTC)
    psychiatric = (today + datetime.timedelta(days=rng.randint(10, 120))
                   if facts.psychiatric else None)
    prison = today + datetime.timedelta(days=rng.randint(10, 120)) if facts.prison else None
    education = today + datetime.timedelta(days=rng.randint(5, 90)) if facts.education else None
    # Drawn in the order the row lists them, as before the caseworker column was added.
    address = f"{rng.choice(STREETS)} {rng.randint(1, 199)}"
    phone = (f"{rng.choice('2345')}{rng.randint(0, 9)} {rng.randint(10, 99)} "
             f"{rng.randint(10, 99)} {rng.randint(10, 99)}")
    caseworker = rng.choice(org.caseworkers[team_id])
    batch.add(table, (
        citizen_id, team_id, cpr_lib.encrypt(number), digest, birth, first, last,
        search_name_for(first, last), address, phone, "", facts.benefit, facts.activity_ready,
        facts.can_take_part_in_offers, facts.single_parent_with_education_order, education,
        facts.previous_jobcentre_contact, facts.has_vocational_education, psychiatric, prison,
        facts.in_integration_programme, facts.in_employment_activity,
        caseworker, caseworker, created, created,
    ))
    return NewCitizen(citizen_id, team_id, birth, facts, registered)


def analyse(tables: Iterable[Table]) -> None:
    """Fresh planner statistics (and, on PostgreSQL, the visibility map for index-only scans)
    after a load, so that the first queries do not plan on an empty table's estimates."""
    names = [table.name for table in tables]
    with connection.cursor() as cursor:
        for name in names:
            if _is_postgres() and not connection.in_atomic_block:
                cursor.execute(f'VACUUM (ANALYZE) "{name}"')
            else:
                cursor.execute(f'ANALYZE "{name}"')
