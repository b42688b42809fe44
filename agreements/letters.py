"""What a decision letter says: its frozen content and the values of its placeholders, built
from the decision and the course, in the letter's language.

A letter has two parts. The municipality's text (a ``LetterTemplate``: subject and body with
named placeholders in curly brackets such as ``{borger_navn}``), and the parts the law requires, which no
template can leave out: the decision in figures, the reasons (the rules applied and the main
facts relied on, forvaltningsloven §§ 22–24), the legal basis and the complaint guidance from
the policy in force on the decision date (forvaltningsloven § 25). Both are frozen on the
letter when it is made; the PDF is rendered from them alone.

Placeholders are substituted as plain text (``render_text``): no template language runs, so a
template can say nothing but its text and the listed values. Sources: ``LETTER_SOURCES``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models_letters import LetterKind
from mentor.models import Benefit, Citizen, DecisionKind, MentorType, TargetGroup, User
from mentor.selectors import policy_in_force
from visitation.models import Course, CoursePeriod, EndReason, Referral, ReviewStatus
from visitation.rules import format_date, rule_set_authority
from visitation.rules.dates import add_months, format_dates

CONTENT_SCHEMA = 1

# Where the letter's legal frame comes from, as law.json cites its sources. Paragraph numbers
# marked "verify" were not checked against the statute text in force.
LETTER_SOURCES: dict[str, str] = {
    "fvl_22": "Forvaltningsloven § 22: a written decision is accompanied by reasons unless it "
              "fully grants the party's request (danskelove.dk/forvaltningsloven/22)",
    "fvl_24": "Forvaltningsloven § 24: the reasons refer to the rules applied, state the main "
              "considerations of a discretionary decision and, where needed, the facts "
              "relied on (ombudsmanden.dk, Myndighedsguiden #10 Begrundelse; KL's answer on "
              "forvaltningslovens § 24) — verify the wording against the act",
    "fvl_25": "Forvaltningsloven § 25, stk. 1: a decision that can be appealed comes with "
              "complaint guidance naming the appeal body, how to complain and any time limit "
              "(pav.medst.dk, 9.1.13 Klagevejledning)",
    "ast_genvurdering": "Ankestyrelsen, Klagevejledning og tidsfrister (ast.dk): complain to the "
                        "authority that decided, which re-assesses (genvurdering) and, if it "
                        "maintains the decision, sends the complaint and the case files to "
                        "Ankestyrelsen no later than four weeks after receiving it",
    "rsl_60": "Retssikkerhedsloven § 60 (elov.dk, kapitel 10): the municipality's (including "
              "the jobcentre's) decisions may be brought before Ankestyrelsen where the law "
              "says so; stk. 3: decisions on the general service level cannot",
    "lab_204": "LAB §§ 204–205 (the complaint rules for the jobcentre's decisions, referred to "
               "by bekendtgørelse nr. 1183 af 25. november 2019 om andre aktører § 16, "
               "elov.dk) — verify the numbers in the act in force on the decision date",
}

# The chapter of LAB on mentor support, for a letter whose decision cites no paragraph (a
# rejection of a citizen the rules found not eligible). law.json: lov_895_2013, lov_548_2019.
MENTOR_CHAPTER = (
    (datetime.date(2020, 1, 1), "LAB kapitel 26 (§§ 167–171)"),
    (datetime.date(2014, 1, 1), "LAB kapitel 9 b (§§ 31 b–31 f)"),
)

# A placeholder is a name in curly brackets: {borger_navn}. One pair of brackets only, so that
# a template can never hold template code ({{ … }}, {% … %}) of any engine.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAME = re.compile(r"[a-zæøå][a-zæøå0-9_]*")

# Every placeholder, with what it is (shown to the administrator beside the editor).
PLACEHOLDERS: dict[str, Promise] = {
    "borger_navn": gettext_lazy("Borgerens navn"),
    "kommune_navn": gettext_lazy("Kommunens navn"),
    "myndighed": gettext_lazy("Hvem der har truffet afgørelsen: jobcentret (til og med 31. "
                              "januar 2026) eller kommunen"),
    "afgørelsesdato": gettext_lazy("Datoen for afgørelsen"),
    "sagsnummer": gettext_lazy("Mentorforløbets eller indstillingens nummer"),
    "sagsbehandler_navn": gettext_lazy("Sagsbehandlerens navn"),
    "sagsbehandler_telefon": gettext_lazy("Sagsbehandlerens telefon (ellers kommunens)"),
    "sagsbehandler_email": gettext_lazy("Sagsbehandlerens e-mail (ellers kommunens)"),
    "afgørelse": gettext_lazy("Afgørelsen i ord, fx »tilbud om mentorstøtte«"),
    "lovgrundlag": gettext_lazy("De paragraffer, afgørelsen er truffet efter"),
    "mentortype": gettext_lazy("Mentortypen"),
    "målgruppe": gettext_lazy("Den målgruppe, borgeren hører til"),
    "periode_nr": gettext_lazy("Periodens nummer (1 for den første)"),
    "periode_start": gettext_lazy("Periodens første dag"),
    "periode_slut": gettext_lazy("Periodens sidste dag"),
    "timer_pr_uge": gettext_lazy("Timer pr. uge"),
    "serviceniveau": gettext_lazy("Serviceniveauet (1, 2 eller 3)"),
    "forrige_serviceniveau": gettext_lazy("Serviceniveauet før ændringen"),
    "forrige_timer_pr_uge": gettext_lazy("Timer pr. uge før ændringen"),
    "gælder_fra": gettext_lazy("Den dag, ændringen gælder fra"),
    "kontaktkrav": gettext_lazy("En sætning om, hvor ofte borger og mentor skal have kontakt"),
    "mentor_navn": gettext_lazy("Mentors navn (ellers leverandørens)"),
    "opfølgningsdatoer": gettext_lazy("Datoerne for opfølgning i perioden"),
    "begrundelse": gettext_lazy("Den konkrete begrundelse, som sagsbehandleren eller "
                                "teamlederen skrev"),
    "ophørsdato": gettext_lazy("Den dag, støtten ophører"),
    "ophørsårsag": gettext_lazy("Årsagen til ophøret"),
}

_COMMON = ("borger_navn", "kommune_navn", "myndighed", "afgørelsesdato", "sagsnummer",
           "sagsbehandler_navn", "sagsbehandler_telefon", "sagsbehandler_email")
_PERIOD = ("afgørelse", "lovgrundlag", "mentortype", "målgruppe", "periode_nr",
           "periode_start", "periode_slut", "timer_pr_uge", "serviceniveau", "kontaktkrav",
           "mentor_navn", "opfølgningsdatoer", "begrundelse")
KIND_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    LetterKind.GRANT: _COMMON + _PERIOD,
    LetterKind.REJECTION: (*_COMMON, "lovgrundlag", "begrundelse"),
    LetterKind.EXTENSION: _COMMON + _PERIOD,
    LetterKind.LEVEL_CHANGE: (
        *_COMMON, "lovgrundlag", "mentortype", "serviceniveau", "forrige_serviceniveau",
        "timer_pr_uge", "forrige_timer_pr_uge", "gælder_fra", "periode_slut",
        "opfølgningsdatoer", "begrundelse"),
    LetterKind.END: (*_COMMON, "lovgrundlag", "mentortype", "periode_start", "ophørsdato",
                     "ophørsårsag", "begrundelse"),
}


# --- Templates: validation and substitution --------------------------------------------------

def template_problems(kind: str, text: str) -> list[str]:
    """What is wrong with a template text for ``kind``, one Danish sentence per problem: a
    placeholder that is not in the kind's list (named), something in curly brackets that is
    not a placeholder name, or a bracket without its pair."""
    allowed = KIND_PLACEHOLDERS[kind]
    problems: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if not NAME.fullmatch(name):
            problems.append(_("»%(text)s« er ikke en pladsholder. Skriv en pladsholder som et "
                              "navn i krøllede parenteser, fx {borger_navn}.")
                            % {"text": match.group(0)})
        elif name not in allowed:
            problems.append(_("Ukendt pladsholder: %(placeholder)s. Brevtypen kan kun bruge de "
                              "pladsholdere, der står i listen; ret eller fjern den.")
                            % {"placeholder": "{" + name + "}"})
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append(_("Teksten har en krøllet parentes uden sin makker. Skriv en "
                          "pladsholder som {borger_navn}."))
    return list(dict.fromkeys(problems))


def render_text(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by its value, as plain text. The caller has
    checked the text with ``template_problems``; a name without a value becomes empty."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1).strip(), ""), text)


# --- Formatting in the letter's language -----------------------------------------------------

def _date(value: datetime.date | str | None, lang: str) -> str:
    if not value:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return format_date(day, lang)


def _hours(value: Decimal | str | float, lang: str) -> str:
    text = f"{Decimal(str(value)).normalize():f}"
    return text.replace(".", ",") if lang == "da" else text


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" og " if lang == "da" else " and ") + items[-1]


def mentor_chapter(on: datetime.date) -> str:
    return next(text for start, text in MENTOR_CHAPTER if on >= start)


KIND_PHRASES: dict[str, Promise] = {
    DecisionKind.RIGHT_AND_DUTY: gettext_lazy("ret og pligt til mentorstøtte"),
    DecisionKind.RIGHT: gettext_lazy("ret til mentorstøtte"),
    DecisionKind.OFFER: gettext_lazy("tilbud om mentorstøtte"),
    DecisionKind.NOT_ELIGIBLE: gettext_lazy("ikke ret til mentorstøtte"),
}


def _contact_sentence(min_contact_days: int | None, in_person: bool) -> str:
    if not min_contact_days:
        return _("Loven stiller ikke krav om, hvor ofte du og din mentor har kontakt; det "
                 "aftaler I sammen.")
    sentence = _("Du og din mentor skal have kontakt mindst hver %(days)s. dag") % {
        "days": min_contact_days}
    if in_person:
        sentence += _(", som udgangspunkt ved personligt fremmøde")
    return sentence + "."


def _person(user: User, municipality: Any) -> dict[str, str]:
    return {"name": user.get_full_name() or user.username, "title": user.title or "",
            "phone": user.phone or municipality.phone or "",
            "email": user.email or municipality.email or ""}


def _mentor_type_name(mentor_type: MentorType | None, lang: str) -> str:
    if mentor_type is None:
        return ""
    return mentor_type.name_en if lang == "en" and mentor_type.name_en else mentor_type.name


def _target_group_name(code: str, lang: str) -> str:
    group = TargetGroup.objects.filter(code=code).first() if code else None
    if group is None:
        return ""
    return group.name_en if lang == "en" and group.name_en else group.name


# --- The main facts relied on (forvaltningsloven § 24) ----------------------------------------

_BOOLEAN_FACTS = ("activity_ready", "single_parent_with_education_order",
                  "in_integration_programme", "in_employment_activity")
_DATE_FACTS = ("psychiatric_discharge_date", "prison_release_date", "education_start_date")


def _label(name: str) -> str:
    field = Citizen._meta.get_field(name)
    text = str(getattr(field, "verbose_name", name))
    return text[:1].upper() + text[1:]


def facts_relied_on(facts: Mapping[str, Any], lang: str) -> list[str]:
    """The facts from the decision's snapshot that the rules read, as "label: value" lines:
    the benefit, activity readiness, and every fact that is set."""
    lines: list[str] = []
    benefit = facts.get("benefit")
    if benefit in Benefit.values:
        lines.append(f"{_label('benefit')}: {Benefit(benefit).label}")
    if "activity_ready" in facts:
        lines.append(f"{_label('activity_ready')}: "
                     f"{_('ja') if facts.get('activity_ready') else _('nej')}")
    if facts.get("can_take_part_in_offers") is False:
        lines.append(f"{_label('can_take_part_in_offers')}: {_('nej')}")
    lines.extend(f"{_label(name)}: {_('ja')}" for name in _BOOLEAN_FACTS[1:]
                 if facts.get(name))
    if facts.get("has_vocational_education"):
        lines.append(f"{_label('has_vocational_education')}: {_('ja')}")
    if facts.get("previous_jobcentre_contact") is False:
        lines.append(f"{_label('previous_jobcentre_contact')}: {_('nej')}")
    lines.extend(f"{_label(name)}: {_date(facts[name], lang)}" for name in _DATE_FACTS
                 if facts.get(name))
    return lines


# --- Building a letter -------------------------------------------------------------------------

@dataclass
class LetterDraft:
    """A letter before it is stored: the frozen content and the placeholder values."""

    kind: str
    language: str
    decided_on: datetime.date
    content: dict[str, Any]
    values: dict[str, str]


def _header(citizen: Citizen, team_name: str, caseworker: User, on: datetime.date, lang: str,
            reference: str) -> tuple[dict[str, Any], dict[str, str]]:
    municipality = citizen.team.municipality
    person = _person(caseworker, municipality)
    authority = rule_set_authority(on, lang)
    content = {
        "schema": CONTENT_SCHEMA,
        "municipality": {"name": municipality.name, "address": municipality.address,
                         "phone": municipality.phone, "email": municipality.email,
                         "cvr": municipality.cvr, "website": municipality.website},
        "jobcentre": rule_set_authority(on, "da") == "jobcentret",
        "team": team_name,
        "recipient": {"name": citizen.full_name, "address": citizen.address,
                      "cpr_masked": citizen.cpr_masked},
        "caseworker": person,
        "reference": reference,
        "date": on.isoformat(),
    }
    values = {
        "borger_navn": citizen.full_name, "kommune_navn": municipality.name,
        "myndighed": authority, "afgørelsesdato": _date(on, lang), "sagsnummer": reference,
        "sagsbehandler_navn": person["name"], "sagsbehandler_telefon": person["phone"],
        "sagsbehandler_email": person["email"],
    }
    return content, values


def complaint_guidance(citizen: Citizen, on: datetime.date, lang: str) -> str:
    """The complaint guidance of the policy in force on the decision date (its English text
    for an English letter); the default text naming who re-assesses when there is none."""
    from mentor.services import default_complaint_guidance, default_complaint_guidance_en

    policy = policy_in_force(citizen.team.municipality, on)
    if lang == "en":
        return (policy.complaint_guidance_en if policy and policy.complaint_guidance_en
                else default_complaint_guidance_en(on))
    return policy.complaint_guidance if policy else default_complaint_guidance(on)


def _legal_frame(on: datetime.date) -> str:
    authority = rule_set_authority(on, translation.get_language() or "da")
    return _("Begrundelsen og klagevejledningen gives efter forvaltningsloven §§ 22–25. "
             "Klager over %(authority)s afgørelser behandles efter reglerne i "
             "retssikkerhedsloven kapitel 10.") % {"authority": _possessive(authority)}


def _possessive(authority: str) -> str:
    # "jobcentrets" / "kommunens"; English "the jobcentre's" / "the municipality's".
    return authority + ("'s" if authority.startswith("the ") else "s")


def _decision_section(*, legal_basis: list[str], explanation: list[str],
                      facts: Mapping[str, Any], assessment: str, lang: str,
                      on: datetime.date, rule_set_version: str = "",
                      law_revision: str = "") -> dict[str, Any]:
    basis = list(legal_basis) or [mentor_chapter(on)]
    return {
        "legal_basis": basis,
        "lab_expanded": any(item.startswith("LAB") for item in basis),
        "reasons": {"assessment": assessment.strip(), "rules": list(explanation),
                    "facts": facts_relied_on(facts, lang)},
        "rule_set_version": rule_set_version, "law_revision": law_revision,
        "legal_frame": _legal_frame(on),
    }


def _explanation(decision: Mapping[str, Any], lang: str) -> list[str]:
    lines = decision.get("explanation_en" if lang == "en" else "explanation") or []
    return [str(line) for line in lines]


def _period_values(course: Course, period: CoursePeriod | None, decision: Mapping[str, Any],
                   lang: str) -> tuple[list[list[str]], dict[str, str]]:
    """The decision table's rows and the placeholder values of a granted period."""
    start = period.start_date if period else course.start_date
    end = period.end_date if period else course.end_date
    kind = str(decision.get("kind") or course.kind)
    phrase = str(KIND_PHRASES.get(kind, ""))
    reviews = course.reviews.exclude(status=ReviewStatus.CANCELLED)
    if period is not None:
        reviews = reviews.filter(period=period)
    review_days = [r.due_date for r in reviews.order_by("due_date")]
    contact = _contact_sentence(course.min_contact_days, course.in_person_contact_required)
    mentor = course.mentor.name if course.mentor else course.provider.name
    mentor_type = _mentor_type_name(course.mentor_type, lang)
    basis = list(decision.get("legal_basis") or course.legal_basis)
    hours = _hours(course.hours_per_week, lang)
    rows = [
        [_("Afgørelse"), phrase[:1].upper() + phrase[1:]],
        [_("Mentortype"), mentor_type],
        [_("Periode"), f"{_date(start, lang)} – {_date(end, lang)}"],
        [_("Timer pr. uge"), hours],
        [_("Serviceniveau"), str(course.service_level)],
        [_("Kontakt"), contact],
        [_("Mentor"), mentor],
        [_("Opfølgning"), format_dates(review_days, lang) or "–"],
    ]
    values = {
        "afgørelse": phrase, "lovgrundlag": _join(basis, lang), "mentortype": mentor_type,
        "målgruppe": _target_group_name(course.target_group, lang),
        "periode_nr": str(period.number if period else 1),
        "periode_start": _date(start, lang), "periode_slut": _date(end, lang),
        "timer_pr_uge": hours, "serviceniveau": str(course.service_level),
        "kontaktkrav": contact, "mentor_navn": mentor,
        "opfølgningsdatoer": format_dates(review_days, lang),
    }
    return rows, values


