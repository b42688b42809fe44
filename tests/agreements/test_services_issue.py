import hashlib
from typing import Any

import pytest

from agreements import services
from agreements.models import Agreement, AgreementStatus
from mentor.services import DomainError
from tests.agreements.conftest import make_course, stored_pdf
from tests.conftest import People
from visitation.models import Course


def test_issuing_freezes_the_draft_as_version_1_with_pdf_and_checksum(
        people: People, draft: Agreement) -> None:
    issued = services.agreement_issue(actor=people.caseworker, agreement=draft)
    issued.refresh_from_db()
    assert issued.status == AgreementStatus.ISSUED and issued.version == 1
    assert stored_pdf(issued).startswith(b"%PDF")
    assert issued.checksum == hashlib.sha256(stored_pdf(issued)).hexdigest()
    assert issued.issued_by == people.caseworker and issued.issued_at is not None
    assert issued.content["version"] == 1 and issued.content["issued_on"] == "2017-03-10"


@pytest.mark.parametrize(("changes", "message"), [
    ({"goal": ""}, "Punkt 1: Målet med mentorstøtten mangler."),
    ({"mentor_name": ""}, "Punkt 2: Mentors navn mangler."),
    ({"mentor_phone": "", "mentor_email": ""}, "Punkt 2: Mentors kontaktoplysninger"),
    ({"tasks": []}, "Punkt 3: De opgaver, mentor hjælper med, mangler."),
    ({"progression_goals": []}, "Punkt 4: Progressionsmålene mangler."),
    ({"hours_per_week": ""}, "Punkt 5: Antallet af timer mangler."),
    ({"complaint_guidance": ""}, "Punkt 6: Klagevejledningen mangler."),
])
def test_a_missing_item_blocks_issuing_with_its_own_message(people: People, draft: Agreement,
                                                            changes: dict[str, Any],
                                                            message: str) -> None:
    services.agreement_draft_update(actor=people.caseworker, agreement=draft, **changes)
    with pytest.raises(services.AgreementIncomplete) as refused:
        services.agreement_issue(actor=people.caseworker, agreement=draft)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(message)
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT and draft.pdf is None


def test_without_a_municipal_policy_the_complaint_guidance_is_missing(people: People) -> None:
    course = make_course(people)
    draft = services.agreement_draft_open(actor=people.caseworker, course=course)
    assert services.agreement_problems(draft.content) == [
        "Punkt 6: Klagevejledningen mangler. Kommunens tekst står i serviceniveau-politikken."]


def test_every_missing_item_is_listed_at_once(people: People, draft: Agreement) -> None:
    services.agreement_draft_update(actor=people.caseworker, agreement=draft, goal="",
                                    tasks=[], complaint_guidance="")
    with pytest.raises(services.AgreementIncomplete) as refused:
        services.agreement_issue(actor=people.caseworker, agreement=draft)
    assert [p[:8] for p in refused.value.problems] == ["Punkt 1:", "Punkt 3:", "Punkt 6:"]


def test_a_new_version_keeps_the_old_one_intact(people: People, issued: Agreement) -> None:
    old_bytes, old_checksum = stored_pdf(issued), issued.checksum
    old_content = issued.content
    draft = services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                           reason="Nyt timetal efter opfølgning")
    services.agreement_draft_update(actor=people.caseworker, agreement=draft,
                                    hours_per_week="3")
    second = services.agreement_issue(actor=people.caseworker, agreement=draft)
    old = Agreement.objects.get(pk=issued.pk)
    assert old.status == AgreementStatus.SUPERSEDED
    assert stored_pdf(old) == old_bytes and old.checksum == old_checksum
    assert old.content == old_content
    assert second.version == 2 and second.status == AgreementStatus.ISSUED
    assert second.content["previous_version"] == 1
    assert second.content["reason"] == "Nyt timetal efter opfølgning"
    assert second.checksum != old_checksum


def test_a_new_version_keeps_the_caseworkers_texts_and_rereads_the_course(
        people: People, issued: Agreement) -> None:
    issued_goal = issued.content["goal"]
    course = issued.course
    course.hours_per_week = 4
    course.save()
    draft = services.agreement_new_version(actor=people.caseworker, course=course,
                                           reason="Flere timer")
    assert draft.content["goal"] == issued_goal
    assert draft.content["hours_per_week"] == "4.0"
    assert "version" not in draft.content


def test_a_new_version_requires_a_reason(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="årsagen"):
        services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                       reason="  ")


def test_a_new_version_needs_an_issued_one_first(people: People, course: Course) -> None:
    with pytest.raises(DomainError, match="ingen udstedt aftale"):
        services.agreement_new_version(actor=people.caseworker, course=course, reason="x")


def test_only_one_draft_at_a_time(people: People, issued: Agreement) -> None:
    services.agreement_new_version(actor=people.caseworker, course=issued.course, reason="a")
    with pytest.raises(DomainError, match="allerede en kladde"):
        services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                       reason="b")


def test_the_new_versions_reason_cannot_be_erased_before_issuing(
        people: People, issued: Agreement) -> None:
    draft = services.agreement_new_version(actor=people.caseworker, course=issued.course,
                                           reason="Ny mentor")
    services.agreement_draft_update(actor=people.caseworker, agreement=draft, reason="")
    with pytest.raises(DomainError, match="årsagen"):
        services.agreement_issue(actor=people.caseworker, agreement=draft)
