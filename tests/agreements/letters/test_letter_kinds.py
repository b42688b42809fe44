"""Every kind of decision letter, made by the service that makes the decision, delivered, and
its PDF read back as text: the decision, the reasons with the legal basis, the period, the
complaint guidance; and the PDF is tagged for screen readers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from agreements.models_letters import Letter, LetterKind, LetterStatus
from agreements.services_letters import letter_for_grant
from mentor.models import PolicyVersion
from tests.agreements.letters.conftest import deliver, one_line, pdf_text, stored_pdf
from tests.conftest import People
from tests.factories import CitizenFactory, submitted_referral
from tests.tagged_pdf import structure_tags
from visitation.models import Course, EndReason
from visitation.rules import format_date
from visitation.services.courses import course_change_level, course_end, course_extend
from visitation.services.referrals import referral_reject


def delivered_text(letter: Letter) -> str:
    letter = deliver(letter)
    assert letter.status == LetterStatus.SENT, letter.error_text
    data = stored_pdf(letter)
    assert {"/H1", "/H2", "/P", "/Table"} <= structure_tags(data)
    return one_line(pdf_text(data))


def assert_complaint_guidance(text: str) -> None:
    assert "Klagevejledning" in text
    assert "inden 4 uger" in text and "Ankestyrelsen" in text and "genvurderer" in text
    assert "forvaltningsloven §§ 22–25" in text


def test_a_grant_letter_holds_the_decision_reasons_period_and_complaint_guidance(
        people: People, course: Course) -> None:
    letter = letter_for_grant(actor=people.team_leader, course=course)
    text = delivered_text(letter)
    assert "Afgørelse: Du får mentorstøtte" in text
    assert "ret og pligt til mentorstøtte" in text
    assert "2. marts 2017 – 2. september 2017" in text
    assert "1,5 timer om ugen (serviceniveau 2)" in text
    assert "mindst hver 14. dag" in text
    assert "Reglerne, vi har anvendt" in text
    assert one_line(course.referral.decision["explanation"][0]) in text
    assert "Oplysninger, vi har lagt vægt på" in text and "Kontanthjælp" in text
    for basis in course.legal_basis:
        assert basis in text
    assert "LAB er lov om en aktiv beskæftigelsesindsats" in text
    assert_complaint_guidance(text)
    assert "Søren Ærø-Åberg" in text and "170590-XXXX" in text
    assert "Testkommune" in text and "CVR-nr. 12345678" in text


def test_a_rejection_letter_gives_the_team_leaders_reason_and_the_rules(
        people: People, policy: PolicyVersion) -> None:
    citizen = CitizenFactory(team=people.team, in_employment_activity=True)
    referral = submitted_referral(citizen=citizen, caseworker=people.caseworker)
    reason = ("Borgeren har en kontaktperson efter serviceloven, som allerede dækker behovet "
              "for støtte til at fastholde praktikken.")
    referral_reject(actor=people.team_leader, referral=referral, reason=reason)
    letter = Letter.objects.get(referral=referral)
    assert letter.kind == LetterKind.REJECTION
    text = delivered_text(letter)
    assert "Afgørelse: Afslag på mentorstøtte" in text
    assert reason in text
    assert f"Indstilling #{referral.pk}" in text
    assert "10. marts 2017" in text
    referral.refresh_from_db()
    assert referral.decision["legal_basis"]
    for basis in referral.decision["legal_basis"]:
        assert basis in text
    assert_complaint_guidance(text)


def test_an_extension_letter_states_the_new_period_and_why(people: People,
                                                           course: Course) -> None:
    reason = "Borgeren kan fortsat ikke deltage i tilbud; mentor arbejder videre med fremmøde."
    period = course_extend(actor=people.caseworker, course=course, reason=reason)
    letter = Letter.objects.get(course=course, kind=LetterKind.EXTENSION)
    text = delivered_text(letter)
    assert "Afgørelse: Din mentorstøtte er forlænget" in text
    assert (f"{format_date(period.start_date, 'da')} – {format_date(period.end_date, 'da')}"
            in text)
    assert reason in text
    for basis in period.decision["legal_basis"]:
        assert basis in text
    assert_complaint_guidance(text)


def test_a_level_change_letter_states_the_new_and_the_old_level(people: People,
                                                                course: Course) -> None:
    reason = "Borgeren har brug for tættere støtte i den første tid i praktikken."
    course_change_level(actor=people.caseworker, course=course, service_level=3,
                        hours_per_week=Decimal("3"), reason=reason)
    letter = Letter.objects.get(course=course, kind=LetterKind.LEVEL_CHANGE)
    text = delivered_text(letter)
    assert "Afgørelse: Nyt omfang af din mentorstøtte" in text
    assert "3 timer om ugen (serviceniveau 3) mod før 1,5 timer om ugen (serviceniveau 2)" \
        in text
    assert "Perioden slutter som hidtil 2. september 2017" in text
    assert reason in text
    for basis in course.legal_basis:
        assert basis in text
    assert_complaint_guidance(text)


def test_an_end_letter_states_the_date_and_the_reason(people: People, course: Course) -> None:
    course_end(actor=people.caseworker, course=course, reason=EndReason.READY_FOR_OFFER,
               ended_on=datetime.date(2017, 3, 10),
               note="Borgeren starter i virksomhedspraktik den 20. marts.")
    letter = Letter.objects.get(course=course, kind=LetterKind.END)
    text = delivered_text(letter)
    assert "Afgørelse: Din mentorstøtte ophører" in text
    assert "ophører pr. 10. marts 2017" in text
    assert "borgeren kan påbegynde et ordinært tilbud" in text
    assert "Borgeren starter i virksomhedspraktik den 20. marts." in text
    assert_complaint_guidance(text)


def test_no_letter_is_sent_to_a_citizen_who_has_died(people: People, course: Course) -> None:
    course_end(actor=people.caseworker, course=course, reason=EndReason.DECEASED,
               ended_on=datetime.date(2017, 3, 10))
    assert not Letter.objects.filter(course=course, kind=LetterKind.END).exists()


def test_an_english_citizen_gets_the_letter_in_english(people: People, course: Course) -> None:
    citizen = course.citizen
    citizen.preferred_language = "en"
    citizen.save()
    letter = letter_for_grant(actor=people.team_leader, course=course)
    assert letter.language == "en"
    text = delivered_text(letter)
    assert "Decision: You will receive mentor support" in text
    assert "a right and a duty to mentor support" in text
    assert "2 March 2017 – 2 September 2017" in text
    assert "Complaint guidance" in text and "within 4 weeks" in text
    assert "Ankestyrelsen" in text
    assert one_line(course.referral.decision["explanation_en"][0]) in text


def test_making_the_letter_twice_for_one_decision_makes_one(people: People,
                                                            course: Course) -> None:
    first = letter_for_grant(actor=people.team_leader, course=course)
    assert letter_for_grant(actor=people.team_leader, course=course) == first
    assert Letter.objects.filter(course=course).count() == 1
