"""A decision letter as a PDF: WeasyPrint renders ``templates/agreements/letters/pdf/letter.html``
as tagged PDF/UA-1 (a structure tree, the language and the title, for screen readers).

A4, in the letter's language, the municipality's letterhead, the recipient's address where a
window envelope shows it (for the post room's print batches), "Side X af Y". Rendering reads
only what is frozen on the letter (subject, body, content), so a letter is always rendered the
way it was made, whatever happened to the template since.
"""

from __future__ import annotations

import datetime
import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

import agreements.pdf  # noqa: F401 (quietens WeasyPrint's INFO logging, as for agreements)
from visitation.rules import format_date

PDF_TEMPLATE = "agreements/letters/pdf/letter.html"
CSS_PATH = Path(settings.BASE_DIR) / "templates" / "agreements" / "letters" / "pdf" / "letter.css"


def paragraphs(text: str) -> list[list[str]]:
    """The body as paragraphs (split at blank lines), each a list of its lines."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def letter_context(*, subject: str, body: str, content: dict[str, Any],
                   language: str) -> dict[str, Any]:
    date = datetime.date.fromisoformat(content["date"]) if content.get("date") else None
    address = str((content.get("recipient") or {}).get("address") or "")
    return {
        "subject": subject, "paragraphs": paragraphs(body), "c": content, "language": language,
        # "7. december 2026" / "7 December 2026", as the rest of the letter writes dates.
        "date_text": format_date(date, language) if date else "",
        # "Vestergade 1, 3200 Helsinge" on two lines, as on an envelope.
        "address_lines": [part.strip() for part in address.split(",") if part.strip()],
        "complaint_paragraphs": paragraphs(str(content.get("complaint_guidance") or "")),
    }


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(CSS_PATH), font_config=fonts), fonts


def render_letter_html(*, subject: str, body: str, content: dict[str, Any], language: str,
                       draft: bool = False) -> str:
    with translation.override(language):
        return render_to_string(PDF_TEMPLATE, {
            **letter_context(subject=subject, body=body, content=content, language=language),
            "draft": draft})


def render_letter_pdf(*, subject: str, body: str, content: dict[str, Any], language: str,
                      draft: bool = False) -> bytes:
    """The PDF bytes of a letter. ``draft`` marks a preview "PRØVE"."""
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet()
    html = render_letter_html(subject=subject, body=body, content=content, language=language,
                              draft=draft)
    document = HTML(string=html, base_url=str(CSS_PATH.parent))
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts,
                                    pdf_variant="pdf/ua-1")
    return pdf


def combine_pdfs(documents: list[bytes]) -> bytes:
    """One PDF of several, in order (the post room prints a batch in one go)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in documents:
        writer.append(io.BytesIO(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
