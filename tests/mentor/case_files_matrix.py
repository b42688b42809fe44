"""The permission matrix's entries (tests/mentor/test_permission_matrix.py) for complaints,
documents on the case and the citizen's own data (GDPR art. 15).

The objects are made on demand for the side a URL points at: a complaint about the side's
grant, one forwarded with its case files, and a clean document on the side's course (so that
the course's mentor may see it too).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from mentor.models import AccessAction
from mentor.models_documents import Document, ScanStatus
from tests.mentor.url_matrix import CASE_WORK, CITIZEN_READERS, TEAM_LEADERS, Case, Target
from visitation.models_complaints import Complaint, ComplaintStatus


def complaint(target: Target, *, forwarded: bool = False) -> Complaint:
    course = target.side.course
    status = ComplaintStatus.FORWARDED if forwarded else ComplaintStatus.RECEIVED
    found = Complaint.objects.filter(course=None, referral=course.referral, status=status).first()
    if found is not None:
        return found
    today = timezone.localdate()
    made = Complaint(citizen=course.citizen, team=course.team, decision_kind="grant",
                     referral=course.referral, decision_date=course.decision_date,
                     received_on=today, channel="letter", text="Borgeren klager over timetallet",
                     forward_deadline=today, registered_by=course.caseworker, status=status)
    if forwarded:
        made.forwarded_on = today
        made.bundle.save("akter.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    made.save()
    return made


def document(target: Target) -> Document:
    course = target.side.course
    found = Document.objects.filter(course=course).first()
    if found is not None:
        return found
    made = Document(citizen=course.citizen, course=course, title="Lægeerklæring",
                    content_type="application/pdf", extension="pdf", size=9, sha256="0" * 64,
                    uploaded_by=course.caseworker, scan_status=ScanStatus.CLEAN,
                    scanned_at=timezone.now())
    made.file.save("matrix", ContentFile(b"%PDF-1.4\n"), save=False)
    made.save()
    return made


def _citizen(t: Target) -> list[int]:
    return [t.side.citizen.pk]


def _complaint(t: Target) -> list[int]:
    return [complaint(t).pk]


# A refused re-assessment (an empty form) shows the complaint's page again, and logs it.
_ACTION = {"ok": CASE_WORK, "args": _complaint, "method": "POST", "logs": AccessAction.VIEW}

CASE_FILES_MATRIX: dict[str, Case | tuple[Case, ...]] = {
    # --- Complaints: case work of the citizen's team --------------------------------------
    "complaint_create": Case(ok=CASE_WORK, args=_citizen, logs=AccessAction.VIEW),
    "complaint_detail": Case(ok=CASE_WORK, args=_complaint, logs=AccessAction.VIEW),
    "complaint_change": Case(**_ACTION),  # type: ignore[arg-type]
    "complaint_forward": Case(**_ACTION),  # type: ignore[arg-type]
    "complaint_appeal_result": Case(**_ACTION),  # type: ignore[arg-type]
    "complaint_withdraw": Case(**_ACTION),  # type: ignore[arg-type]
    "complaint_bundle": Case(ok=CASE_WORK, args=lambda t: [complaint(t, forwarded=True).pk],
                             logs=AccessAction.DOCUMENT),
    # --- Documents: uploaded by the case team, seen by all who may see the course ---------
    "document_upload": Case(ok=CASE_WORK, args=_citizen, logs=AccessAction.VIEW),
    "document_download": Case(ok=CITIZEN_READERS, args=lambda t: [document(t).pk],
                              logs=AccessAction.DOCUMENT),
    # A clean document needs no new scan: back to the case with a message.
    "document_rescan": Case(ok=CITIZEN_READERS, args=lambda t: [document(t).pk],
                            method="POST", status=302),
    # --- The citizen's own data: a team leader of the citizen's team ----------------------
    "citizen_export": (
        Case(ok=TEAM_LEADERS, args=_citizen, logs=AccessAction.VIEW),
        Case(ok=TEAM_LEADERS, args=_citizen, method="POST", logs=AccessAction.EXPORT,
             data={"reason": "Borgeren har bedt om indsigt"}),
    ),
}
