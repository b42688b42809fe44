"""Complaints: registered with a deadline, re-assessed by a team leader (changed, or
maintained and forwarded with the case files), Ankestyrelsen's result, withdrawal."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from mentor.models import Notification
from mentor.models_documents import Document, ScanStatus
from mentor.services import DEFAULT_LEVELS, DomainError, NotPermitted, policy_version_create
from tests.conftest import People
from tests.factories import CitizenFactory
from tests.visitation.complaint_helpers import decided_course, grant, register
from visitation.models_complaints import ComplaintStatus
from visitation.selectors_complaints import citizen_decisions
from visitation.services import complaints as services
from visitation.services.courses import course_extend

pytestmark = pytest.mark.django_db


def test_a_complaint_must_be_forwarded_within_four_weeks_of_receipt(people: People) -> None:
    course = decided_course(people)
    received = timezone.localdate() - datetime.timedelta(days=2)

    complaint = register(people, course, received_on=received)

    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.forward_deadline == received + datetime.timedelta(days=28)
    assert complaint.decision_kind == "grant"
    assert complaint.referral_id == course.referral_id
    assert [e.to_status for e in complaint.events.all()] == [ComplaintStatus.RECEIVED]


def test_the_policy_may_set_a_shorter_period(people: People) -> None:
    policy_version_create(
        actor=people.administrator, municipality=people.municipality, name="Hurtige klager",
        effective_from=datetime.date(2014, 1, 1), right_and_duty_contact_days=None,
        review_lead_days=14, complaint_guidance="Klag inden 4 uger.", levels=DEFAULT_LEVELS,
        complaint_forward_days=14)
    complaint = register(people, decided_course(people))

    assert complaint.forward_deadline == timezone.localdate() + datetime.timedelta(days=14)


def test_the_policy_may_not_allow_longer_than_the_law(people: People) -> None:
    with pytest.raises(DomainError, match="28"):
        policy_version_create(
            actor=people.administrator, municipality=people.municipality, name="For lang",
            effective_from=datetime.date(2014, 1, 1), right_and_duty_contact_days=None,
            review_lead_days=14, complaint_guidance="Klag.", levels=DEFAULT_LEVELS,
            complaint_forward_days=35)


def test_the_team_leaders_are_told_of_a_new_complaint(people: People) -> None:
    complaint = register(people, decided_course(people))

    notification = Notification.objects.get(user=people.team_leader,
                                             code="complaint_registered")
    assert notification.params["complaint"] == complaint.pk


def test_a_complaint_received_in_the_future_is_refused(people: People) -> None:
    with pytest.raises(DomainError, match="fremtiden"):
        register(people, decided_course(people),
                 received_on=timezone.localdate() + datetime.timedelta(days=1))


def test_a_complaint_needs_its_text_or_a_scanned_letter(people: People) -> None:
    with pytest.raises(DomainError, match="scannede brev"):
        register(people, decided_course(people), text="  ")


def test_another_citizens_decision_is_refused(people: People) -> None:
    course = decided_course(people)
    other = decided_course(people, citizen=CitizenFactory(team=people.team))

    with pytest.raises(DomainError, match="hører ikke til borgeren"):
        services.complaint_register(actor=people.caseworker, citizen=course.citizen,
                                    decision=grant(other.citizen),
                                    received_on=timezone.localdate(), channel="email",
                                    text="Klage")


def test_a_caseworker_of_another_team_may_not_register(people: People) -> None:
    course = decided_course(people)
    with pytest.raises(NotPermitted):
        services.complaint_register(actor=people.outsider, citizen=course.citizen,
                                    decision=grant(course.citizen),
                                    received_on=timezone.localdate(), channel="phone",
                                    text="Klage")


def test_the_re_assessment_changes_the_decision_and_links_the_new_one(people: People) -> None:
    course = decided_course(people, days_ago=170)
    complaint = register(people, course)
    course_extend(actor=people.caseworker, course=course, reason="Borgeren har brug for mere")
    extension = next(ref for ref in citizen_decisions(course.citizen) if ref.kind == "extension")

    changed = services.complaint_change(actor=people.team_leader, complaint=complaint,
                                        new_decision=extension, reason="Timetallet hæves")

    assert changed.status == ComplaintStatus.CHANGED
    assert changed.new_course_event_id == extension.course_event_id
    assert changed.reassessed_by == people.team_leader
    assert changed.events.last().reason == "Timetallet hæves"  # type: ignore[union-attr]


def test_only_a_team_leader_re_assesses(people: People) -> None:
    complaint = register(people, decided_course(people))

    with pytest.raises(NotPermitted):
        services.complaint_forward(actor=people.caseworker, complaint=complaint,
                                   reason="Fastholdes", forwarded_on=timezone.localdate())


def test_the_complained_decision_is_not_its_own_change(people: People) -> None:
    course = decided_course(people)
    complaint = register(people, course)

    with pytest.raises(DomainError, match="ikke den, der er klaget over"):
        services.complaint_change(actor=people.team_leader, complaint=complaint,
                                  new_decision=grant(course.citizen), reason="Ændret")


def test_a_maintained_decision_is_forwarded_with_the_case_files(people: People,
                                                                 settings: SettingsWrapper,
                                                                 tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    course = decided_course(people)
    complaint = register(people, course, text="Jeg vil have en anden mentor.")
    from django.core.files.base import ContentFile

    letter = Document(citizen=course.citizen, title="Klagebrev", content_type="application/pdf",
                      extension="pdf", size=9, sha256="0" * 64, uploaded_by=people.caseworker,
                      scan_status=ScanStatus.CLEAN)
    letter.file.save("x", ContentFile(b"%PDF-1.4\n"), save=False)
    letter.save()

    forwarded = services.complaint_forward(actor=people.team_leader, complaint=complaint,
                                           reason="Afgørelsen er korrekt",
                                           forwarded_on=timezone.localdate())

    assert forwarded.status == ComplaintStatus.FORWARDED
    assert forwarded.forwarded_on == timezone.localdate()
    with forwarded.bundle.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = set(archive.namelist())
    assert {"afgoerelse.json", "klage.json", "indhold.txt",
            f"dokumenter/dokument-{letter.pk}.pdf"} <= names
    assert json.loads(archive.read("klage.json"))["klagen"] == "Jeg vil have en anden mentor."
    decision = json.loads(archive.read("afgoerelse.json"))
    assert decision["indstilling"] == course.referral_id and decision["lovgrundlag"]


@pytest.mark.parametrize("result", [ComplaintStatus.UPHELD, ComplaintStatus.APPEAL_CHANGED,
                                    ComplaintStatus.SENT_BACK])
def test_ankestyrelsens_result_is_recorded(people: People, result: str, settings: SettingsWrapper,
                                           tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    complaint = register(people, decided_course(people))
    services.complaint_forward(actor=people.team_leader, complaint=complaint,
                               reason="Fastholdes", forwarded_on=timezone.localdate())

    done = services.complaint_appeal_result(actor=people.caseworker, complaint=complaint,
                                            result=result, decided_on=timezone.localdate(),
                                            note="Afgørelse modtaget")

    assert done.status == result
    assert done.appeal_decided_on == timezone.localdate()


def test_a_result_before_forwarding_is_refused(people: People) -> None:
    complaint = register(people, decided_course(people))

    with pytest.raises(DomainError, match="kan ikke gå til"):
        services.complaint_appeal_result(actor=people.caseworker, complaint=complaint,
                                         result=ComplaintStatus.UPHELD,
                                         decided_on=timezone.localdate())


def test_a_complaint_is_forwarded_once(people: People, settings: SettingsWrapper,
                                       tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    complaint = register(people, decided_course(people))
    services.complaint_forward(actor=people.team_leader, complaint=complaint,
                               reason="Fastholdes", forwarded_on=timezone.localdate())

    with pytest.raises(DomainError, match="fastholdt og sendt til ankestyrelsen"):
        services.complaint_forward(actor=people.team_leader, complaint=complaint,
                                   reason="Igen", forwarded_on=timezone.localdate())


def test_the_citizen_withdraws_the_complaint(people: People) -> None:
    complaint = register(people, decided_course(people))

    withdrawn = services.complaint_withdraw(actor=people.caseworker, complaint=complaint,
                                            reason="Ringede og trak klagen tilbage")

    assert withdrawn.status == ComplaintStatus.WITHDRAWN
    assert withdrawn.history.count() == 2
