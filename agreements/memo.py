"""A letter as a Digital Post message in MeMo, the message format of Digital Post
(Digitaliseringsstyrelsen, MeMo version 1.1).

Source: digitaliser.dk/digital-post/vejledninger/memo (MeMo v1.1: "MeMo Modelbeskrivelse
v1.1", "MeMo_XSD.zip", "MeMo_Minimum_Example.xml"). The elements below are the schema's, in
the schema's order: ``Message`` (attributes ``memoVersion`` 1.1 and ``memoSchVersion`` 1.1.0) with
``MessageHeader`` (messageType, messageUUID, messageID, label, mandatory, legalNotification,
Sender, Recipient, ContentData) and ``MessageBody`` (createdDateTime, MainDocument with one
File: encodingFormat, filename, language, content in base64). MeMo 1.1 identifies the sender
by CVR and the recipient by CPR number. Verify: the message was not validated against the
official XSD here; the municipality's gateway (or Digital Post's test environment) validates
it before sending.
"""

from __future__ import annotations

import base64
import datetime
import os
import tempfile
import uuid
from pathlib import Path
from xml.etree import ElementTree

MEMO_NAMESPACE = "https://DigitalPost.dk/MeMo-1"
MEMO_VERSION = "1.1"
MEMO_SCHEMA_VERSION = "1.1.0"
CASE_SYSTEM = "Mentorstøtte"

ElementTree.register_namespace("memo", MEMO_NAMESPACE)


def _tag(name: str) -> str:
    return f"{{{MEMO_NAMESPACE}}}{name}"


def _add(parent: ElementTree.Element, name: str, text: str | None = None) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, _tag(name))
    if text is not None:
        element.text = text
    return element


def build_message(*, message_uuid: uuid.UUID, message_id: str, label: str, sender_cvr: str,
                  sender_label: str, recipient_cpr: str, recipient_label: str, case_id: str,
                  created: datetime.datetime, filename: str, language: str,
                  pdf: bytes) -> bytes:
    """The MeMo XML (UTF-8) of one letter with its PDF as the main document."""
    message = ElementTree.Element(_tag("Message"), {"memoVersion": MEMO_VERSION,
                                                    "memoSchVersion": MEMO_SCHEMA_VERSION})
    header = _add(message, "MessageHeader")
    _add(header, "messageType", "DIGITALPOST")
    _add(header, "messageUUID", str(message_uuid))
    _add(header, "messageID", message_id[:256])
    _add(header, "label", label[:256])
    # Not mandatory post: a citizen exempt from Digital Post gets a print letter instead
    # (the caseworker chooses the channel); not a legal notification (retsvirkning) either.
    _add(header, "mandatory", "false")
    _add(header, "legalNotification", "false")
    sender = _add(header, "Sender")
    _add(sender, "senderID", sender_cvr)
    _add(sender, "idType", "CVR")
    _add(sender, "label", sender_label[:256])
    recipient = _add(header, "Recipient")
    _add(recipient, "recipientID", recipient_cpr)
    _add(recipient, "idType", "CPR")
    _add(recipient, "label", recipient_label[:256])
    content_data = _add(header, "ContentData")
    case = _add(content_data, "CaseID")
    _add(case, "caseID", case_id[:256])
    _add(case, "caseSystem", CASE_SYSTEM)
    body = _add(message, "MessageBody")
    _add(body, "createdDateTime",
         created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    document = _add(body, "MainDocument")
    _add(document, "mainDocumentID", message_id[:256])
    _add(document, "label", label[:256])
    file = _add(document, "File")
    _add(file, "encodingFormat", "application/pdf")
    _add(file, "filename", filename[:256])
    _add(file, "language", language[:2])
    _add(file, "content", base64.b64encode(pdf).decode("ascii"))
    data: bytes = ElementTree.tostring(message, encoding="utf-8", xml_declaration=True)
    return data


def write_to_outbox(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``directory/name`` atomically: the gateway never sees half a file.
    Writing the same message again replaces the file (a retried delivery)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / name
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
