"""The dashboard's parts in the cache (mentor/caching.py, reporting.selectors.PART_VERSIONS):
the cached dashboard equals the computed one; every write through a service or the admin shows
on the next read after its commit; a rolled-back write leaves nothing behind; a user never sees
another scope's rows or another user's links; a hit costs a few constant queries; one of many
concurrent misses computes."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentor import caching
from mentor.models import AccessAction, MentorType, Role, Team, User
from mentor.permissions import log_access
from mentor.services import citizen_update
from reporting import services as cost_services
from reporting.models import CostKind
from reporting.periods import period_for
from reporting.selectors import ReportFilter, dashboard, report_tables
from reporting.tables import Table
from tests.admin_forms import admin_save, committed
from tests.conftest import People
from tests.factories import CitizenFactory, UserFactory, submitted_referral
from tests.reporting.helpers import cost, holistic, journal, retention
from visitation.models import (
    ContactForm,
    Course,
    EndReason,
    JournalPhase,
    Outcome,
    Review,
    ReviewOutcome,
    ReviewStatus,
)
from visitation.services.courses import course_end, course_extend
from visitation.services.journal import EntryData, journal_entry_add, journal_entry_edit
from visitation.services.referrals import referral_approve
from visitation.services.reviews import GoalProgression, review_complete

D = datetime.date
TODAY = D(2019, 11, 22)
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _today() -> Any:
    cache.clear()
    with time_machine.travel(datetime.datetime(2019, 11, 22, 10, tzinfo=CPH), tick=False):
        yield


@dataclass
class World:
    people: People
    leader_b: User  # the other team's team leader
    c1: Course  # right and duty, our team: overdue contact and reviews
    c2: Course  # right and duty, the other team
    c3: Course  # offer (retention), our team
    line: Any
    admin: Client


@pytest.fixture
def world(people: People, admin_client: Client) -> World:
    # As if committed: the services' bumps done, so the reads after it may use the cache.
    return committed(lambda: _world(people, admin_client))


def _world(people: People, admin_client: Client) -> World:
    leader_b = UserFactory(username="leader_b", roles=[Role.TEAM_LEADER],
                           teams=[people.other_team])
    c1 = holistic(people, D(2019, 6, 1))
    c2 = holistic(people, D(2019, 7, 1), team=people.other_team)
    c3 = retention(people, D(2019, 2, 1))
    line = cost(c1, 1000, D(2019, 6, 1))
    cost(c2, 2500, D(2019, 7, 1))
    cost(c3, 900, D(2019, 3, 1), kind=CostKind.INTERNAL, hours="6")
    journal(c2, D(2019, 11, 4), 90, people.mentor_user)  # November time without a cost line
    return World(people, leader_b, c1, c2, c3, line, admin_client)


def computed(user: User, f: ReportFilter) -> dict[str, Table]:
    return dashboard(f, user=user, today=timezone.localdate())


def cached(user: User, f: ReportFilter) -> dict[str, Table]:
    return dashboard(f, user=user, today=timezone.localdate(), cached=True)


def year(team_ids: frozenset[int] | None = None, **filters: Any) -> ReportFilter:
    return ReportFilter(period_for(2019), team_ids, **filters)


def scope(user: User) -> frozenset[int] | None:
    return None if user.has_role(Role.MANAGER) else frozenset(user.team_ids)


# --- The same figures ----------------------------------------------------------------------


def test_the_cached_dashboard_equals_the_computed_one(world: World) -> None:
    p = world.people
    filters = [year(), ReportFilter(period_for(2019, "q3")), ReportFilter(period_for(2019, "m07")),
               year(kind="right_and_duty"), year(provider_id=world.c1.provider_id),
               year(mentor_type_id=world.c3.mentor_type_id), year(frozenset({p.team.pk}))]
    for user in (p.manager, p.team_leader, world.leader_b):
        for f in filters:
            if user != p.manager:
                f = ReportFilter(f.period, scope(user), f.provider_id, f.mentor_type_id, f.kind)
            first, second = cached(user, f), cached(user, f)
            assert first == second == computed(user, f), (user, f)
    assert cached(p.manager, year())["spend"].total[1] == Decimal(3500)


def test_a_second_read_comes_from_the_cache_in_two_queries(world: World) -> None:
    user, f = world.people.manager, year()
    cached(user, f)
    with CaptureQueriesContext(connection) as hit:
        tables = cached(user, f)
    # The live contact-interval figure, the overdue rows' names and links.
    assert len(hit) == 2
    assert "GROUPING" not in " ".join(q["sql"] for q in hit.captured_queries)
    assert tables == computed(user, f)


def test_the_query_count_of_a_hit_does_not_grow_with_rows(world: World) -> None:
    user, f = world.people.team_leader, year(frozenset({world.people.team.pk}))

    def hit() -> int:
        cached(user, f)
        with CaptureQueriesContext(connection) as queries:
            cached(user, f)
        return len(queries)

    def grow() -> None:
        for month in range(1, 9):
            course = holistic(world.people, D(2019, month, 1))
            cost(course, 100 * month, D(2019, month, 1))
        caching.bump(caching.COSTS)  # as the cost line services do

    small = hit()
    committed(grow)
    assert hit() == small == 2
    assert cached(user, f)["overdue_contacts"].total[-1] > 1


def test_tomorrow_is_computed_afresh(world: World) -> None:
    user, f = world.people.team_leader, year(frozenset({world.people.team.pk}))
    today = cached(user, f)["overdue_contacts"]
    with time_machine.travel(datetime.datetime(2019, 11, 23, 10, tzinfo=CPH), tick=False):
        tomorrow = cached(user, f)
        assert tomorrow == computed(user, f)
    assert tomorrow["overdue_contacts"].rows[0][-1] == today.rows[0][-1] + 1


# --- Writes show on the next read ----------------------------------------------------------


def _generate(w: World) -> None:
    created = cost_services.cost_lines_generate(
        actor=w.people.administrator, period_start=D(2019, 11, 1), period_end=D(2019, 11, 30))
    assert created == 1


def _approve(w: World) -> None:
    citizen = CitizenFactory(team=w.people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=w.people.caseworker)
    referral_approve(actor=w.people.team_leader, referral=referral, mentor=w.people.mentor)


def _complete_review(w: World) -> None:
    review = Review.objects.filter(course=w.c1, status=ReviewStatus.DUE,
                                   due_date__lt=TODAY).order_by("due_date").first()
    assert review is not None
    review_complete(actor=w.people.mentor_user, review=review,
                    progression=[GoalProgression(goal_id=None, scale=3, text="")],
                    effect="Mere stabilt fremmøde.", ready_for_active_offer=False,
                    outcome=ReviewOutcome.CONTINUE)


def _meeting(day: datetime.date) -> EntryData:
    return EntryData(contact_date=day, form=ContactForm.MEETING, duration_minutes=60,
                     phase=JournalPhase.COURSE, note="Møde om praktik.")


def _journal_entry(w: World) -> None:
    journal_entry_add(actor=w.people.mentor_user, course=w.c1, data=_meeting(D(2019, 11, 20)))


def _mentor_type(w: World) -> None:
    # An administrator recodes a mentor type in the admin: its courses change scheme.
    admin_save(w.admin, MentorType.objects.get(pk=w.c3.mentor_type_id),
               code="retention_mentor_local")


def _rename(w: World, row: Any) -> None:
    admin_save(w.admin, row, name=f"{row.name} (nyt navn)")


WRITES: dict[str, Callable[[World], Any]] = {
    "cost line created": lambda w: cost_services.cost_line_create(
        actor=w.people.administrator, course=w.c1, provider=w.c1.provider,
        kind=CostKind.INVOICE, period_start=D(2019, 10, 1), period_end=D(2019, 10, 31),
        hours=Decimal(3), amount=Decimal(777)),
    "cost line edited": lambda w: cost_services.cost_line_update(
        actor=w.people.administrator, cost_line=w.line, reason="Forkert beløb",
        amount=Decimal(1234)),
    "cost line deleted": lambda w: cost_services.cost_line_delete(
        actor=w.people.administrator, cost_line=w.line, reason="Registreret ved en fejl"),
    "cost lines generated": _generate,
    "course approved": _approve,
    "course ended": lambda w: course_end(
        actor=w.people.caseworker, course=w.c3, reason=EndReason.JOB,
        ended_on=D(2019, 11, 1), outcome=Outcome.JOB),
    "course extended": lambda w: course_extend(
        actor=w.people.caseworker, course=w.c1, reason="Kan fortsat ikke deltage i tilbud."),
    "review completed": _complete_review,
    "journal entry": _journal_entry,
    "citizen renamed": lambda w: citizen_update(
        actor=w.people.caseworker, citizen=w.c1.citizen, first_name="Nyt", last_name="Navn"),
    "manager looks the citizen up": lambda w: log_access(
        w.people.manager, w.c1.citizen, action=AccessAction.LOOKUP, what="Opslag"),
    "mentor type recoded": _mentor_type,
    "team renamed": lambda w: _rename(w, Team.objects.get(pk=w.people.team.pk)),
    "mentor type renamed": lambda w: _rename(w, MentorType.objects.get(pk=w.c1.mentor_type_id)),
}


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_write_shows_on_the_next_read(world: World, write: str) -> None:
    p = world.people
    readers = [(p.manager, year()), (p.team_leader, year(frozenset({p.team.pk}))),
               (world.leader_b, year(frozenset({p.other_team.pk})))]
    before = {user.pk: cached(user, f) for user, f in readers}
    committed(lambda: WRITES[write](world))
    changed = False
    for user, f in readers:
        after = cached(user, f)
        assert after == computed(user, f), (write, user)
        changed |= after != before[user.pk]
    assert changed, f"{write} changed no figure: the test would prove nothing"


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_write_shows_at_once_in_its_own_transaction(world: World, write: str) -> None:
    """Before the commit the writing transaction reads its parts from the database."""
    p = world.people
    for user, f in ((p.manager, year()), (p.team_leader, year(frozenset({p.team.pk})))):
        cached(user, f)
    WRITES[write](world)
    for user, f in ((p.manager, year()), (p.team_leader, year(frozenset({p.team.pk})))):
        assert cached(user, f) == computed(user, f), (write, user)


def test_a_write_rolled_back_leaves_nothing_in_the_cache(world: World) -> None:
    user, f = world.people.manager, year()
    before = cached(user, f)
    with transaction.atomic():
        WRITES["cost line created"](world)
        inside = cached(user, f)
        assert inside == computed(user, f) != before
        transaction.set_rollback(True)
    assert cached(user, f) == before == computed(user, f)


def test_after_the_commit_the_parts_are_cached_again(world: World) -> None:
    user, f = world.people.manager, year()
    cached(user, f)
    committed(lambda: WRITES["cost line created"](world))
    cached(user, f)
    with CaptureQueriesContext(connection) as hit:
        tables = cached(user, f)
    assert len(hit) == 2
    assert tables == computed(user, f)


def test_a_journal_entry_edited_in_place_shows_on_the_next_read(world: World) -> None:
    """An edit adds no journal row, only history: the contact figures still move."""
    user, f = world.people.team_leader, year(frozenset({world.people.team.pk}))
    entry = committed(lambda: journal_entry_add(
        actor=world.people.mentor_user, course=world.c1, data=_meeting(D(2019, 11, 20))))
    before = cached(user, f)
    assert f"#{world.c1.pk}" not in _listed(before["overdue_contacts"])
    committed(lambda: journal_entry_edit(actor=world.people.mentor_user, entry=entry,
                                         data=_meeting(D(2019, 10, 1))))
    after = cached(user, f)
    assert f"#{world.c1.pk}" in _listed(after["overdue_contacts"])
    assert after == computed(user, f)


def test_a_journal_entry_leaves_the_course_and_cost_facts_in_the_cache(world: World) -> None:
    user, f = world.people.manager, year()
    cached(user, f)
    committed(lambda: _journal_entry(world))
    with CaptureQueriesContext(connection) as queries:
        tables = cached(user, f)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "GROUPING" not in sql  # courses and costs: still cached
    assert "next_contact_due" in sql  # the contact figures: computed again
    assert tables == computed(user, f)


def test_exports_take_the_figures_from_the_cache_and_the_full_lists_afresh(
        world: World) -> None:
    user, f, today = world.people.manager, year(), timezone.localdate()
    capped = dashboard(f, user=user, today=today, list_limit=1, cached=True)
    assert len(capped["overdue_contacts"].rows) == 1 < capped["overdue_contacts"].total[-1]
    exported = report_tables(["compliance", "overdue_contacts"], f, user=user, today=today,
                             list_limit=None, cached=True)
    full = exported["overdue_contacts"]
    assert len(full.rows) == full.total[-1] == capped["overdue_contacts"].total[-1]
    assert exported == report_tables(["compliance", "overdue_contacts"], f, user=user,
                                     today=today, list_limit=None)


# --- Scopes and users ----------------------------------------------------------------------


def _listed(table: Table) -> set[str]:
    return {row[0] for row in table.rows}


def test_team_leaders_never_see_each_others_lists(world: World) -> None:
    p = world.people
    ours, theirs = f"#{world.c1.pk}", f"#{world.c2.pk}"
    mine = cached(p.team_leader, year(frozenset({p.team.pk})))
    other = cached(world.leader_b, year(frozenset({p.other_team.pk})))
    assert ours in _listed(mine["overdue_contacts"]) and theirs not in _listed(
        mine["overdue_contacts"])
    assert theirs in _listed(other["overdue_contacts"]) and ours not in _listed(
        other["overdue_contacts"])
    own = {f"#{world.c1.pk}", f"#{world.c3.pk}"}
    for tables, team in ((mine, own), (other, {theirs})):
        for key in ("overdue_contacts", "overdue_reviews"):
            assert _listed(tables[key]) and _listed(tables[key]) <= team
            assert all(tables[key].row_links)
    assert world.c1.citizen.full_name not in str(other["overdue_contacts"].rows)
    assert other["spend"].total[1] == Decimal(2500) and mine["spend"].total[1] == Decimal(1000)


def test_a_shared_cached_list_shows_names_and_links_only_to_who_may_open_the_case(
        world: World) -> None:
    p = world.people
    f = year(frozenset({p.team.pk}))  # the team leader's scope, and a manager's team filter
    leader = cached(p.team_leader, f)["overdue_contacts"]
    manager = cached(p.manager, f)["overdue_contacts"]
    assert _listed(leader) == _listed(manager)
    assert world.c1.citizen.full_name in str(leader.rows)
    assert world.c1.citizen.full_name not in str(manager.rows)
    assert all(leader.row_links) and not any(manager.row_links)
    assert manager.citizen_ids == []


# --- Many misses at once -------------------------------------------------------------------


def test_one_of_many_concurrent_misses_computes_and_the_others_wait() -> None:
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        time.sleep(0.3)
        return "figures"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(caching.cached(
        "test:stampede", slow, versions=[], ttl=60, stampede_lock=True))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["figures"] * 8
    assert len(calls) == 1


def test_a_waiting_reader_computes_itself_when_no_result_comes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caching, "WAIT_SECONDS", 0.1)
    cache.add("test:stuck:lock", 1, 60)  # a holder that died without a result
    assert caching.cached("test:stuck", lambda: "own", versions=[], ttl=60,
                          stampede_lock=True) == "own"
    assert caching.cached("test:stuck", lambda: "other", versions=[], ttl=60) == "own"
