import pytest

from agreements import services
from agreements.models import Agreement, AgreementStatus
from mentor.services import DomainError
from tests.conftest import People
from visitation.models import Course, CourseStatus


def test_a_draft_is_filled_from_the_course(people: People, course: Course) -> None:
    draft = services.agreement_draft_open(actor=people.caseworker, course=course)
    content = draft.content
    assert draft.status == AgreementStatus.DRAFT and draft.version is None
    assert content["citizen"]["name"] == "Søren Ærø-Åberg"
    assert content["mentor"]["name"] == "Maja Mentor"
    assert content["goal"] == "Borgeren møder stabilt op i sit tilbud"
    assert len(content["tasks"]) == 2
    assert content["period"] == {"number": 1, "start": "2017-03-02", "end": "2017-09-02",
                                 "course_start": "2017-03-02"}
    assert content["reviews"][-1] == "2017-08-19"
    assert content["hours_per_week"] == "1.5"
    assert content["decision"]["legal_basis"] == course.legal_basis
    assert "Ankestyrelsen" in content["complaint_guidance"]
    assert services.agreement_problems(content) == []


def test_opening_again_returns_the_open_draft(people: People, draft: Agreement) -> None:
    again = services.agreement_draft_open(actor=people.caseworker, course=draft.course)
    assert again.pk == draft.pk


def test_after_issue_a_change_must_be_a_new_version(people: People, issued: Agreement) -> None:
    with pytest.raises(DomainError, match="ny version med en begrundelse"):
        services.agreement_draft_open(actor=people.caseworker, course=issued.course)


def test_no_agreement_is_opened_for_an_ended_course(people: People, course: Course) -> None:
    course.status = CourseStatus.ENDED
    course.save()
    with pytest.raises(DomainError, match="afsluttet"):
        services.agreement_draft_open(actor=people.caseworker, course=course)


def test_updating_a_draft_changes_only_the_given_texts(people: People, draft: Agreement) -> None:
    updated = services.agreement_draft_update(
        actor=people.caseworker, agreement=draft, goal="Borgeren starter på uddannelse",
        tasks=["Motiverende samtaler", " ", "Følge til lægen"], mentor_phone="20 30 40 50")
    assert updated.content["goal"] == "Borgeren starter på uddannelse"
    assert updated.content["tasks"] == ["Motiverende samtaler", "Følge til lægen"]
    assert updated.content["mentor"]["phone"] == "20 30 40 50"
    assert updated.content["mentor"]["name"] == "Maja Mentor"
    assert updated.events.filter(action="draft_updated").exists()


def test_a_draft_update_refuses_fields_that_come_from_the_course(
        people: People, draft: Agreement) -> None:
    with pytest.raises(TypeError):
        services.agreement_draft_update(actor=people.caseworker, agreement=draft,
                                        period={"start": "2020-01-01"})


def test_discarding_a_draft_deletes_it(people: People, draft: Agreement) -> None:
    services.agreement_draft_discard(actor=people.caseworker, agreement=draft)
    assert not draft.course.agreements.exists()
