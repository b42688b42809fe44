"""Everything about one citizen (GDPR art. 15): a ZIP with ``data.json`` (machine-readable),
``oversigt.pdf`` (a readable, tagged summary, PDF/UA-1 as ``agreements/pdf.py``) and the
files on the case (documents, issued agreements).

The export is a list of *section builders* (``SECTIONS``): each takes the citizen and returns
a ``Section`` of records (plain JSON values, Danish keys) and the files that go with it. A new
kind of data about a citizen is one more builder in the list (e.g. decision letters); the JSON
and the PDF show every section the same way. Every query is filtered by the citizen: nothing
of another citizen can enter.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mentor import cpr as cpr_lib
from mentor.models import AccessLog, Citizen, SocialServiceSupport, User
from mentor.models_documents import Document
from mentor.services import CITIZEN_FACT_FIELDS

PDF_TEMPLATE = "mentor/pdf/citizen_export.html"
CSS_PATH = Path(settings.BASE_DIR) / "templates" / "mentor" / "pdf" / "citizen_export.css"

FileSource = Callable[[], bytes]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?")


@dataclass
class Section:
    key: str
    title: str
    records: list[dict[str, Any]]
    files: list[tuple[str, FileSource]] = field(default_factory=list)
    note: str = ""


def _value(value: Any) -> Any:
    """A JSON value: dates as ISO strings (local time for moments), decimals as strings."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, User):
        return str(value)
    return value


def _record(**values: Any) -> dict[str, Any]:
    return {key: _value(value) for key, value in values.items()}


# --- Section builders ------------------------------------------------------------------------


def citizen_section(citizen: Citizen) -> Section:
    facts = {Citizen._meta.get_field(name).verbose_name:  # type: ignore[union-attr]
             citizen.get_benefit_display() if name == "benefit" else getattr(citizen, name)
             for name in CITIZEN_FACT_FIELDS}
    record = _record(
        navn=citizen.full_name,
        cpr_nummer=cpr_lib.format_full(cpr_lib.decrypt(citizen.cpr_encrypted)),
        fødselsdato=citizen.birth_date, adresse=citizen.address, telefon=citizen.phone,
        email=citizen.email, team=citizen.team.name, registreret=citizen.created_at)
    record["oplysninger"] = {str(label): _value(value) for label, value in facts.items()}
    return Section("borger", "Borgeren", [record])


def referrals_section(citizen: Citizen) -> Section:
    from visitation.models import Referral

    referrals = (Referral.objects.filter(citizen=citizen)
                 .select_related("created_by", "decided_by", "mentor_type")
                 .prefetch_related("goals", "events__actor").order_by("created_at", "pk"))
    records = [_record(
        indstilling=referral.pk, status=referral.get_status_display(),
        oprettet=referral.created_at, oprettet_af=referral.created_by,
        indsendt=referral.submitted_at, afgjort=referral.decided_at,
        afgjort_af=referral.decided_by, afgørelse=referral.get_decision_kind_display(),
        begrundelse=referral.decision_reason, visitationsgrundlag=referral.visitation_grounds,
        uddybning=referral.grounds_text,
        begrundelse_lab_31d=referral.section_31d_justification,
        mentortype=referral.mentor_type.name if referral.mentor_type else "",
        serviceniveau=referral.service_level, timer_pr_uge=referral.hours_per_week,
        foreslået_start=referral.proposed_start,
        lovgrundlag=referral.decision.get("legal_basis", []),
        forklaring=referral.decision.get("explanation", []),
        mål=[{"mål": g.description, "måling": g.measure} for g in referral.goals.all()],
        historik=[_record(tidspunkt=e.at, af=e.actor, til=e.get_to_status_display(),
                          begrundelse=e.reason) for e in referral.events.all()])
        for referral in referrals]
    return Section("indstillinger", "Indstillinger og afgørelser", records)


def courses_section(citizen: Citizen) -> Section:
    from visitation.models import Course

    courses = (Course.objects.filter(citizen=citizen)
               .select_related("mentor", "provider", "mentor_type", "caseworker")
               .prefetch_related("periods", "events__actor").order_by("start_date", "pk"))
    records = [_record(
        mentorforløb=course.pk, afgørelse=course.get_kind_display(),
        lovgrundlag=course.legal_basis, mentortype=course.mentor_type.name,
        mentor=course.mentor.name if course.mentor else "", leverandør=course.provider.name,
        sagsbehandler=course.caseworker, start=course.start_date, slut=course.end_date,
        status=course.get_status_display(), afsluttet=course.ended_on,
        afslutningsårsag=course.get_end_reason_display() if course.end_reason else "",
        resultat=course.get_outcome_display() if course.outcome else "",
        serviceniveau=course.service_level, timer_pr_uge=course.hours_per_week,
        perioder=[_record(nummer=p.number, start=p.start_date, slut=p.end_date)
                  for p in course.periods.all()],
        historik=[_record(tidspunkt=e.at, af=e.actor, hændelse=e.title,
                          begrundelse=e.reason) for e in course.events.all()])
        for course in courses]
    return Section("forloeb", "Mentorforløb", records)


