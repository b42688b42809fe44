"""The case files (sagens akter) sent to Ankestyrelsen with a maintained complaint: one ZIP
with the decision, the complaint, the scanned letter, the case's documents and the course's
issued agreements, and an index of what it holds.

Documents still held for a virus scan are listed in the index but not included.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.utils import timezone

from mentor.models_documents import Document
from visitation.models import CourseEvent, CoursePeriod, Referral
from visitation.models_complaints import Complaint


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def decision_record(complaint: Complaint) -> dict[str, Any]:
    """The decision complained about, as it was made (its stored decision and reasons)."""
    referral = Referral.objects.get(pk=complaint.referral_id)
    record: dict[str, Any] = {
        "afgørelse": complaint.get_decision_kind_display(),
        "dato": complaint.decision_date.isoformat(),
        "indstilling": referral.pk,
    }
    if complaint.course_event_id is None:
        record.update({"status": referral.get_status_display(),
                       "begrundelse": referral.decision_reason,
                       "lovgrundlag": referral.decision.get("legal_basis", []),
                       "forklaring": referral.decision.get("explanation", []),
                       "regelsæt": referral.rule_set_version})
        return record
    event = CourseEvent.objects.get(pk=complaint.course_event_id)
    record.update({"mentorforløb": complaint.course_id, "begrundelse": event.reason,
                   "data": event.data})
    number = event.data.get("period")
    period = (CoursePeriod.objects.filter(course_id=complaint.course_id, number=number).first()
              if number and complaint.course_id is not None else None)
    if period is not None:
        record.update({"lovgrundlag": period.decision.get("legal_basis", []),
                       "forklaring": period.decision.get("explanation", []),
                       "periode": [period.start_date.isoformat(), period.end_date.isoformat()]})
    return record


def _complaint_record(complaint: Complaint) -> dict[str, Any]:
    return {
        "klage": complaint.pk,
        "modtaget": complaint.received_on.isoformat(),
        "modtaget_som": complaint.get_channel_display(),
        "klagen": complaint.text,
        "frist_ankestyrelsen": complaint.forward_deadline.isoformat(),
        "genvurdering": complaint.reassessment,
    }


def bundle_zip(complaint: Complaint) -> bytes:
    """The ZIP's bytes. Reads the documents from storage."""
    buffer = io.BytesIO()
    index = [f"Klage #{complaint.pk}: sagens akter til Ankestyrelsen",
             f"Dannet {timezone.localtime():%d.%m.%Y %H:%M}", ""]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("afgoerelse.json", _json(decision_record(complaint)))
        index.append("afgoerelse.json: afgørelsen, der er klaget over, med begrundelse")
        archive.writestr("klage.json", _json(_complaint_record(complaint)))
        index.append("klage.json: klagen og genvurderingen")
        documents = Document.objects.filter(citizen_id=complaint.citizen_id).order_by("pk")
        if complaint.course_id is not None:
            documents = documents.filter(course__isnull=True) | documents.filter(
                course_id=complaint.course_id)
        for document in documents.order_by("pk"):
            label = f"{document.title} ({document.get_scan_status_display()})"
            if document.is_held:
                index.append(f"(ikke medtaget, venter på virusscanning) {label}")
                continue
            name = f"dokumenter/{document.download_name}"
            with document.file.open("rb") as handle:
                archive.writestr(name, handle.read())
            index.append(f"{name}: {label}")
        if complaint.course_id is not None:
            from agreements.models import Agreement, AgreementStatus

            for agreement in (Agreement.objects.filter(course_id=complaint.course_id)
                              .exclude(status=AgreementStatus.DRAFT).exclude(pdf=None)
                              .order_by("version")):
                name = f"aftaler/aftale-version-{agreement.version}.pdf"
                archive.writestr(name, bytes(agreement.pdf or b""))
                index.append(f"{name}: aftale om mentorstøtte, version {agreement.version}")
        archive.writestr("indhold.txt", "\n".join(index) + "\n")
    return buffer.getvalue()
