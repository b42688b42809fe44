"""The agreements' entries in the permission matrix (tests/mentor/test_permission_matrix.py).

Agreements are made on demand for the side a URL points at: an issued version 1 and, for the
draft pages, a draft of version 2.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementStatus
from mentor.models import AccessAction, MentorTask
from tests.mentor.url_matrix import ADMINISTRATORS, CASE_WORK, CITIZEN_READERS, Case, Target

# Caseworkers and team leaders of the course's team manage agreements; others who may see the
# case get 403, those who may not get 404.
MANAGERS_OF_AGREEMENTS = CASE_WORK
REFUSED = (403, 404)


def issued_agreement(target: Target) -> Agreement:
    course = target.side.course
    found = Agreement.objects.filter(course=course).exclude(status=AgreementStatus.DRAFT).first()
    if found is not None:
        return found
    actor = course.caseworker
    draft = services.agreement_draft_open(actor=actor, course=course)
    services.agreement_draft_update(
        actor=actor, agreement=draft, goal="Borgeren fastholdes i sit tilbud",
        progression_goals=[{"description": "Møder op", "measure": "Fremmøde"}],
        tasks=[MentorTask.objects.order_by("name").first().name])  # type: ignore[union-attr]
    return services.agreement_issue(actor=actor, agreement=draft)


def draft_agreement(target: Target) -> Agreement:
    issued = issued_agreement(target)
    draft = Agreement.objects.filter(course=issued.course, status=AgreementStatus.DRAFT).first()
    return draft or services.agreement_new_version(actor=issued.course.caseworker,
                                                   course=issued.course, reason="Ny mentor")


def _course_with_issued(target: Target) -> list[Any]:
    return [issued_agreement(target).course_id]


AGREEMENT_MATRIX: dict[str, Case | tuple[Case, ...]] = {
    "agreement_course": Case(ok=CITIZEN_READERS, args=lambda t: [t.side.course.pk],
                             logs=AccessAction.VIEW),
    "agreement_draft_open": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED, method="POST",
                                 status=302, args=lambda t: [t.side.course.pk]),
    "agreement_new_version": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED, method="POST",
                                  status=302, args=_course_with_issued,
                                  data={"reason": "Nyt timetal"}),
    "agreement_bulk_issue": (
        Case(ok=ADMINISTRATORS, denied=403),
        Case(ok=ADMINISTRATORS, denied=403, method="POST", status=302,
             data={"reason": "Ny klagevejledning"}),
    ),
    "agreement_detail": Case(ok=CITIZEN_READERS, args=lambda t: [issued_agreement(t).pk],
                             logs=AccessAction.VIEW),
    "agreement_edit": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED,
                           args=lambda t: [draft_agreement(t).pk], logs=AccessAction.VIEW),
    "agreement_issue": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED, method="POST",
                            status=302, args=lambda t: [draft_agreement(t).pk]),
    "agreement_discard": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED, method="POST",
                              status=302, args=lambda t: [draft_agreement(t).pk]),
    "agreement_acceptance": Case(
        ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED, method="POST", status=302,
        args=lambda t: [issued_agreement(t).pk],
        data=lambda t: {"accepted_on": timezone.localdate().isoformat(), "method": "paper"}),
    "agreement_download": Case(ok=CITIZEN_READERS, args=lambda t: [issued_agreement(t).pk],
                               logs=AccessAction.DOCUMENT),
    "agreement_preview": Case(ok=MANAGERS_OF_AGREEMENTS, denied=REFUSED,
                              args=lambda t: [draft_agreement(t).pk],
                              logs=AccessAction.DOCUMENT),
}