def build_grant(course: Course, *, lang: str) -> LetterDraft:
    """Bevilling: the approved referral opened ``course``; its first period's decision."""
    with translation.override(lang):
        referral = course.referral
        on = course.decision_date
        content, values = _header(course.citizen, course.team.name, course.caseworker, on,
                                  lang, _("Mentorforløb #%(n)s") % {"n": course.pk})
        period = course.periods.order_by("number").first()
        decision = referral.decision or (period.decision if period else {})
        rows, period_values = _period_values(course, period, decision, lang)
        assessment = referral.decision_reason or _(
            "Du opfylder betingelserne for mentorstøtte efter de regler, der er nævnt "
            "nedenfor, og vi vurderer, at støtten kan hjælpe dig mod målet for forløbet.")
        values.update(period_values, begrundelse=assessment)
        content.update(
            facts_table=rows, complaint_guidance=complaint_guidance(course.citizen, on, lang),
            **_decision_section(legal_basis=list(course.legal_basis),
                                explanation=_explanation(decision, lang),
                                facts=referral.facts_snapshot, assessment=assessment,
                                lang=lang, on=on, rule_set_version=course.rule_set_version,
                                law_revision=course.law_revision))
        return LetterDraft(LetterKind.GRANT, lang, on, content, values)


def build_rejection(referral: Referral, *, on: datetime.date, lang: str) -> LetterDraft:
    """Afslag: the team leader rejected ``referral`` on ``on`` with a reason."""
    with translation.override(lang):
        content, values = _header(referral.citizen, referral.team.name, referral.created_by,
                                  on, lang, _("Indstilling #%(n)s") % {"n": referral.pk})
        decision = referral.decision or {}
        basis = [str(item) for item in decision.get("legal_basis") or []]
        section = _decision_section(
            legal_basis=basis, explanation=_explanation(decision, lang),
            facts=referral.facts_snapshot, assessment=referral.decision_reason, lang=lang,
            on=on, rule_set_version=referral.rule_set_version,
            law_revision=referral.law_revision)
        values.update(lovgrundlag=_join(section["legal_basis"], lang),
                      begrundelse=referral.decision_reason)
        content.update(
            facts_table=[[_("Afgørelse"), _("Afslag på mentorstøtte")],
                         [_("Indstilling"), f"#{referral.pk}"],
                         [_("Afgørelsesdato"), _date(on, lang)]],
            complaint_guidance=complaint_guidance(referral.citizen, on, lang), **section)
        return LetterDraft(LetterKind.REJECTION, lang, on, content, values)


