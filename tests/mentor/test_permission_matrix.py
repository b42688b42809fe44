"""Every URL of the project, for every role, against an object the role may and may not see.

Add an entry to ``MATRIX`` for each new URL name: which roles may use it, on what object, and
what the others get. A URL without an entry fails ``test_every_url_has_an_entry``.
"""

from __future__ import annotations

import pytest

from mentor.models import AccessAction
from tests.agreements.matrix import AGREEMENT_MATRIX
from tests.mentor.security_world import build_world
from tests.mentor.url_matrix import (
    ADMINISTRATORS,
    AUTHENTICATED,
    CITIZEN_READERS,
    MANAGERS,
    Case,
    run_case,
    url_names,
)
from tests.reporting.matrix import REPORTING_MATRIX

ENROLLERS = MANAGERS | ADMINISTRATORS

MATRIX: dict[str, Case | tuple[Case, ...]] = {
    # --- Core -----------------------------------------------------------------------------------
    "home": Case(ok=AUTHENTICATED),
    "health": Case(ok=AUTHENTICATED, anonymous=200),
    "login": Case(ok=AUTHENTICATED, status=302, anonymous=200),
    "logout": Case(ok=AUTHENTICATED, method="POST", status=302),
    "password_change": Case(ok=AUTHENTICATED),
    "password_change_done": Case(ok=AUTHENTICATED),
    "notification_list": Case(ok=AUTHENTICATED),
    "notification_read": Case(ok=AUTHENTICATED, scope="own", method="POST", status=302,
                              args=lambda t: [t.world.notifications[t.owner.pk]]),
    # --- Policy (administrators) ----------------------------------------------------------------
    "policy_list": Case(ok=ADMINISTRATORS, denied=403),
    "policy_create": Case(ok=ADMINISTRATORS, denied=403),
    "policy_detail": Case(ok=ADMINISTRATORS, denied=403, scope="any",
                          args=lambda t: [t.world.policy.pk]),
    # --- Security and audit ---------------------------------------------------------------------
    "manager_lookup": (
        Case(ok=MANAGERS, denied=403),
        Case(ok=MANAGERS, denied=403, method="POST", data={"reason": ""}),
    ),
    "access_log_search": (
        Case(ok=ADMINISTRATORS, denied=403),
        Case(ok=ADMINISTRATORS, denied=403, query="q=Borger", scope="any"),
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
    "otp_setup": Case(ok=ENROLLERS, denied=403),
    # Without a device there is nothing to verify: straight on to the next page.
    "otp_verify": Case(ok=AUTHENTICATED, status=302),
    "otp_disable": Case(ok=ENROLLERS, denied=403, method="POST", status=302),
    # --- Agreements (tests/agreements/matrix.py) --------------------------------------------
    **AGREEMENT_MATRIX,
    # --- Reporting (tests/reporting/matrix.py) ----------------------------------------------
    **REPORTING_MATRIX,
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
def test_url_answers_every_role_as_the_matrix_says(name: str, people) -> None:
    if name not in MATRIX:
        pytest.fail(f"No entry for {name!r} in MATRIX (tests/mentor/test_permission_matrix.py)")
    world = build_world(people)
    cases = MATRIX[name]
    problems = []
    for case in cases if isinstance(cases, tuple) else (cases,):
        problems += [f"{case.method}: {p}" for p in run_case(name, case, world)]
    assert not problems, f"{name}:\n" + "\n".join(problems)