def journal_section(citizen: Citizen) -> Section:
    from visitation.models import JournalEntry

    records = [_record(mentorforløb=e.course_id, dato=e.contact_date,
                       kontaktform=e.get_form_display(), varighed_minutter=e.duration_minutes,
                       forsøg_uden_kontakt=e.attempt, fase=e.get_phase_display(), notat=e.note,
                       begrundelse_telefon=e.phone_reason, skrevet_af=e.author,
                       skrevet=e.created_at)
               for e in JournalEntry.objects.filter(course__citizen=citizen)
               .select_related("author").order_by("contact_date", "pk")]
    return Section("journal", "Journalnotater", records)


def reviews_section(citizen: Citizen) -> Section:
    from visitation.models import Review

    records = [_record(mentorforløb=r.course_id, forfalder=r.due_date,
                       type=r.get_kind_display(), status=r.get_status_display(),
                       gennemført=r.completed_at, gennemført_af=r.completed_by,
                       effekt=r.effect, progression=r.progression,
                       klar_til_aktivt_tilbud=r.ready_for_active_offer,
                       anbefaling=r.get_outcome_display() if r.outcome else "")
               for r in Review.objects.filter(course__citizen=citizen)
               .select_related("completed_by").order_by("due_date", "pk")]
    return Section("opfoelgninger", "Opfølgninger", records)


def agreements_section(citizen: Citizen) -> Section:
    from agreements.models import Agreement, AgreementStatus

    agreements = list(Agreement.objects.filter(course__citizen=citizen)
                      .exclude(status=AgreementStatus.DRAFT).defer("pdf")
                      .order_by("course_id", "version"))
    records, files = [], []
    for agreement in agreements:
        name = f"aftaler/aftale-forloeb-{agreement.course_id}-v{agreement.version}.pdf"
        records.append(_record(mentorforløb=agreement.course_id, version=agreement.version,
                               status=agreement.get_status_display(),
                               udstedt=agreement.issued_at, accepteret=agreement.accepted_on,
                               indhold=agreement.content, fil=name))
        files.append((name, _agreement_pdf(agreement.pk)))
    return Section("aftaler", "Aftaler om mentorstøtte", records, files)


def _agreement_pdf(pk: int) -> FileSource:
    def read() -> bytes:
        from agreements.models import Agreement

        data = Agreement.objects.values_list("pdf", flat=True).get(pk=pk)
        return bytes(data) if data is not None else b""

    return read


def complaints_section(citizen: Citizen) -> Section:
    from visitation.models_complaints import Complaint

    records = [_record(
        klage=c.pk, afgørelse=c.get_decision_kind_display(), afgørelsesdato=c.decision_date,
        modtaget=c.received_on, modtaget_som=c.get_channel_display(), klagen=c.text,
        frist=c.forward_deadline, status=c.get_status_display(), genvurdering=c.reassessment,
        genvurderet=c.reassessed_at, sendt_til_ankestyrelsen=c.forwarded_on,
        ankestyrelsens_afgørelse=c.appeal_decided_on, bemærkning=c.appeal_note,
        historik=[_record(tidspunkt=e.at, af=e.actor, hændelse=e.title, begrundelse=e.reason)
                  for e in c.events.all()])
        for c in Complaint.objects.filter(citizen=citizen)
        .prefetch_related("events__actor").order_by("received_on", "pk")]
    return Section("klager", "Klager", records)


def documents_section(citizen: Citizen) -> Section:
    records, files = [], []
    for document in Document.objects.filter(citizen=citizen).select_related("uploaded_by")\
            .order_by("uploaded_at", "pk"):
        name = f"dokumenter/{document.download_name}" if not document.is_held else ""
        records.append(_record(dokument=document.pk, titel=document.title,
                               filtype=document.content_type, størrelse_bytes=document.size,
                               mentorforløb=document.course_id, lagt_på=document.uploaded_at,
                               lagt_på_af=document.uploaded_by,
                               virusscanning=document.get_scan_status_display(),
                               fil=name or "ikke medtaget: venter på virusscanning"))
        if name:
            files.append((name, _document_file(document)))
    return Section("dokumenter", "Dokumenter", records, files)