def build_extension(course: Course, period: CoursePeriod, *, reason: str,
                    lang: str) -> LetterDraft:
    """Forlængelse: ``period`` is the new period with its own decision."""
    with translation.override(lang):
        on = course.decision_date
        content, values = _header(course.citizen, course.team.name, course.caseworker, on,
                                  lang, _("Mentorforløb #%(n)s") % {"n": course.pk})
        decision = period.decision
        rows, period_values = _period_values(course, period, decision, lang)
        rows.insert(2, [_("Ny periode"), str(period.number)])
        values.update(period_values, begrundelse=reason)
        content.update(
            facts_table=rows, complaint_guidance=complaint_guidance(course.citizen, on, lang),
            **_decision_section(legal_basis=list(decision.get("legal_basis") or []),
                                explanation=_explanation(decision, lang),
                                facts=decision.get("facts_snapshot") or {}, assessment=reason,
                                lang=lang, on=on, rule_set_version=period.rule_set_version,
                                law_revision=period.law_revision))
        return LetterDraft(LetterKind.EXTENSION, lang, on, content, values)


def build_level_change(course: Course, *, previous_level: int, previous_hours: Decimal,
                       review_interval_months: int, reason: str, on: datetime.date,
                       lang: str) -> LetterDraft:
    """Ændret serviceniveau: ``course`` holds the new level and hours from ``on``."""
    with translation.override(lang):
        content, values = _header(course.citizen, course.team.name, course.caseworker, on,
                                  lang, _("Mentorforløb #%(n)s") % {"n": course.pk})
        period = course.periods.order_by("-number").first()
        reviews = course.reviews.filter(status=ReviewStatus.DUE, due_date__gte=on)
        if period is not None:
            reviews = reviews.filter(period=period)
        review_days = [r.due_date for r in reviews.order_by("due_date")]
        hours = _hours(course.hours_per_week, lang)
        mentor_type = _mentor_type_name(course.mentor_type, lang)
        interval = (_("mindst hver måned") if review_interval_months == 1 else
                    _("mindst hver %(n)s. måned") % {"n": review_interval_months})
        rows = [
            [_("Afgørelse"), _("Ændret serviceniveau")],
            [_("Mentortype"), mentor_type],
            [_("Gælder fra"), _date(on, lang)],
            [_("Serviceniveau"), f"{course.service_level} ({_('før')}: {previous_level})"],
            [_("Timer pr. uge"), f"{hours} ({_('før')}: {_hours(previous_hours, lang)})"],
            [_("Opfølgning"), f"{interval}: {format_dates(review_days, lang) or '–'}"],
            [_("Perioden slutter"), _date(course.end_date, lang)],
        ]
        values.update({
            "lovgrundlag": _join(list(course.legal_basis), lang), "mentortype": mentor_type,
            "serviceniveau": str(course.service_level),
            "forrige_serviceniveau": str(previous_level), "timer_pr_uge": hours,
            "forrige_timer_pr_uge": _hours(previous_hours, lang), "gælder_fra": _date(on, lang),
            "periode_slut": _date(course.end_date, lang),
            "opfølgningsdatoer": format_dates(review_days, lang), "begrundelse": reason,
        })
        policy_line = _("Kommunens serviceniveau %(level)s: opfølgning %(interval)s.") % {
            "level": course.service_level, "interval": interval}
        section = _decision_section(
            legal_basis=list(course.legal_basis), explanation=[policy_line], facts={},
            assessment=reason, lang=lang, on=on, rule_set_version=course.rule_set_version,
            law_revision=course.law_revision)
        content.update(facts_table=rows,
                       complaint_guidance=complaint_guidance(course.citizen, on, lang),
                       **section)
        return LetterDraft(LetterKind.LEVEL_CHANGE, lang, on, content, values)


