"""Every URL of the project, for every role, against an object the role may and may not see.

Add an entry to ``MATRIX`` for each new URL name: which roles may use it, on what object, and
what the others get. A URL without an entry fails ``test_every_url_has_an_entry``.
"""

from __future__ import annotations

import pytest

from mentor.models import AccessAction
from tests.agreements.matrix import AGREEMENT_MATRIX
from tests.agreements.matrix_letters import LETTER_MATRIX
from tests.conftest import People
from tests.mentor.case_files_matrix import CASE_FILES_MATRIX
from tests.mentor.security_world import build_world
from tests.mentor.url_matrix import (
    ADMINISTRATORS,
    AUTHENTICATED,
    CASE_WORK,
    CASEWORKERS,
    CITIZEN_READERS,
    MANAGERS,
    MENTORS,
    TEAM_LEADERS,
    Case,
    Target,
    run_case,
    url_names,
)
from tests.reporting.matrix import REPORTING_MATRIX

# A page gated on the role after the object: 403 for a case the user may see but not act on,
# 404 for a case they may not see at all.
AFTER_OBJECT = (403, 404)


def citizen(t: Target) -> list[int]:
    return [t.side.citizen.pk]


def course(t: Target) -> list[int]:
    return [t.side.course.pk]


def draft_referral(t: Target) -> list[int]:
    return [t.side.draft_referral.pk]


def submitted_referral(t: Target) -> list[int]:
    return [t.side.submitted_referral.pk]


def entry(t: Target) -> list[int]:
    return [t.side.journal_entry.pk]

