"""A refused acceptance or new-version form shows the agreement again, with the citizen's
name: that display is logged like the agreement page itself."""

from django.test import Client
from django.urls import reverse

from agreements.models import Agreement
from mentor.models import AccessAction, AccessLog
from tests.conftest import People


def test_a_refused_acceptance_is_logged(client: Client, people: People, issued: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_acceptance", args=[issued.pk]),
                           {"accepted_on": "2017-04-01", "method": "paper"})
    assert response.status_code == 400
    assert AccessLog.objects.filter(citizen=issued.course.citizen, user=people.caseworker,
                                    action=AccessAction.VIEW).count() == 1


def test_a_refused_new_version_is_logged(client: Client, people: People, issued: Agreement) -> None:
    client.force_login(people.caseworker)
    response = client.post(reverse("agreement_new_version", args=[issued.course_id]),
                           {"reason": ""})
    assert response.status_code == 400
    assert AccessLog.objects.filter(citizen=issued.course.citizen, user=people.caseworker,
                                    action=AccessAction.VIEW).count() == 1
