"""Documents on a citizen's case: upload (type from the content, size limit, virus scan),
a new scan of a held document, and erasure with the citizen.

Unscanned uploads are *held*, not refused: when clamd does not answer, the document is stored
and marked "not scanned" (shown on the case), and it cannot be downloaded until
``document_rescan`` finds it clean. A caseworker's scanned complaint letter is then not lost
because the scanner was down, and nobody receives a file that nothing has checked.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Final

import magic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor import clamav
from mentor.models import Citizen, User
from mentor.models_documents import Document, ScanStatus
from mentor.permissions import may_upload_document
from mentor.services import DomainError, NotPermitted

if TYPE_CHECKING:
    from visitation.models import Course

logger = logging.getLogger(__name__)

# What may be uploaded, by the type libmagic reads from the content: PDF, images, office
# documents (Microsoft's and OpenDocument). The extension the download gets comes from here.
ALLOWED_TYPES: Final[dict[str, str]] = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
}


def detect_type(data: bytes) -> str:
    """The MIME type libmagic reads from the content (the name plays no part)."""
    return str(magic.from_buffer(data, mime=True))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}".replace(".", ",")


def check_size(data: bytes) -> None:
    if not data:
        raise DomainError(_("Filen er tom."))
    if len(data) > settings.DOCUMENT_MAX_BYTES:
        raise DomainError(_("Filen er for stor: højst %(mb)s MB.")
                          % {"mb": _megabytes(settings.DOCUMENT_MAX_BYTES)})


def check_type(data: bytes) -> str:
    """The content's type when it may be uploaded; DomainError (Danish) otherwise."""
    content_type = detect_type(data)
    if content_type not in ALLOWED_TYPES:
        raise DomainError(_("Filens indhold er ikke en tilladt filtype (%(type)s). Tilladt: "
                            "PDF, billeder (JPEG, PNG, TIFF, GIF, HEIC), Word, Excel, "
                            "PowerPoint, OpenDocument og RTF.") % {"type": content_type})
    return content_type


def document_upload(*, actor: User, citizen: Citizen, title: str, data: bytes,
                    original_name: str = "", course: Course | None = None) -> Document:
    """Put a document on the citizen's case (or one of their courses). Refused with a reason
    for a wrong type, a file too large, or a virus; stored and held when the scan could not be
    done. The scan runs before the transaction opens, so no row lock waits for clamd."""
    if not may_upload_document(actor, citizen):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i borgerens team kan lægge "
                           "dokumenter på sagen."))
    title = title.strip()
    if not title:
        raise DomainError(_("Giv dokumentet en titel."))
    if course is not None and course.citizen_id != citizen.pk:
        raise DomainError(_("Mentorforløbet hører til en anden borger."))
    check_size(data)
    # The scan first: a virus is reported as such, whatever type it poses as.
    result = clamav.scan(data)
    if result.verdict is clamav.Verdict.INFECTED:
        raise DomainError(_("Filen indeholder virus eller skadelig kode (%(name)s) og er "
                            "afvist. Den er ikke gemt.") % {"name": result.detail})
    content_type = check_type(data)
    scanned = result.verdict is clamav.Verdict.CLEAN
    document = Document(
        citizen=citizen, course=course, title=title[:200], original_name=original_name[:255],
        content_type=content_type, extension=ALLOWED_TYPES[content_type], size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor,
        scan_status=ScanStatus.CLEAN if scanned else ScanStatus.NOT_SCANNED,
        scanned_at=timezone.now() if scanned else None)
    document.file.save("upload", ContentFile(data), save=False)
    name = str(document.file.name)
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        default_storage.delete(name)
        raise
    return document


def document_rescan(*, actor: User, document: Document) -> clamav.Verdict:
    """Scan a held document again. Clean: it may be downloaded from now on. Infected: the
    file and the row are deleted. Not scanned: it stays held."""
    if not may_upload_document(actor, document.citizen):
        raise NotPermitted(_("Kun sagsbehandlere og teamledere i borgerens team kan scanne "
                           "dokumenter igen."))
    if document.scan_status == ScanStatus.CLEAN:
        raise DomainError(_("Dokumentet er allerede virusscannet."))
    with document.file.open("rb") as handle:
        data = handle.read()
    result = clamav.scan(data)
    with transaction.atomic():
        locked = Document.objects.select_for_update().filter(pk=document.pk).first()
        if locked is None or locked.scan_status == ScanStatus.CLEAN:
            return clamav.Verdict.CLEAN
        if result.verdict is clamav.Verdict.CLEAN:
            locked.scan_status = ScanStatus.CLEAN
            locked.scanned_at = timezone.now()
            locked.save(update_fields=["scan_status", "scanned_at"])
        elif result.verdict is clamav.Verdict.INFECTED:
            name = str(locked.file.name)
            locked.delete()
            transaction.on_commit(lambda: default_storage.delete(name))
            logger.warning("Document %s was infected and is deleted.", document.pk)
    return result.verdict


def documents_erase(citizen: Citizen) -> int:
    """Delete the citizen's documents, rows and files (anonymisation). Caller holds the
    citizen's row lock in its transaction; the files go once it commits, so a rollback leaves
    every row with its file."""
    documents = Document.objects.filter(citizen=citizen)
    names = [str(name) for name in documents.values_list("file", flat=True) if name]
    count, _by_model = documents.delete()

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)
    return count
