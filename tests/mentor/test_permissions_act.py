"""Who may act: one table per predicate of ``mentor/permissions.py`` (who × situation →
allowed). The four-eyes rule of ``may_approve`` has its own file
(``tests/visitation/test_four_eyes.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

from mentor import permissions
from mentor.models import Role, User
from tests.conftest import People
from tests.factories import CitizenFactory, MentorFactory, UserFactory, submitted_referral

WHO = ("caseworker", "team_leader", "both", "outsider", "other_leader", "mentor",
       "other_mentor", "manager", "administrator", "superuser")


@dataclass
class World:
    users: dict[str, User]
    citizen: Any  # of the team
    course: Any  # of the team, with the mentor
    referral: Any  # of the team, submitted by the caseworker


@pytest.fixture
def world(people: People) -> World:
    other_mentor = UserFactory(username="mentor2", roles=[Role.MENTOR])
    MentorFactory(user=other_mentor, provider__municipality=people.municipality)
    users = {
        "caseworker": people.caseworker, "team_leader": people.team_leader,
        "both": UserFactory(username="both", roles=[Role.CASEWORKER, Role.TEAM_LEADER],
                            teams=[people.team]),
        "outsider": people.outsider,
        "other_leader": UserFactory(username="leader2", roles=[Role.TEAM_LEADER],
                                    teams=[people.other_team]),
        "mentor": people.mentor_user,
        "other_mentor": other_mentor,
        "manager": people.manager, "administrator": people.administrator,
        "superuser": UserFactory(username="root", is_superuser=True),
    }
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    # Attribute reads are all the course predicates make.
    course = SimpleNamespace(team_id=people.team.pk, mentor=people.mentor)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    return World(users, citizen, course, referral)


def allowed(*who: str) -> dict[str, bool]:
    unknown = set(who) - set(WHO)
    assert not unknown, unknown
    return {name: name in who for name in WHO}


CASE_WORKERS = ("caseworker", "team_leader", "both", "outsider", "other_leader")
TEAM_CASE_WORKERS = ("caseworker", "team_leader", "both")

# predicate name → (call, who may)
TABLE: dict[str, tuple[Callable[[User, World], bool], dict[str, bool]]] = {
    "does_case_work": (lambda u, w: permissions.does_case_work(u), allowed(*CASE_WORKERS)),
    "follows_own_courses_only": (lambda u, w: permissions.follows_own_courses_only(u),
                                 allowed("caseworker", "outsider")),
    "may_register_citizen": (lambda u, w: permissions.may_register_citizen(u),
                             allowed("caseworker", "both", "outsider")),
    "may_register_citizen (in the team)": (
        lambda u, w: permissions.may_register_citizen(u, w.citizen.team),
        allowed("caseworker", "both")),
    "may_edit_citizen": (lambda u, w: permissions.may_edit_citizen(u, w.citizen),
                         allowed("caseworker", "both")),
    "may_file_referral (any)": (lambda u, w: permissions.may_file_referral(u),
                                allowed("caseworker", "both", "outsider")),
    "may_file_referral (the team's citizen)": (
        lambda u, w: permissions.may_file_referral(u, w.citizen), allowed("caseworker", "both")),
    "may_approve (any)": (lambda u, w: permissions.may_approve(u),
                          allowed("team_leader", "both", "other_leader")),
    "may_approve (the caseworker's referral)": (
        lambda u, w: permissions.may_approve(u, w.referral), allowed("team_leader", "both")),
    "may_manage_course": (lambda u, w: permissions.may_manage_course(u, w.course),
                          allowed(*TEAM_CASE_WORKERS)),
    "may_manage_agreements": (lambda u, w: permissions.may_manage_agreements(u, w.course),
                              allowed(*TEAM_CASE_WORKERS)),
    "may_journal": (lambda u, w: permissions.may_journal(u, w.course), allowed("mentor")),
    "may_correct_entry (the mentor's entry)": (
        lambda u, w: permissions.may_correct_entry(
            u, SimpleNamespace(author_id=w.users["mentor"].pk), w.course),  # type: ignore[arg-type]
        allowed("mentor")),
    "may_complete_review": (lambda u, w: permissions.may_complete_review(u, w.course),
                            allowed("mentor", "caseworker", "both")),
    "may_use_mentor_workspace": (lambda u, w: permissions.may_use_mentor_workspace(u),
                                 allowed("mentor", "other_mentor")),
    "may_run_followup": (lambda u, w: permissions.may_run_followup(u),
                         allowed("team_leader", "both", "other_leader")),
    "may_look_up_citizen": (lambda u, w: permissions.may_look_up_citizen(u), allowed("manager")),
    "may_view_dashboard": (lambda u, w: permissions.may_view_dashboard(u),
                           allowed("manager", "team_leader", "both", "other_leader")),
    "reports_on_all_teams": (lambda u, w: permissions.reports_on_all_teams(u),
                             allowed("manager")),
    "reports_on_own_teams": (lambda u, w: permissions.reports_on_own_teams(u),
                             allowed("team_leader", "both", "other_leader")),
    "may_simulate_policy": (lambda u, w: permissions.may_simulate_policy(u),
                            allowed("administrator", "superuser", "manager")),
    "may_view_money_reports": (lambda u, w: permissions.may_view_money_reports(u),
                               allowed("manager", "administrator", "superuser")),
    "may_set_spending_warnings": (lambda u, w: permissions.may_set_spending_warnings(u),
                                  allowed("manager", "administrator", "superuser")),
    "may_enter_spending_basis": (lambda u, w: permissions.may_enter_spending_basis(u),
                                 allowed("administrator", "superuser")),
    "may_see_course_costs": (lambda u, w: permissions.may_see_course_costs(u),
                             allowed(*CASE_WORKERS, "manager", "administrator", "superuser")),
    "may_enrol_two_factor": (lambda u, w: permissions.may_enrol_two_factor(u), allowed(*WHO)),
    # Another user's second factor (the caseworker's); the administrator's own: nobody.
    "may_reset_two_factor": (lambda u, w: permissions.may_reset_two_factor(
        u, w.users["caseworker"]), allowed("administrator", "superuser")),
    "may_reset_two_factor (own)": (lambda u, w: permissions.may_reset_two_factor(u, u),
                                   allowed()),
    "is_administrator": (lambda u, w: permissions.is_administrator(u),
                         allowed("administrator", "superuser")),
    "may_lead_team": (lambda u, w: permissions.may_lead_team(u, w.citizen.team_id),
                      allowed("team_leader", "both", "administrator", "superuser")),
    "may_lead_team (another team)": (
        lambda u, w: permissions.may_lead_team(
            u, next(iter(w.users["other_leader"].team_ids))),
        allowed("other_leader", "administrator", "superuser")),
    "may_view_caseloads": (lambda u, w: permissions.may_view_caseloads(u),
                           allowed("team_leader", "both", "other_leader", "administrator",
                                   "superuser")),
    "may_write_team_note": (lambda u, w: permissions.may_write_team_note(u, w.course),
                            allowed("team_leader", "both")),
    # The course's caseworker is the people fixture's caseworker ("both" reads it as a
    # team leader of the team).
    "may_read_team_note": (lambda u, w: permissions.may_read_team_note(u, SimpleNamespace(
        team_id=w.course.team_id, mentor=w.course.mentor,
        caseworker_id=w.users["caseworker"].pk)),  # type: ignore[arg-type]
        allowed("caseworker", "team_leader", "both", "mentor")),
    "may_send_letters": (lambda u, w: permissions.may_send_letters(u, w.citizen),
                         allowed(*TEAM_CASE_WORKERS)),
    "may_print_letters (any)": (lambda u, w: permissions.may_print_letters(u),
                                allowed(*CASE_WORKERS)),
    "may_print_letters (the team's)": (
        lambda u, w: permissions.may_print_letters(u, w.citizen.team),
        allowed(*TEAM_CASE_WORKERS)),
    "may_edit_letter_templates": (lambda u, w: permissions.may_edit_letter_templates(u),
                                  allowed("administrator", "superuser")),
    "may_register_complaint": (lambda u, w: permissions.may_register_complaint(u, w.citizen),
                               allowed(*TEAM_CASE_WORKERS)),
    # Attribute reads are all the predicate makes: a complaint of the team.
    "may_reassess_complaint": (lambda u, w: permissions.may_reassess_complaint(
        u, SimpleNamespace(team_id=w.citizen.team_id)),  # type: ignore[arg-type]
        allowed("team_leader", "both")),
    "may_upload_document": (lambda u, w: permissions.may_upload_document(u, w.citizen),
                            allowed(*TEAM_CASE_WORKERS)),
    "may_export_citizen": (lambda u, w: permissions.may_export_citizen(u, w.citizen),
                           allowed("team_leader", "both")),
    # Without single sign-on (the test settings) everyone signs in with a password; with it,
    # only the break-glass accounts (tests of the sign-in cover that).
    "may_sign_in_with_password": (lambda u, w: permissions.may_sign_in_with_password(u),
                                  allowed(*WHO)),
    # Only an API client's system user (tests/mentor/api/test_api_provider.py); no person.
    "may_register_provider_costs": (
        lambda u, w: permissions.may_register_provider_costs(u, w.course.mentor.provider),
        allowed()),
}


@pytest.mark.parametrize("predicate", TABLE)
def test_who_may_act(world: World, predicate: str) -> None:
    call, expected = TABLE[predicate]
    assert {who: call(world.users[who], world) for who in WHO} == expected


def test_every_predicate_of_the_block_has_a_table_and_a_docstring() -> None:
    names = {name.split(" ")[0] for name in TABLE}
    public = {name for name, value in vars(permissions).items()
              if callable(value) and (name.startswith(("may_", "reports_on_"))
                                      or name in {"does_case_work", "follows_own_courses_only"})}
    assert public <= names
    for name in names:
        assert getattr(permissions, name).__doc__, name


def test_a_course_without_a_mentor_has_no_journal_writer(world: World) -> None:
    course = SimpleNamespace(team_id=world.course.team_id, mentor=None)
    assert not any(permissions.may_journal(user, course) for user in world.users.values())  # type: ignore[arg-type]


def test_an_author_who_is_no_longer_the_mentor_may_not_correct(world: World,
                                                               people: People) -> None:
    entry = SimpleNamespace(author_id=people.mentor_user.pk)
    reassigned = SimpleNamespace(team_id=world.course.team_id,
                                 mentor=SimpleNamespace(user_id=world.users["other_mentor"].pk))
    assert not permissions.may_correct_entry(people.mentor_user, entry, reassigned)  # type: ignore[arg-type]
    assert not permissions.may_correct_entry(world.users["other_mentor"], entry, reassigned)  # type: ignore[arg-type]


# --- The services ask the same predicates and refuse with NotPermitted ---------------------


def test_the_services_refuse_who_may_not_act(world: World, people: People) -> None:
    import datetime

    from agreements.services import agreement_draft_open
    from mentor.services import NotPermitted, citizen_create
    from mentor.services_citizens import social_support_add
    from mentor.services_security import lookup_open
    from visitation.services.calendar import calendar_token_regenerate

    refused: dict[str, Callable[[], object]] = {
        "citizen_create": lambda: citizen_create(actor=people.outsider, team=people.team,
                                                 cpr="0101901234"),
        "social_support_add": lambda: social_support_add(
            actor=people.team_leader, citizen=world.citizen, kind="s85",
            start_date=datetime.date(2026, 1, 1)),
        "lookup_open": lambda: lookup_open(actor=people.team_leader, citizen=world.citizen,
                                           reason="Klage fra borgeren over forløbet."),
        "calendar_token_regenerate": lambda: calendar_token_regenerate(actor=people.caseworker),
        "agreement_draft_open": lambda: agreement_draft_open(actor=people.mentor_user,
                                                             course=world.course),
    }
    for name, call in refused.items():
        with pytest.raises(NotPermitted):
            call()
            pytest.fail(f"{name} was allowed")
