"""Texts the system writes (notifications, history lines), stored as a code and parameters and
rendered in the reader's language when they are shown.

A service stores ``code`` and ``params`` (JSON: strings, numbers, ISO dates); ``render`` looks
the code up in ``TEXTS`` and fills in the parameters, formatted for the active language: a
parameter whose name is in ``DATE_PARAMS`` is a date, one in ``CHOICE_PARAMS`` is the value of
a choice and shows as its label. A code that is not (or no longer) registered renders as the
fallback text stored with the row, so an old row still reads as it did.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# code: the Danish template (the msgid); English in locale/en.
TEXTS: dict[str, Promise] = {
    # Referrals (visitation/services/referrals.py)
    "referral_awaits_visitation": _("Indstilling #%(referral)s venter på visitation."),
    "referral_approved": _("Indstilling #%(referral)s er godkendt, og mentorforløb "
                           "#%(course)s er oprettet."),
    "course_assigned": _("Du er tildelt et nyt mentorforløb (mentorforløb #%(course)s)."),
    "referral_rejected": _("Indstilling #%(referral)s er afvist."),
    "referral_returned": _("Indstilling #%(referral)s er sendt retur til ændringer."),
    # Courses (visitation/services/courses.py)
    "course_extended": _("Mentorforløb #%(course)s er forlænget til %(end_date)s."),
    "course_ended": _("Mentorforløb #%(course)s er afsluttet pr. %(ended_on)s."),
    "course_new_mentor_you": _("Du er tildelt mentorforløb #%(course)s som ny mentor."),
    "course_new_mentor": _("Mentorforløb #%(course)s har fået en ny mentor."),
    # Handing over a caseload, the team leader's note (visitation/services/team.py)
    "caseload_mentor_moved": _("%(count)s af dine mentorforløb er flyttet til andre mentorer."),
    "course_new_caseworker": _("Mentorforløb #%(course)s har fået ny sagsbehandler: "
                               "%(caseworker)s."),
    "caseload_received": _("Du har overtaget %(citizens)s borgere, %(referrals)s indstillinger "
                           "og %(courses)s mentorforløb fra %(from)s."),
    "caseload_handed_over": _("%(citizens)s borgere, %(referrals)s indstillinger og "
                              "%(courses)s mentorforløb er overdraget fra dig til %(to)s."),
    "course_note_written": _("Teamlederen har skrevet en note på mentorforløb #%(course)s."),
    # Follow-up (visitation/services/followup.py)
    "contact_overdue": _("Kontakten med borgeren i mentorforløb %(label)s er overskredet "
                         "(forfaldt %(due)s)."),
    "contact_due_today": _("Kontakt med borgeren i mentorforløb %(label)s forfalder i dag."),
    "contact_due": _("Kontakt med borgeren i mentorforløb %(label)s forfalder den %(due)s."),
    "contact_escalated": _("Kontakten i mentorforløb %(label)s er overskredet: den forfaldt "
                           "%(due)s (%(days)s dage siden). Mentor: %(mentor)s."),
    "contact_escalated_no_mentor": _("Kontakten i mentorforløb %(label)s er overskredet: den "
                                     "forfaldt %(due)s (%(days)s dage siden). Ingen mentor "
                                     "tilknyttet."),
    "prison_release_assess": _("Borgeren (%(initials)s) er løsladt %(release_date)s: vurder "
                               "behovet for en mentor."),
    "situation_due": _("Registrér borgerens (%(initials)s) situation %(months)s måneder efter "
                       "mentorforløb #%(course)s (fra %(due)s)."),
    "review_escalated": _("Opfølgningen i mentorforløb %(label)s er overskredet: den forfaldt "
                          "%(due)s."),
    "review_due": _("%(kind)s i mentorforløb %(label)s forfalder den %(due)s."),
    "review_due_today": _("%(kind)s i mentorforløb %(label)s forfalder i dag."),
    "review_missing": _("%(kind)s i mentorforløb %(label)s forfaldt den %(due)s og mangler."),
    "team_digest": _("Ugeoversigt uge %(week)s: %(contacts)s overskredne kontakter og "
                     "%(reviews)s overskredne opfølgninger i dine teams."),
    # Reviews (visitation/services/reviews.py)
    "review_completed_pre_end": _("Opfølgningen før periodens udløb er gennemført i "
                                  "mentorforløb %(label)s (anbefaling: %(outcome)s). Tag "
                                  "stilling til forlængelse eller afslutning inden %(end_date)s."),
    "review_completed": _("Opfølgning gennemført i mentorforløb %(label)s med anbefalingen "
                          "'%(outcome)s'. Tag stilling på forløbssiden."),
    # Complaints (visitation/services/complaints.py, the follow-up sweep)
    "complaint_registered": _("Klage #%(complaint)s er registreret: genvurder afgørelsen, og "
                              "send klagen til Ankestyrelsen senest %(due)s, hvis afgørelsen "
                              "fastholdes."),
    "complaint_deadline_soon": _("Klage #%(complaint)s skal genvurderes og eventuelt sendes til "
                                 "Ankestyrelsen senest %(due)s."),
    "complaint_deadline_passed": _("Fristen for klage #%(complaint)s er overskredet: den skulle "
                                   "have været genvurderet og eventuelt sendt til "
                                   "Ankestyrelsen senest %(due)s."),
    "complaint_event.registered": _("Klage registreret"),
    # Erasure (mentor/services_security.py)
    "citizen_erased": _("Notifikation om en borger, hvis oplysninger er slettet."),
    # The spending limit of LAB § 203 a (reporting/services_money.py)
    "spending_limit_spent": _("Udgifterne til mentorstøtte og øvrig vejledning og "
                              "opkvalificering har nået %(threshold)s %% af udgiftsloftet for "
                              "%(year)s (%(share)s %%)."),
    "spending_limit_forecast": _("Prognosen for %(year)s: udgifterne til mentorstøtte og "
                                 "øvrig vejledning og opkvalificering når %(share)s %% af "
                                 "udgiftsloftet (varslingsgrænse %(threshold)s %%)."),
    # History lines of a course (visitation.models.CourseEvent), by action
    "course_event.opened": _("Oprettet ved godkendelse"),
    "course_event.extended": _("Forlænget"),
    "course_event.ended": _("Afsluttet"),
    "course_event.mentor_reassigned": _("Ny mentor"),
    "course_event.review_completed": _("Opfølgning gennemført"),
    "course_event.caseworker_reassigned": _("Ny sagsbehandler"),
    "course_event.caseworker_reassigned.detail": _("%(from_caseworker)s → %(to_caseworker)s"),
    "course_event.extended.detail": _("Ny periode %(start_date)s – %(end_date)s"),
    "course_event.review_completed.detail": _("%(kind)s: %(outcome)s"),
    "course_event.situation_recorded": _("Situation efter forløbet registreret"),
    "course_event.situation_recorded.detail": _("%(months)s måneder efter: %(situation)s"),
    # History lines of a referral (visitation.models.ReferralEvent), by move
    "referral_event.created": _("Kladde oprettet"),
    "referral_event.resubmitted": _("Indsendt igen efter retur"),
    # Changed by someone the history did not name yet (visitation.services.referrals)
    "referral_event.edited": _("Ændret"),
    "referral_event.handover": _("Overdraget fra %(from_caseworker)s til %(to_caseworker)s."),
    # A course's service level changed (visitation/services/courses.py)
    "course_level_changed": _("Mentorforløb #%(course)s har fået serviceniveau %(level)s."),
    "course_event.level_changed": _("Serviceniveau ændret"),
    "course_event.level_changed.detail": _("Niveau %(from_level)s → %(to_level)s, "
                                           "%(to_hours)s timer pr. uge"),
    # History lines of a decision letter (agreements.models_letters.LetterEvent), by action
    "letter_event.created": _("Brevet er dannet"),
    "letter_event.queued": _("Sat i kø til afsendelse (%(channel)s)"),
    "letter_event.attempt_failed": _("Forsøg %(attempt)s mislykkedes: %(error)s"),
    "letter_event.sent": _("Sendt (%(channel)s)"),
    "letter_event.failed": _("Afsendelsen fejlede efter %(attempts)s forsøg: %(error)s"),
    "letter_event.ready_for_print": _("Klar til print"),
    "letter_event.batched": _("Lagt i udskriftsbunke #%(batch)s"),
    "letter_event.printed": _("Printet og sendt med posten (udskriftsbunke #%(batch)s)"),
    "letter_event.anonymised": _("Brevets indhold er slettet (borgeren er anonymiseret)"),
    # Why a letter could not be delivered (agreements/services_letters.py)
    "letter_error.no_email": _("Borgeren har ingen e-mailadresse."),
    "letter_error.no_consent": _("Borgeren har ikke (længere) samtykke til breve på e-mail."),
    "letter_error.email_failed": _("E-mailen kunne ikke sendes (%(detail)s)."),
    "letter_error.no_cvr": _("Kommunens CVR-nummer mangler; Digital Post kræver det som "
                             "afsender. Udfyld det under Administration › Kommuner."),  # noqa: RUF001
    "letter_error.outbox": _("Digital Post-udbakken kan ikke skrives (%(detail)s)."),
    "letter_error.anonymised": _("Borgeren er anonymiseret."),
    "letter_error.pdf": _("PDF'en kunne ikke dannes (%(detail)s)."),
}

DATE_PARAMS = frozenset({"due", "end_date", "ended_on", "release_date", "start_date"})


def _choice(path: str) -> Callable[[str], str]:
    def label(value: str) -> str:
        from django.apps import apps

        app, _dot, name = path.partition(".")
        choices = getattr(apps.get_app_config(app).models_module, name)
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    return label


CHOICE_PARAMS: dict[str, Callable[[str], str]] = {
    "kind": _choice("visitation.ReviewKind"),
    "outcome": _choice("visitation.ReviewOutcome"),
    "situation": _choice("visitation.Situation"),
}


def _format(name: str, value: Any) -> Any:
    if name in DATE_PARAMS and isinstance(value, str):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if name in CHOICE_PARAMS and isinstance(value, str):
        return CHOICE_PARAMS[name](value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number_format(value, use_l10n=True)
    return value


def is_known(code: str) -> bool:
    return code in TEXTS


def render(code: str, params: Mapping[str, Any] | None = None, fallback: str = "") -> str:
    """``code`` with ``params`` in the active language; ``fallback`` for an unknown code."""
    template = TEXTS.get(code)
    if template is None:
        return fallback
    values = {name: _format(name, value) for name, value in (params or {}).items()}
    text = str(template)  # translated now, into the active language
    if not values:
        return text
    try:
        return text % values
    except (KeyError, TypeError, ValueError):  # a row from before a parameter was added
        return fallback


def reader_language() -> str:
    """"da" or "en": the active language, for texts kept in both (the rules' messages)."""
    from django.utils.translation import get_language

    return "en" if (get_language() or "da").startswith("en") else "da"