def build_end(course: Course, *, note: str, on: datetime.date, lang: str) -> LetterDraft:
    """Ophør: the course ended on ``course.ended_on`` for ``course.end_reason``."""
    with translation.override(lang):
        content, values = _header(course.citizen, course.team.name, course.caseworker, on,
                                  lang, _("Mentorforløb #%(n)s") % {"n": course.pk})
        reason_label = (str(EndReason(course.end_reason).label)
                        if course.end_reason in EndReason.values else "")
        ended = course.ended_on or on
        mentor_type = _mentor_type_name(course.mentor_type, lang)
        rows = [
            [_("Afgørelse"), _("Mentorstøtten ophører")],
            [_("Mentortype"), mentor_type],
            [_("Forløbet startede"), _date(course.start_date, lang)],
            [_("Ophører pr."), _date(ended, lang)],
            [_("Årsag"), reason_label],
        ]
        assessment = " ".join(part for part in (reason_label + "." if reason_label else "",
                                                note.strip()) if part)
        values.update({
            "lovgrundlag": _join(list(course.legal_basis), lang), "mentortype": mentor_type,
            "periode_start": _date(course.start_date, lang), "ophørsdato": _date(ended, lang),
            "ophørsårsag": reason_label.lower() if lang == "da" else reason_label,
            "begrundelse": note.strip(),
        })
        content.update(
            facts_table=rows, complaint_guidance=complaint_guidance(course.citizen, on, lang),
            **_decision_section(legal_basis=list(course.legal_basis), explanation=[],
                                facts={}, assessment=assessment, lang=lang, on=on,
                                rule_set_version=course.rule_set_version,
                                law_revision=course.law_revision))
        return LetterDraft(LetterKind.END, lang, on, content, values)


