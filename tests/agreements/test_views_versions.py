import datetime

from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus
from tests.conftest import People


def test_a_new_version_needs_a_reason(client: Client, people: People, issued: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_new_version", args=[issued.course_id]),
                           {"reason": ""})
    assert response.status_code == 400
    assert Agreement.objects.filter(course=issued.course).count() == 1


def test_a_new_version_opens_a_draft_with_the_reason(client: Client, people: People,
                                                     issued: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_new_version", args=[issued.course_id]),
                           {"reason": "Ny mentor"})
    draft = Agreement.objects.get(course=issued.course, status=AgreementStatus.DRAFT)
    assert response["Location"] == reverse("agreement_edit", args=[draft.pk])
    assert draft.reason == "Ny mentor"


def test_the_new_version_draft_asks_for_the_reason(client: Client, people: People,
                                                   issued: Agreement) -> None:
    client.force_login(people.caseworker)
    client.post(reverse("agreement_new_version", args=[issued.course_id]), {"reason": "Ny"})
    draft = Agreement.objects.get(course=issued.course, status=AgreementStatus.DRAFT)
    page = client.get(reverse("agreement_edit", args=[draft.pk])).content.decode()
    assert "Årsag til den nye version" in page


def test_recording_acceptance_through_the_page(client: Client, people: People,
                                               issued: Agreement) -> None:
    client.force_login(people.caseworker)
    client.post(reverse("agreement_acceptance", args=[issued.pk]),
                {"accepted_on": "2017-03-10", "method": "paper"})
    issued.refresh_from_db()
    assert issued.accepted_on == datetime.date(2017, 3, 10)


def test_a_future_acceptance_date_is_shown_as_an_error(client: Client, people: People,
                                                       issued: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_acceptance", args=[issued.pk]),
                           {"accepted_on": "2017-04-01", "method": "paper"})
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()


def test_the_detail_page_shows_the_checksum_and_is_logged(client: Client, people: People,
                                                          issued: Agreement) -> None:
    client.force_login(people.mentor_user)
    page = client.get(reverse("agreement_detail", args=[issued.pk])).content.decode()
    assert issued.checksum in page
    assert "Registrér accept" not in page  # the mentor does not record acceptance
