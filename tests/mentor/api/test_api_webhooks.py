"""Webhooks: delivered by Celery to a real HTTP receiver, signed, retried, recorded."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from time_machine import TimeMachineFixture

from mentor.api.webhooks import SIGNATURE_HEADER, signature_header, signature_verify
from mentor.models_api import WebhookDelivery
from mentor.tasks import webhook_sweep
from tests.mentor.api.conftest import ApiWorld
from visitation.services.courses import course_end


class Receiver:
    """An HTTP server on 127.0.0.1 that answers the given statuses in turn (then 200)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# Called with the statuses to answer, in turn (none: always 200).
ReceiverFactory = Callable[..., Receiver]


@pytest.fixture
def receiver_factory() -> Iterator[ReceiverFactory]:
    receivers: list[Receiver] = []

    def make(statuses: list[int] | None = None) -> Receiver:
        receivers.append(Receiver(statuses or []))
        return receivers[-1]

    yield make
    for receiver in receivers:
        receiver.close()


def _subscribe(client: Client, headers: dict[str, str], url: str,
               types: list[str] | None = None) -> dict[str, Any]:
    response = client.post("/api/v1/case/webhooks/", {"url": url, "event_types": types or []},
                           content_type="application/json", headers=headers)
    assert response.status_code == 201, response.content
    return dict(response.json())


def _end_course(world: ApiWorld,
                django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        course_end(actor=world.people.caseworker, course=world.course, reason="job",
                   ended_on=datetime.date(2017, 3, 20))


def test_an_event_is_delivered_signed(
        client: Client, world: ApiWorld, case_headers: dict[str, str], receiver_factory: ReceiverFactory,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    receiver = receiver_factory()
    subscription = _subscribe(client, case_headers, receiver.url, ["course.ended"])
    _end_course(world, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert signature_verify(subscription["secret"], headers[SIGNATURE_HEADER], body,
                            timezone.now())
    payload = json.loads(body)
    assert (payload["type"], payload["course_id"]) == ("course.ended", world.course.pk)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == \
        ("delivered", 1, 200)


def _sweep_after(time_machine: TimeMachineFixture, seconds: int) -> int:
    time_machine.shift(datetime.timedelta(seconds=seconds))
    return int(webhook_sweep.delay().get())


def test_a_failing_receiver_is_retried_with_back_off_until_it_succeeds(
        client: Client, world: ApiWorld, case_headers: dict[str, str], receiver_factory: ReceiverFactory,
        time_machine: TimeMachineFixture,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    receiver = receiver_factory([500, 503])
    _subscribe(client, case_headers, receiver.url, ["course.ended"])
    _end_course(world, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    assert _sweep_after(time_machine, 29) == 0  # the first back-off is 30 s
    assert _sweep_after(time_machine, 1) == 1
    assert len(receiver.requests) == 2
    assert _sweep_after(time_machine, 119) == 0  # then 120 s
    assert _sweep_after(time_machine, 1) == 1
    assert _sweep_after(time_machine, 3600) == 0  # delivered: not sent again
    assert len(receiver.requests) == 3
    assert [json.loads(body)["id"] for _headers, body in receiver.requests] == \
        [json.loads(receiver.requests[0][1])["id"]] * 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == \
        ("delivered", 3, 200)
    from tests.mentor.api.conftest import bearer, token

    deliveries = client.get(f"/api/v1/case/webhooks/{delivery.subscription_id}/deliveries/",
                            headers=bearer(token(client, world.case))).json()
    assert [(row["status"], row["attempts"]) for row in deliveries] == [("delivered", 3)]


def test_a_receiver_that_keeps_failing_is_given_up(
        client: Client, world: ApiWorld, case_headers: dict[str, str], settings: Settings,
        receiver_factory: ReceiverFactory, time_machine: TimeMachineFixture,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver = receiver_factory([500] * 10)
    _subscribe(client, case_headers, receiver.url)
    _end_course(world, django_capture_on_commit_callbacks)
    for _ in range(5):
        _sweep_after(time_machine, 3600)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(receiver.requests) == 3


def test_a_delivery_whose_task_was_lost_is_sent_by_the_sweep(
        client: Client, world: ApiWorld, case_headers: dict[str, str], receiver_factory: ReceiverFactory,
        time_machine: TimeMachineFixture) -> None:
    receiver = receiver_factory()
    _subscribe(client, case_headers, receiver.url)
    # Without running the on-commit callbacks: as if the broker had been down.
    course_end(actor=world.people.caseworker, course=world.course, reason="job",
               ended_on=datetime.date(2017, 3, 20))
    assert receiver.requests == []
    assert _sweep_after(time_machine, 1) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_another_municipalitys_subscription_hears_nothing(
        client: Client, world: ApiWorld, receiver_factory: ReceiverFactory,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    from tests.mentor.api.conftest import bearer, token

    receiver = receiver_factory()
    _subscribe(client, bearer(token(client, world.foreign_case)), receiver.url)
    _end_course(world, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_an_event_type_not_subscribed_is_not_sent(
        client: Client, world: ApiWorld, case_headers: dict[str, str], receiver_factory: ReceiverFactory,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks) -> None:
    receiver = receiver_factory()
    _subscribe(client, case_headers, receiver.url, ["referral.approved"])
    _end_course(world, django_capture_on_commit_callbacks)
    assert receiver.requests == []


def test_a_deleted_subscription_is_not_listed(client: Client, world: ApiWorld,
                                              case_headers: dict[str, str]) -> None:
    subscription = _subscribe(client, case_headers, "https://example.invalid/hook")
    response = client.delete(f"/api/v1/case/webhooks/{subscription['id']}/", headers=case_headers)
    assert response.status_code == 204
    assert client.get("/api/v1/case/webhooks/", headers=case_headers).json() == []


def test_a_signature_fails_for_another_body_or_secret() -> None:
    now = timezone.now()
    header = signature_header("whsec_a", b'{"id":1}', now)
    assert signature_verify("whsec_a", header, b'{"id":1}', now)
    assert not signature_verify("whsec_a", header, b'{"id":2}', now)
    assert not signature_verify("whsec_b", header, b'{"id":1}', now)
    assert not signature_verify("whsec_a", "garbage", b'{"id":1}', now)


def test_an_old_signature_is_refused_as_a_replay() -> None:
    now = timezone.now()
    header = signature_header("whsec_a", b"{}", now - datetime.timedelta(minutes=6))
    assert not signature_verify("whsec_a", header, b"{}", now)
    assert signature_verify("whsec_a", header, b"{}", now - datetime.timedelta(minutes=2))
