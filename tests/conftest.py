"""Shared fixtures: named people (a caseworker, a team leader, a mentor, a manager, an
outsider, an administrator), and the browser for Playwright tests."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from pytest_django import DjangoDbBlocker

from mentor.models import Mentor, Municipality, Role, Team, User
from tests.factories import (
    PASSWORD,
    MentorFactory,
    MunicipalityFactory,
    TeamFactory,
    UserFactory,
    certify,
)
from tests.second_factor import TwoFactorClient, code_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

# ``module_db``: call it for a block with the module's transaction open (``with module_db():``).
ModuleDb = Callable[[], AbstractContextManager[None]]

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to
# run there unless told that it is safe, which it is in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: cached user state, reference data and dashboard
    figures are keyed by primary keys, which another test's rolled-back rows may have used."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def client() -> TwoFactorClient:
    """pytest-django's ``client``, whose logins also do the second factor (a confirmed device,
    a verified session: ``tests/second_factor.py``)."""
    return TwoFactorClient()


@pytest.fixture
def admin_client(db: None, admin_user: User) -> TwoFactorClient:
    client = TwoFactorClient()
    client.force_login(admin_user)
    return client


@dataclass
class People:
    municipality: Municipality
    team: Team
    other_team: Team
    caseworker: User
    team_leader: User
    mentor_user: User
    mentor: Mentor
    manager: User
    administrator: User
    outsider: User  # a caseworker of another team
    # The other team's team leader, and the team's visitation deputy: every referral of the
    # standard set-up has someone who may decide it (tests/visitation/test_no_stuck_referrals.py).
    other_team_leader: User


def ensure_reference_data() -> None:
    """Catalogues and role groups. A data migration creates them and each test's rollback
    keeps them; a transactional test flushes the database afterwards, so they are loaded
    again (idempotently) when they are missing. Counting first spares every other test the
    loader's update and history row per catalogue entry."""
    from django.contrib.auth.models import Group

    from mentor import catalogues
    from mentor.models import MentorTask, MentorType, TargetGroup

    complete = (
        MentorType.objects.count() == len(catalogues.MENTOR_TYPES)
        and TargetGroup.objects.count() == len(catalogues.TARGET_GROUPS)
        and MentorTask.objects.count() == len(catalogues.MENTOR_TASKS)
        and Group.objects.filter(name__in=Role.values).count() == len(Role.values))
    if not complete:
        catalogues.load_catalogues(MentorType, TargetGroup, MentorTask)
        for role in Role.values:
            Group.objects.get_or_create(name=role)
    _ensure_letter_templates()


def _ensure_letter_templates() -> None:
    """Version 1 of the letter templates (a data migration's rows, flushed like the above)."""
    from django.apps import apps as registry

    from agreements.letter_defaults import DEFAULT_TEMPLATES
    from agreements.models_letters import LetterTemplate

    if LetterTemplate.objects.filter(version=1).count() >= len(DEFAULT_TEMPLATES):
        return
    seed = importlib.import_module("agreements.migrations.0005_letter_templates_seed").seed
    seed(registry, None)


@pytest.fixture
def reference_data(db: None) -> None:
    ensure_reference_data()


@pytest.fixture(scope="module")
def module_db(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[ModuleDb]:
    """One transaction around a test module, rolled back after its last test, for data that is
    slow to make and that the module's tests share (as Django's ``setUpTestData``). A module
    fixture makes the data inside ``with module_db():``; each test still runs in a savepoint
    of its own, so none sees another's changes. Every test of the module sees the data, so
    keep such a module to the tests that share it, all of them non-transactional."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        ensure_reference_data()
    try:
        yield django_db_blocker.unblock
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def people(reference_data: None) -> People:
    municipality = MunicipalityFactory(name="Testkommune")
    team = TeamFactory(municipality=municipality, name="Job og Kompetence")
    other_team = TeamFactory(municipality=municipality, name="Job og Helbred")
    caseworker = UserFactory(username="caseworker", first_name="Sofie",
                             roles=[Role.CASEWORKER], teams=[team])
    team_leader = UserFactory(username="teamleader", first_name="Torben",
                              roles=[Role.TEAM_LEADER], teams=[team])
    manager = UserFactory(username="manager", first_name="Lene", roles=[Role.MANAGER])
    mentor_user = UserFactory(username="mentor", first_name="Maja", roles=[Role.MENTOR])
    mentor = MentorFactory(user=mentor_user, name="Maja Mentor",
                           provider__municipality=municipality)
    certify(mentor, "holistic_mentor", "social_mentor", "discharge_coordinator",
            "retention_mentor", "professional_mentor", "release_coordinator",
            "study_start_coordinator", granted_by=manager)
    administrator = UserFactory(username="administrator", first_name="Anders",
                                roles=[Role.ADMINISTRATOR], is_staff=True)
    outsider = UserFactory(username="outsider", first_name="Otto", roles=[Role.CASEWORKER],
                           teams=[other_team])
    other_team_leader = UserFactory(username="otherteamleader", first_name="Ove",
                                    roles=[Role.TEAM_LEADER], teams=[other_team])
    # The team's only team leader may also file referrals: the other team's leader decides
    # those (its visitation deputy).
    team.visitation_deputy = other_team_leader
    team.save(update_fields=["visitation_deputy"])
    return People(municipality, team, other_team, caseworker, team_leader, mentor_user, mentor,
                  manager, administrator, outsider, other_team_leader)


# --- Browser -------------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="da-DK",
                                  accept_downloads=True)
    # Generous: a PDF render on a busy 2-core machine can take seconds.
    context.set_default_timeout(45_000)
    page = context.new_page()
    yield page
    context.close()


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Signs in as a user does: the password, then the code from the authenticator app (the
    user is given a confirmed device if they have none)."""
    user = User.objects.get(username=username)
    code_for(user)
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/two-factor/verify/" in url)
    page.fill("input[name=token]", code_for(user))
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url and "/two-factor/" not in url)
