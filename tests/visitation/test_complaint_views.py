"""The complaint pages: register from the citizen's page, re-assess on the complaint's page,
and the managers' table of complaints per decision kind."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mentor.models import AccessAction, AccessLog
from tests.conftest import People
from tests.second_factor import TwoFactorClient as Client
from tests.visitation.complaint_helpers import decided_course, grant, register
from visitation.models_complaints import Complaint, ComplaintStatus

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_caseworker_registers_a_complaint(people: People) -> None:
    course = decided_course(people)
    client = client_for(people.caseworker)
    today = timezone.localdate()

    response = client.post(reverse("complaint_create", args=[course.citizen.pk]), {
        "decision": grant(course.citizen).key, "received_on": today.isoformat(),
        "channel": "email", "text": "Jeg klager over afgørelsen."})

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaint_detail", args=[complaint.pk])
    assert complaint.forward_deadline == today + datetime.timedelta(days=28)


def test_a_bad_submit_keeps_what_was_typed(people: People) -> None:
    course = decided_course(people)
    client = client_for(people.caseworker)

    response = client.post(reverse("complaint_create", args=[course.citizen.pk]), {
        "decision": "", "received_on": timezone.localdate().isoformat(), "channel": "email",
        "text": "Min klage, som ikke må gå tabt."})

    assert response.status_code == 400
    assert "Min klage, som ikke må gå tabt." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_complaint_page_shows_the_deadline_and_logs_the_visit(people: People) -> None:
    complaint = register(people, decided_course(people))
    client = client_for(people.team_leader)

    page = client.get(reverse("complaint_detail", args=[complaint.pk])).content.decode()

    assert complaint.forward_deadline.strftime("%d.%m.%Y") in page
    assert "Fasthold og send" in page
    assert AccessLog.objects.filter(user=people.team_leader, citizen=complaint.citizen,
                                    action=AccessAction.VIEW).exists()


def test_a_team_leader_maintains_the_decision_from_the_page(people: People, settings: Any,
                                                           tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    complaint = register(people, decided_course(people))
    client = client_for(people.team_leader)

    client.post(reverse("complaint_forward", args=[complaint.pk]), {
        "reason": "Afgørelsen er korrekt.", "forwarded_on": timezone.localdate().isoformat()})
    bundle = client.get(reverse("complaint_bundle", args=[complaint.pk]))

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.FORWARDED
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/zip"


def test_a_caseworker_is_refused_the_re_assessment_with_a_reason(people: People) -> None:
    complaint = register(people, decided_course(people))
    client = client_for(people.caseworker)

    response = client.post(reverse("complaint_forward", args=[complaint.pk]), {
        "reason": "Fastholdes.", "forwarded_on": timezone.localdate().isoformat()})

    assert "Kun en teamleder" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED


@pytest.mark.parametrize("name", ["complaint_detail", "complaint_bundle"])
def test_a_caseworker_of_another_team_gets_404(people: People, name: str) -> None:
    complaint = register(people, decided_course(people))

    response = client_for(people.outsider).get(reverse(name, args=[complaint.pk]))

    assert response.status_code == 404


def test_the_citizen_page_lists_the_complaints(people: People) -> None:
    complaint = register(people, decided_course(people))

    page = client_for(people.caseworker).get(
        reverse("citizen_detail", args=[complaint.citizen.pk])).content.decode()

    assert reverse("complaint_detail", args=[complaint.pk]) in page


def test_the_dashboard_counts_complaints_per_decision_kind(people: People) -> None:
    register(people, decided_course(people))

    page = client_for(people.manager).get(reverse("dashboard")).content.decode()

    assert "Klager og deres udfald pr. afgørelse" in page
    assert "Bevilling af mentorstøtte" in page
