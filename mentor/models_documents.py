"""Documents on a citizen's case (a scanned letter, a doctor's statement, a plan), kept through
Django's storage API (``STORAGES["default"]``: local files, or S3-compatible storage when the
``DOCUMENTS_S3_*`` variables are set).

A document is written once (``mentor.services_documents.document_upload``): its type was read
from its content, not its name, and it was scanned for viruses when ClamAV's daemon answered.
When clamd did not answer the document is kept but *held*: it is marked "not scanned", shown so
on the case, and cannot be downloaded until a new scan finds it clean.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.models import Citizen, DisplayChoicesModel


class ScanStatus(models.TextChoices):
    CLEAN = "clean", _("Virusscannet: ingen virus fundet")
    NOT_SCANNED = "not_scanned", _("Ikke virusscannet")


def document_path(instance: Any, filename: str) -> str:
    """A random name under the citizen's folder: never the uploaded name, which may hold a
    person's name or a number, and which someone else chose."""
    return f"documents/{instance.citizen_id}/{uuid.uuid4().hex}"


class Document(DisplayChoicesModel):
    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="documents")
    # Optional: a document about one course (shown with it); otherwise about the citizen.
    course = models.ForeignKey("visitation.Course", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="documents",
                               verbose_name=_("mentorforløb"))
    title = models.CharField(_("titel"), max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=document_path, max_length=300)
    scan_status = models.CharField(max_length=16, choices=ScanStatus.choices)
    scanned_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering: ClassVar[list[str]] = ["-uploaded_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["citizen", "-uploaded_at"])]

    def __str__(self) -> str:
        # Ids only: the title may describe the citizen's circumstances.
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_held(self) -> bool:
        """Not scanned: kept, but not handed out until a scan finds it clean."""
        return self.scan_status != ScanStatus.CLEAN

    @property
    def download_name(self) -> str:
        return f"dokument-{self.pk}.{self.extension}"