def sample_values(kind: str, lang: str) -> dict[str, str]:
    """Made-up values for a preview without a real case (an administrator sees none)."""
    on = datetime.date(2026, 12, 7)
    with translation.override(lang):
        values = {
            "borger_navn": "Eksempel Borgersen", "kommune_navn": _("Eksempel Kommune"),
            "myndighed": rule_set_authority(on, lang), "afgørelsesdato": _date(on, lang),
            "sagsnummer": _("Mentorforløb #%(n)s") % {"n": 123},
            "sagsbehandler_navn": "Sofie Sagsbehandler", "sagsbehandler_telefon": "12 34 56 78",
            "sagsbehandler_email": "sagsbehandler@kommune.example",
            "afgørelse": str(KIND_PHRASES[DecisionKind.OFFER]),
            "lovgrundlag": "LAB § 167, stk. 1", "mentortype": _("Social mentor"),
            "målgruppe": _("Borgere, der skal opnå eller fastholde en aktivitet"),
            "periode_nr": "1", "periode_start": _date(on, lang),
            "periode_slut": _date(add_months(on, 6), lang), "timer_pr_uge": _hours("1.5", lang),
            "serviceniveau": "2", "forrige_serviceniveau": "1",
            "forrige_timer_pr_uge": _hours("1", lang), "gælder_fra": _date(on, lang),
            "kontaktkrav": _contact_sentence(None, False), "mentor_navn": "Maja Mentor",
            "opfølgningsdatoer": format_dates([add_months(on, 1), add_months(on, 2)], lang),
            "begrundelse": _("Her står den konkrete begrundelse fra sagen."),
            "ophørsdato": _date(on, lang), "ophørsårsag": _("målet er nået"),
        }
    return {name: values[name] for name in KIND_PLACEHOLDERS[kind]}


