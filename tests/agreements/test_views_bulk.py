from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from agreements.models import Agreement
from mentor.models import PolicyVersion
from tests.agreements.test_tasks import change_guidance
from tests.conftest import People


def test_only_administrators_open_the_bulk_page(client: Client, people: People,
                                                policy: PolicyVersion) -> None:
    client.force_login(people.caseworker)
    assert client.get(reverse("agreement_bulk_issue")).status_code == 403


def test_the_bulk_page_counts_outdated_agreements_without_names(
        client: Client, people: People, policy: PolicyVersion, issued: Agreement) -> None:
    change_guidance(policy, "Ny tekst")
    client.force_login(people.administrator)
    page = client.get(reverse("agreement_bulk_issue")).content.decode()
    assert "Udsted 1 ny version" in page
    assert "Ærø-Åberg" not in page


def test_bulk_issuing_twice_issues_one_new_version(
        client: Client, people: People, policy: PolicyVersion, issued: Agreement,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    change_guidance(policy, "Ny tekst")
    client.force_login(people.administrator)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("agreement_bulk_issue"), {"reason": "Ny klagevejledning"})
    assert list(Agreement.objects.filter(course=issued.course)
                .order_by("version").values_list("version", flat=True)) == [1, 2]
