"""Two people at once: the course's row lock makes them take turns."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from agreements import services
from agreements.models import Agreement, AgreementStatus
from mentor.services import DomainError
from tests.conftest import People

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except DomainError as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_people_issuing_the_same_draft_issue_it_once(people: People, draft: Agreement) -> None:
    issue = lambda: services.agreement_issue(actor=people.caseworker,  # noqa: E731
                                             agreement=draft)
    results = at_once(issue, issue)
    assert sorted(type(r).__name__ for r in results) == ["Agreement", "DomainError"]
    assert list(Agreement.objects.values_list("version", "status")) == [
        (1, AgreementStatus.ISSUED)]


def test_two_automatic_versions_at_once_get_versions_2_and_3(
        people: People, issued: Agreement) -> None:
    def reissue(key: str) -> Callable[[], Any]:
        return lambda: services.agreement_reissue(actor=people.caseworker,
                                                  course=issued.course, key=key,
                                                  reason=f"Ændring {key}")
    at_once(reissue("a"), reissue("b"))
    rows = list(Agreement.objects.order_by("version").values_list("version", "status"))
    assert rows == [(1, AgreementStatus.SUPERSEDED), (2, AgreementStatus.SUPERSEDED),
                    (3, AgreementStatus.ISSUED)]