def sample_content(kind: str, lang: str, on: datetime.date) -> dict[str, Any]:
    """Made-up content for a preview without a real case: the parts every letter adds."""
    from mentor.services import default_complaint_guidance, default_complaint_guidance_en

    values = sample_values(kind, lang)
    with translation.override(lang):
        return {
            "schema": CONTENT_SCHEMA,
            "municipality": {"name": _("Eksempel Kommune"), "address": "Rådhusvej 1, 1234 By",
                             "phone": "12 34 56 78", "email": "kommune@kommune.example",
                             "cvr": "", "website": ""},
            "jobcentre": False, "team": _("Job og Kompetence"),
            "recipient": {"name": "Eksempel Borgersen", "address": "Vejen 2, 1234 By",
                          "cpr_masked": "010190-XXXX"},
            "caseworker": {"name": "Sofie Sagsbehandler", "title": "", "phone": "12 34 56 78",
                           "email": "sagsbehandler@kommune.example"},
            "reference": values["sagsnummer"], "date": on.isoformat(),
            "facts_table": [[_("Afgørelse"), str(KIND_PHRASES[DecisionKind.OFFER])]],
            "complaint_guidance": (default_complaint_guidance_en(on) if lang == "en"
                                   else default_complaint_guidance(on)),
            **_decision_section(legal_basis=["LAB § 167, stk. 1"], explanation=[],
                                facts={"benefit": "cash_benefit", "activity_ready": True},
                                assessment=values["begrundelse"], lang=lang, on=on),
        }


