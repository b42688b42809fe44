"""Virus scanning of uploaded documents with ClamAV's daemon (clamd, Debian's clamav-daemon),
through the maintained ``clamav-client`` library: the bytes are streamed to clamd (INSTREAM),
so clamd needs no access to our files or storage.

Where clamd listens is set by ``CLAMD_SOCKET`` (a Unix socket; Debian's default
``/var/run/clamav/clamd.ctl``) or ``CLAMD_HOST``/``CLAMD_PORT`` (TCP). When clamd does not
answer, the result says so (``NOT_SCANNED``): the caller records that the scan was not done,
it never treats the file as clean.
"""

from __future__ import annotations

import enum
import io
import logging
from dataclasses import dataclass

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings

logger = logging.getLogger(__name__)


class Verdict(enum.Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    NOT_SCANNED = "not_scanned"


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    # The signature's name when infected; why not scanned otherwise (for the log only).
    detail: str = ""


def _client() -> ClamdNetworkSocket:
    timeout = float(settings.CLAMD_TIMEOUT)
    if settings.CLAMD_HOST:
        return ClamdNetworkSocket(host=settings.CLAMD_HOST, port=settings.CLAMD_PORT,
                                  timeout=timeout)
    return ClamdUnixSocket(path=settings.CLAMD_SOCKET, timeout=int(timeout))


def scan(data: bytes) -> ScanResult:
    """Scan ``data``; NOT_SCANNED when clamd does not answer or answers with an error."""
    client = _client()
    try:
        results = client.instream(io.BytesIO(data))
    except (ClamdError, OSError) as exc:
        logger.warning("Virus scan not done: clamd did not answer (%s).", type(exc).__name__)
        return ScanResult(Verdict.NOT_SCANNED, type(exc).__name__)
    status, signature = next(iter(results.values()), ("ERROR", "no answer"))
    if status == "OK":
        return ScanResult(Verdict.CLEAN)
    if status == "FOUND":
        logger.warning("Virus scan: an upload was refused (%s).", signature)
        return ScanResult(Verdict.INFECTED, str(signature or ""))
    logger.warning("Virus scan not done: clamd answered %s.", status)
    return ScanResult(Verdict.NOT_SCANNED, str(status))