MATRIX: dict[str, Case | tuple[Case, ...]] = {
    # --- Core -----------------------------------------------------------------------------------
    "home": Case(ok=AUTHENTICATED),
    "health": Case(ok=AUTHENTICATED, anonymous=200),
    "healthz": Case(ok=AUTHENTICATED, anonymous=200),
    # No worker heartbeat in the tests: not ready, for anyone (tests/mentor/test_ops.py).
    "readyz": Case(ok=AUTHENTICATED, status=503, anonymous=503),
    "metrics": Case(ok=AUTHENTICATED, anonymous=200),
    "accessibility_statement": Case(ok=AUTHENTICATED, anonymous=200),
    "login": Case(ok=AUTHENTICATED, status=302, anonymous=200),
    "logout": Case(ok=AUTHENTICATED, method="POST", status=302),
    "password_change": Case(ok=AUTHENTICATED),
    # --- Single sign-on (mentor/urls_sso.py): not configured in the tests, so not there --------
    "sso_refused": Case(ok=AUTHENTICATED, anonymous=200),
    **{name: Case(ok=AUTHENTICATED, status=404, anonymous=404) for name in (
        "oidc_authentication_init", "oidc_authentication_callback", "saml2_login",
        "saml2_acs", "saml2_ls", "saml2_ls_post", "saml2_metadata")},
    "password_change_done": Case(ok=AUTHENTICATED),
    "notification_list": Case(ok=AUTHENTICATED),
    "notification_read": Case(ok=AUTHENTICATED, scope="own", method="POST", status=302,
                              args=lambda t: [t.world.notifications[t.own.pk]]),
    "saved_filter_create": Case(ok=AUTHENTICATED, method="POST", status=302,
                                data={"list": "courses", "name": "Mit filter",
                                      "query": "status=ended"}),
    "saved_filter_delete": Case(ok=AUTHENTICATED, scope="own",
                                args=lambda t: [t.world.saved_filters[t.own.pk]]),
    "notification_read_all": Case(ok=AUTHENTICATED, method="POST", status=302),
    # --- Running a team (its team leader, or an administrator; 404 for anyone else) -----------
    "team_caseloads": Case(ok=TEAM_LEADERS | ADMINISTRATORS),
    "team_caseloads_export": Case(ok=TEAM_LEADERS | ADMINISTRATORS, query="format=csv"),
    # Team A's handover pages name A's citizen: logged once per citizen they list.
    "team_mentor_handover": Case(ok=TEAM_LEADERS | ADMINISTRATORS, scope="any",
                                 args=lambda t: [t.side.course.team_id, t.side.course.mentor_id],
                                 logs_each=AccessAction.VIEW),
    "team_caseworker_handover": Case(ok=TEAM_LEADERS | ADMINISTRATORS, scope="any",
                                     args=lambda t: [t.side.course.team_id,
                                                     t.side.course.caseworker_id],
                                     logs_each=AccessAction.VIEW),
    "course_note": Case(ok=TEAM_LEADERS, args=course, denied=AFTER_OBJECT,
                        logs=AccessAction.VIEW),
    # --- Policy (administrators) ----------------------------------------------------------------
    "policy_list": Case(ok=ADMINISTRATORS, denied=403),
    "policy_create": Case(ok=ADMINISTRATORS, denied=403),
    "policy_detail": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                          args=lambda t: [t.world.policy.pk]),
    # --- Citizens ---------------------------------------------------------------------------------
    "citizen_list": Case(ok=CASE_WORK, denied=403),
    "citizen_create": Case(ok=CASEWORKERS, denied=403),
    "citizen_detail": Case(ok=CITIZEN_READERS, args=citizen, logs=AccessAction.VIEW),
    "citizen_edit": Case(ok=CASEWORKERS, args=citizen, logs=AccessAction.VIEW),
    "citizen_support_add": Case(ok=CASEWORKERS, args=citizen, logs=AccessAction.VIEW),
    # --- Referrals and visitation ---------------------------------------------------------------
    "referral_list": Case(ok=CASE_WORK, denied=403),
    "referral_create": Case(ok=CASEWORKERS, args=citizen, logs=AccessAction.VIEW),
    "referral_decision_preview": Case(ok=CASEWORKERS, args=citizen, method="POST"),
    "referral_detail": Case(ok=CASE_WORK, args=submitted_referral, logs=AccessAction.VIEW),
    "referral_edit": Case(ok=CASEWORKERS, args=draft_referral, logs=AccessAction.VIEW),
    "referral_replay": Case(ok=CASE_WORK, args=submitted_referral, logs=AccessAction.VIEW),
    "referral_withdraw": Case(ok=CASE_WORK, args=draft_referral, method="POST", status=302),
    "approval_queue": Case(ok=TEAM_LEADERS, denied=403),
    # The mentor picker's search: the roles that choose a mentor (JSON, no citizen in it).
    "mentor_search": Case(ok=CASE_WORK, denied=403, query="q=Mentor"),
    # An empty decision is refused on the referral page, shown again (and logged).
    "referral_approve": Case(ok=CASE_WORK, args=submitted_referral, method="POST",
                             logs=AccessAction.VIEW),
    "referral_reject": Case(ok=CASE_WORK, args=submitted_referral, method="POST",
                            logs=AccessAction.VIEW),
    "referral_return": Case(ok=CASE_WORK, args=submitted_referral, method="POST",
                            logs=AccessAction.VIEW),
    # --- Courses ----------------------------------------------------------------------------------
    "course_list": Case(ok=AUTHENTICATED),
    "course_detail": Case(ok=CITIZEN_READERS, args=course, logs=AccessAction.VIEW),
    "course_replay": Case(ok=CITIZEN_READERS, args=course, logs=AccessAction.VIEW),
    "course_extend": Case(ok=CASE_WORK, args=course, denied=AFTER_OBJECT,
                          logs=AccessAction.VIEW),
    "course_end": Case(ok=CASE_WORK, args=course, denied=AFTER_OBJECT, logs=AccessAction.VIEW),
    "course_change_level": Case(ok=CASE_WORK, args=course, denied=AFTER_OBJECT,
                                logs=AccessAction.VIEW),
    "course_reassign": Case(ok=CASE_WORK, args=course, denied=AFTER_OBJECT,
                            logs=AccessAction.VIEW),
    # --- Journal, reviews, the mentor's workspace and calendar -----------------------------------
    "mentor_workspace": Case(ok=MENTORS, denied=403),
    "journal_list": Case(ok=CITIZEN_READERS, args=course, logs=AccessAction.VIEW),
    "journal_entry_add": Case(ok=MENTORS, args=course, denied=AFTER_OBJECT,
                              logs=AccessAction.VIEW),
    "journal_entry_detail": Case(ok=CITIZEN_READERS, args=entry, logs=AccessAction.VIEW),
    "journal_entry_edit": Case(ok=MENTORS, args=entry, denied=AFTER_OBJECT,
                               logs=AccessAction.VIEW),
    "journal_entry_correct": Case(ok=MENTORS, args=entry, denied=AFTER_OBJECT,
                                  logs=AccessAction.VIEW),
    # Only the course's mentor keeps drafts: others who may see the course are refused (400,
    # as JSON for the page's script); discarding touches only the user's own draft.
    "journal_draft_save": Case(ok=MENTORS, args=course, method="POST", denied=(400, 404),
                               data={"form_key": "new", "note": "Kladde"}),
    "journal_draft_discard": Case(ok=CITIZEN_READERS, args=course, method="POST", status=302,
                                  data={"form_key": "new"}),
    "review_form": Case(ok=CITIZEN_READERS, args=lambda t: [t.side.review.pk],
                        logs=AccessAction.VIEW),
    "followup_overview": Case(ok=CASE_WORK, denied=403),
    "followup_run": Case(ok=TEAM_LEADERS, denied=403, method="POST", status=302),
    "followup_task_done": Case(ok=CASEWORKERS, method="POST", status=302,
                               denied=AFTER_OBJECT,
                               args=lambda t: [t.side.followup_task.pk]),
    "situation_record": Case(ok=CASEWORKERS, denied=AFTER_OBJECT, logs=AccessAction.VIEW,
                             args=lambda t: [t.side.situation_task.pk]),
    "calendar_settings": Case(ok=MENTORS, denied=403),
    "calendar_token_regenerate": Case(ok=MENTORS, denied=403, method="POST", status=302),
    # Revoking only ever touches the user's own link.
    "calendar_token_revoke": Case(ok=AUTHENTICATED, method="POST", status=302),
    # The feed is opened by calendar apps with the secret token instead of a login.
    "mentor_calendar_feed": (
        Case(ok=AUTHENTICATED, anonymous=200, args=lambda t: [t.world.calendar_token],
             scope="any"),
        Case(ok=frozenset(), denied=404, anonymous=404, args=lambda t: ["x" * 40],
             scope="any"),
    ),
    # --- Security and audit ---------------------------------------------------------------------
    "manager_lookup": (
        Case(ok=MANAGERS, denied=403),
        Case(ok=MANAGERS, denied=403, method="POST", data={"reason": ""}),
    ),
    "access_log_search": (
        Case(ok=ADMINISTRATORS, denied=403),
        Case(ok=ADMINISTRATORS, denied=403, query="q=Borger", scope="any",
             logs_each=AccessAction.VIEW),
    ),
    "access_log_citizen": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                               args=lambda t: [t.side.citizen.pk], logs=AccessAction.VIEW),
    "access_log_export": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                              args=lambda t: [t.side.citizen.pk], logs=AccessAction.EXPORT),
    "citizen_erase": Case(ok=ADMINISTRATORS, denied=403, scope="any", method="POST",
                          status=302, args=lambda t: [t.side.citizen.pk],
                          data={"reason": "Borgeren har bedt om sletning"}),
    "citizen_cpr_reveal": Case(ok=CITIZEN_READERS, method="POST",
                               args=lambda t: [t.side.citizen.pk],
                               logs=AccessAction.CPR_REVEAL),
    # Everyone has set up an app (the test client's sign-in): the status page.
    "otp_setup": Case(ok=AUTHENTICATED),
    "otp_password": Case(ok=AUTHENTICATED),
    # The session has done its second factor: straight on to the next page.
    "otp_verify": Case(ok=AUTHENTICATED, status=302),
    "otp_recovery_codes": Case(ok=AUTHENTICATED),
    # Without the password: the status page again, with the error.
    "otp_recovery_regenerate": Case(ok=AUTHENTICATED, method="POST"),
    "two_factor_reset": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                             args=lambda t: [t.world.users["caseworker"].pk]),
    # --- Agreements (tests/agreements/matrix.py) --------------------------------------------
    **AGREEMENT_MATRIX,
    # --- Decision letters (tests/agreements/matrix_letters.py) ------------------------------
    **LETTER_MATRIX,
    # --- Reporting (tests/reporting/matrix.py) ----------------------------------------------
    **REPORTING_MATRIX,
    # --- Complaints, documents, the citizen's own data (tests/mentor/case_files_matrix.py) --
    **CASE_FILES_MATRIX,
}

