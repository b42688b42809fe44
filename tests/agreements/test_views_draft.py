from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus
from mentor.models import AccessAction, AccessLog
from tests.conftest import People
from visitation.models import Course


def form_data(agreement: Agreement, **overrides: str) -> dict[str, str]:
    content = agreement.content
    data = {
        "goal": content["goal"], "mentor_name": content["mentor"]["name"],
        "mentor_phone": "20 30 40 50", "mentor_email": content["mentor"]["email"],
        "tasks": "\n".join(content["tasks"]), "follow_up": content["follow_up"],
        "hours_per_week": "1,5", "complaint_guidance": content["complaint_guidance"],
        "notes": "", "goal_0_description": "Møder op", "goal_0_measure": "Fremmøde",
    }
    data.update(overrides)
    return data


def test_opening_a_draft_from_the_course_redirects_to_its_form(
        client: Client, people: People, course: Course) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_draft_open", args=[course.pk]))
    draft = Agreement.objects.get(course=course)
    assert response["Location"] == reverse("agreement_edit", args=[draft.pk])


def test_the_draft_form_shows_what_comes_from_the_course(client: Client, people: People,
                                                         draft: Agreement) -> None:
    client.force_login(people.caseworker)
    page = client.get(reverse("agreement_edit", args=[draft.pk])).content.decode()
    assert "Borgeren møder stabilt op i sit tilbud" in page
    assert "02.03.2017 – 02.09.2017" in page
    assert "Alle seks punkter er udfyldt." in page
    assert AccessLog.objects.filter(user=people.caseworker, action=AccessAction.VIEW).exists()


def test_saving_the_draft_keeps_it_a_draft(client: Client, people: People,
                                           draft: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_edit", args=[draft.pk]),
                           form_data(draft, goal="Borgeren starter på uddannelse"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT
    assert draft.content["goal"] == "Borgeren starter på uddannelse"
    assert draft.content["progression_goals"] == [{"description": "Møder op",
                                                   "measure": "Fremmøde"}]
    assert draft.content["hours_per_week"] == "1.5"


def test_save_and_issue_issues_version_1(client: Client, people: People, draft: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_edit", args=[draft.pk]),
                           form_data(draft, issue="1"))
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.ISSUED and draft.version == 1
    assert response.status_code == 302


def test_missing_items_are_shown_one_by_one_and_nothing_is_lost(client: Client, people: People,
                                                                 draft: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_edit", args=[draft.pk]),
                           form_data(draft, goal="", tasks="", issue="1"), follow=True)
    page = response.content.decode()
    assert "Punkt 1: Målet med mentorstøtten mangler." in page
    assert "Punkt 3: De opgaver, mentor hjælper med, mangler." in page
    assert "20 30 40 50" in page  # the rest of what was typed is saved
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.DRAFT


def test_an_invalid_form_is_shown_again_with_the_input(client: Client, people: People,
                                                       draft: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_edit", args=[draft.pk]),
                           form_data(draft, hours_per_week="99", goal="Nyt mål"))
    assert response.status_code == 400
    assert "Nyt mål" in response.content.decode()
    draft.refresh_from_db()
    assert draft.content["goal"] != "Nyt mål"


def test_a_caseworker_of_another_team_cannot_open_the_draft(client: Client, people: People,
                                                            draft: Agreement) -> None:
    client.force_login(people.outsider)
    assert client.get(reverse("agreement_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("agreement_issue", args=[draft.pk])).status_code == 404


def test_the_mentor_may_not_issue(client: Client, people: People, draft: Agreement) -> None:
    client.force_login(people.mentor_user)
    assert client.post(reverse("agreement_issue", args=[draft.pk])).status_code == 403
    assert client.get(reverse("agreement_detail", args=[draft.pk])).status_code == 404


def test_the_preview_is_a_pdf_marked_draft_and_stores_nothing(
        client: Client, people: People, draft: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.get(reverse("agreement_preview", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    draft.refresh_from_db()
    assert draft.pdf is None and draft.checksum == ""


def test_discarding_the_draft(client: Client, people: People, draft: Agreement) -> None:
    client.force_login(people.caseworker)
    client.post(reverse("agreement_discard", args=[draft.pk]))
    assert not Agreement.objects.filter(pk=draft.pk).exists()