def _document_file(document: Document) -> FileSource:
    def read() -> bytes:
        with document.file.open("rb") as handle:
            return bytes(handle.read())

    return read


def letters_section(citizen: Citizen) -> Section:
    """The decision letters the citizen was sent (or will be): the text as sent and its PDF."""
    from agreements.models_letters import Letter

    records, files = [], []
    for letter in Letter.objects.filter(citizen=citizen).order_by("created_at", "pk"):
        name = f"breve/brev-{letter.pk}-{letter.kind}.pdf" if letter.pdf else ""
        records.append(_record(brev=letter.pk, slags=letter.get_kind_display(),
                               afgørelsesdato=letter.decided_on, emne=letter.subject,
                               tekst=letter.body, kanal=letter.get_channel_display(),
                               status=letter.get_status_display(), dannet=letter.created_at,
                               sendt=letter.sent_at, mentorforløb=letter.course_id,
                               indstilling=letter.referral_id, fil=name or "–"))
        if name:
            files.append((name, _letter_file(letter)))
    return Section("breve", "Afgørelsesbreve", records, files)


def _letter_file(letter: Any) -> FileSource:
    def read() -> bytes:
        with letter.pdf.open("rb") as handle:
            return bytes(handle.read())

    return read


def social_support_section(citizen: Citizen) -> Section:
    records = [_record(type=s.get_kind_display(), start=s.start_date, slut=s.end_date,
                       udfører=s.provider, bemærkning=s.note)
               for s in SocialServiceSupport.objects.filter(citizen=citizen)
               .order_by("start_date", "pk")]
    return Section("serviceloven", "Støtte efter serviceloven", records)


def access_log_section(citizen: Citizen) -> Section:
    records = [_record(tidspunkt=row.at, bruger=row.user, handling=row.get_action_display(),
                       hvad=row.what, begrundelse=row.reason)
               for row in AccessLog.objects.filter(citizen=citizen).select_related("user")
               .order_by("at", "id")]
    return Section("adgangslog", "Hvem har set oplysningerne (adgangslog)", records)


SectionBuilder = Callable[[Citizen], Section]
SECTIONS: list[SectionBuilder] = [
    citizen_section, referrals_section, courses_section, journal_section, reviews_section,
    agreements_section, letters_section, complaints_section, documents_section,
    social_support_section, access_log_section,
]


# --- The ZIP ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _stylesheet() -> Any:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(CSS_PATH), font_config=fonts), fonts


def _display(value: Any) -> str:
    """A JSON value as lines of text for the PDF (dates as Danish readers write them)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        moment = datetime.datetime.fromisoformat(value)
        return f"{moment:%d.%m.%Y %H:%M}" if "T" in value else f"{moment:%d.%m.%Y}"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {_display(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "\n".join(_display(item).replace("\n", "; ") for item in value)
    return str(value)


def summary_pdf(citizen: Citizen, sections: list[Section], meta: dict[str, Any]) -> bytes:
    """The readable summary, tagged (PDF/UA-1), always in Danish."""
    from weasyprint import HTML

    shown = [(section, [[(key.replace("_", " ").capitalize(), _display(value))
                         for key, value in record.items()] for record in section.records])
             for section in sections]
    with translation.override("da"):
        html = render_to_string(PDF_TEMPLATE, {"citizen": citizen, "sections": shown,
                                               "meta": {**meta,
                                                        "dannet": _display(meta["dannet"])}})
    stylesheet, fonts = _stylesheet()
    pdf: bytes = HTML(string=html, base_url=str(CSS_PATH.parent)).write_pdf(
        stylesheets=[stylesheet], font_config=fonts, pdf_variant="pdf/ua-1")
    return pdf


def build_export(citizen: Citizen, *, actor: User, reason: str) -> bytes:
    """The export's ZIP bytes."""
    sections = [builder(citizen) for builder in SECTIONS]
    meta = {"dannet": _value(timezone.now()), "dannet_af": str(actor), "begrundelse": reason,
            "borger_id": citizen.pk, "kommune": citizen.team.municipality.name}
    data = {**meta, "afsnit": {s.key: {"titel": s.title, "poster": s.records}
                               for s in sections}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("oversigt.pdf", summary_pdf(citizen, sections, meta))
        for section in sections:
            for name, read in section.files:
                archive.writestr(name, read())
    return buffer.getvalue()
