"""The agreement as a PDF: WeasyPrint renders ``templates/agreements/pdf/agreement.html``.

Always in Danish (the agreement is a document to the citizen, whatever language the
caseworker's screen is in), A4, the municipality's header, "Side X af Y" from CSS page
counters, and room for the signatures. Rendering reads only the frozen ``content`` dict, so an
issued version can be rendered again byte for byte the same way it was written.
"""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from visitation.rules import rule_set_authority

# WeasyPrint reports every rendering step at INFO; a worker issuing agreements would flood the
# log with them.
for _name in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)

PDF_TEMPLATE = "agreements/pdf/agreement.html"
CSS_PATH = Path(settings.BASE_DIR) / "templates" / "agreements" / "pdf" / "agreement.css"


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def document_context(content: dict[str, Any]) -> dict[str, Any]:
    """The content dict with dates and numbers parsed, for the PDF and the HTML pages."""
    period = dict(content.get("period") or {})
    period["start"] = _date(period.get("start"))
    period["end"] = _date(period.get("end"))
    period["course_start"] = _date(period.get("course_start"))
    decision = dict(content.get("decision") or {})
    decision["date"] = _date(decision.get("date"))
    issued_on = _date(content.get("issued_on"))
    # Who the agreement is with: the jobcentre until 31 January 2026, the municipality from
    # 1 February 2026 (lov nr. 1750), as on the day it is issued (a draft: its decision's day).
    dated_on = issued_on or decision["date"]
    jobcentre = dated_on is not None and rule_set_authority(dated_on, "da") == "jobcentret"
    return {
        "dated_on": dated_on,
        "jobcentre": jobcentre,
        "c": content,
        "period": period,
        "decision": decision,
        "reviews": [d for d in (_date(v) for v in content.get("reviews") or []) if d],
        "hours_per_week": _decimal(content.get("hours_per_week")),
        "issued_on": issued_on,
        "goal_lines": [line for line in str(content.get("goal") or "").splitlines()
                       if line.strip()],
    }


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    # Parsing the stylesheet and loading fonts is the slow part of a first render; do it once
    # per process and reuse it for every agreement.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(CSS_PATH), font_config=fonts), fonts


def render_agreement_html(content: dict[str, Any], *, draft: bool = False) -> str:
    with translation.override("da"):
        return render_to_string(PDF_TEMPLATE, {**document_context(content), "draft": draft})


def render_agreement_pdf(content: dict[str, Any], *, draft: bool = False) -> bytes:
    """The PDF bytes for ``content``. ``draft`` adds a "KLADDE" mark (previews only)."""
    from weasyprint import HTML

    stylesheet, fonts = _stylesheet()
    html = render_agreement_html(content, draft=draft)
    document = HTML(string=html, base_url=str(CSS_PATH.parent))
    # Tagged (PDF/UA-1): a structure tree, the language and the title, for screen readers.
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts,
                                    pdf_variant="pdf/ua-1")
    return pdf