URL_NAMES = url_names()


def test_every_url_has_an_entry() -> None:
    missing = [name for name in URL_NAMES if name not in MATRIX]
    assert not missing, (
        "These URLs have no entry in the permission matrix "
        f"(tests/mentor/test_permission_matrix.py, MATRIX): {', '.join(missing)}. Add one per "
        "URL name: which roles may use it, on which object, and what the others get.")


def test_matrix_has_no_entries_for_urls_that_are_gone() -> None:
    stale = sorted(set(MATRIX) - set(URL_NAMES))
    assert not stale, f"Remove these entries, their URLs no longer exist: {', '.join(stale)}"


def test_case_pages_say_whether_they_log() -> None:
    """A page showing a citizen's case logs the access, or the matrix says why not."""
    silent = [name for name, cases in MATRIX.items()
              for case in (cases if isinstance(cases, tuple) else (cases,))
              if case.scope == "case" and case.args is not None and case.method == "GET"
              and case.status == 200 and case.logs is None and not case.unlogged]
    assert not silent, f"Set logs= or unlogged= for: {', '.join(silent)}"


@pytest.mark.parametrize("name", URL_NAMES)
def test_url_answers_every_role_as_the_matrix_says(name: str, people: People) -> None:
    if name not in MATRIX:
        pytest.fail(f"No entry for {name!r} in MATRIX (tests/mentor/test_permission_matrix.py)")
    world = build_world(people)
    cases = MATRIX[name]
    problems = []
    for case in cases if isinstance(cases, tuple) else (cases,):
        problems += [f"{case.method}: {p}" for p in run_case(name, case, world)]
    assert not problems, f"{name}:\n" + "\n".join(problems)
