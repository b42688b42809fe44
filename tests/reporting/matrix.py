"""Reporting's entries in the permission matrix (tests/mentor/test_permission_matrix.py).

The dashboard, its exports and the PDF are for managers and team leaders; the simulator and
the money pages for managers and administrators; cost lines and the spending limit's basis for
administrators. Everyone else gets 404.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from reporting.models import CostKind, CostLine
from tests.mentor.url_matrix import ADMINISTRATORS, MANAGERS, TEAM_LEADERS, Case, Target

DASHBOARD_USERS = MANAGERS | TEAM_LEADERS


def cost_line(target: Target) -> list[Any]:
    course = target.side.course
    line, _ = CostLine.objects.get_or_create(
        course=course, provider=course.provider, kind=CostKind.INVOICE,
        period_start=course.start_date,
        period_end=course.start_date + datetime.timedelta(days=20),
        defaults={"hours": Decimal("3"), "amount": Decimal("1500")})
    return [line.pk]


REPORTING_MATRIX: dict[str, Case | tuple[Case, ...]] = {
    "dashboard": Case(ok=DASHBOARD_USERS),
    "dashboard_export": (
        Case(ok=DASHBOARD_USERS, scope="any", args=lambda t: ["spend", "csv"]),
        Case(ok=DASHBOARD_USERS, scope="any", args=lambda t: ["all", "xlsx"]),
    ),
    "report_pdf": Case(ok=DASHBOARD_USERS),
    "policy_simulator": Case(ok=MANAGERS | ADMINISTRATORS),
    "costline_list": Case(ok=ADMINISTRATORS),
    "costline_create": Case(ok=ADMINISTRATORS),
    "costline_generate": Case(ok=ADMINISTRATORS, method="POST", status=302,
                              data={"year": "2026", "month": "1"}),
    "costline_edit": Case(ok=ADMINISTRATORS, scope="any", args=cost_line),
    "costline_delete": Case(ok=ADMINISTRATORS, scope="any", args=cost_line, method="POST",
                            status=302, data={"reason": "Registreret to gange"}),
    # The money pages (reporting/views_money.py): managers and administrators; the limit's
    # basis is entered by administrators.
    "money_limit": Case(ok=MANAGERS | ADMINISTRATORS),
    "money_limit_settings": Case(ok=MANAGERS | ADMINISTRATORS),
    "money_limit_basis": Case(ok=ADMINISTRATORS),
    "money_norms": Case(ok=MANAGERS | ADMINISTRATORS),
    "money_providers": Case(ok=MANAGERS | ADMINISTRATORS),
    "money_trends": Case(ok=MANAGERS | ADMINISTRATORS),
}