def preview(kind: str, lang: str, case: Course | Referral | None,
            on: datetime.date) -> tuple[dict[str, Any], dict[str, str]]:
    """Content and placeholder values for previewing a template of ``kind``: from a real case
    the user may see, or made up (``case`` None). Nothing is stored."""
    sample_reason = str(gettext_lazy("Her står den konkrete begrundelse fra sagen."))
    draft: LetterDraft | None = None
    if isinstance(case, Referral) and kind == LetterKind.REJECTION:
        draft = build_rejection(case, on=on, lang=lang)
    elif isinstance(case, Course):
        if kind == LetterKind.GRANT:
            draft = build_grant(case, lang=lang)
        elif kind == LetterKind.EXTENSION:
            period = case.periods.order_by("-number").first()
            if period is not None:
                draft = build_extension(case, period, reason=sample_reason, lang=lang)
        elif kind == LetterKind.LEVEL_CHANGE:
            draft = build_level_change(case, previous_level=case.service_level,
                                       previous_hours=case.hours_per_week,
                                       review_interval_months=1, reason=sample_reason, on=on,
                                       lang=lang)
        elif kind == LetterKind.END:
            draft = build_end(case, note="", on=on, lang=lang)
    if draft is None:
        return sample_content(kind, lang, on), sample_values(kind, lang)
    if not draft.values.get("begrundelse"):
        draft.values["begrundelse"] = sample_reason
    return draft.content, {name: draft.values.get(name, "") for name in KIND_PLACEHOLDERS[kind]}
