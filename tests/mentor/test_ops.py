"""Operations: /healthz, /readyz failing for each dependency that stops answering, the
Prometheus metrics, and the JSON log lines (a request id, never a CPR number)."""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.db.utils import ConnectionHandler
from django.test import Client
from kombu import Connection
from pytest_django import DjangoAssertNumQueries, Settings

from mentor import ops
from mentor.celery import app
from mentor.logging import RedactingJsonFormatter
from mentor.request_id import RequestIdFilter

pytestmark = pytest.mark.django_db
CLOSED = "127.0.0.1:1"


@pytest.fixture
def alive() -> None:
    ops.heartbeat_record(ops.WORKER)
    ops.heartbeat_record(ops.BEAT_SWEEP, {"queued": 3})


def _not_ready(client: Client) -> dict[str, str]:
    response = client.get("/readyz")
    assert response.status_code == 503
    return {k: v for k, v in response.json()["checks"].items() if v != "ok"}


def test_healthz_answers_without_asking_anything(
        client: Client, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_is_ok_when_everything_answers(client: Client, alive: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"]) == {"database", "cache", "broker", "worker", "beat"}


def test_readyz_fails_when_the_database_does_not_answer(client: Client, alive: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    down = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": "1",
        "NAME": "mentor", "USER": "postgres", "OPTIONS": {"connect_timeout": 2}}})
    monkeypatch.setattr(ops, "connections", down)
    assert list(_not_ready(client)) == ["database"]


def test_readyz_fails_when_the_cache_does_not_answer(client: Client, alive: None,
                                                     settings: Settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://{CLOSED}/0"}}
    assert list(_not_ready(client)) == ["cache"]


def test_readyz_fails_when_the_broker_does_not_answer(client: Client, alive: None,
                                                      settings: Settings) -> None:
    settings.CELERY_BROKER_URL = f"redis://{CLOSED}/0"
    assert list(_not_ready(client)) == ["broker"]


def test_readyz_fails_when_the_worker_heartbeat_is_old(client: Client,
                                                       settings: Settings) -> None:
    later = datetime.timedelta(seconds=settings.READY_WORKER_MAX_AGE + 1)
    ops.heartbeat_record(ops.WORKER)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + later):
        ops.heartbeat_record(ops.BEAT_SWEEP)
        assert _not_ready(client)["worker"].startswith("NotReady: last worker heartbeat")


def test_readyz_fails_when_beat_has_not_swept(client: Client, settings: Settings) -> None:
    later = datetime.timedelta(seconds=settings.READY_SWEEP_MAX_AGE + 1)
    ops.heartbeat_record(ops.BEAT_SWEEP)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + later):
        ops.heartbeat_record(ops.WORKER)
        assert list(_not_ready(client)) == ["beat"]
        assert "sweep:webhooks heartbeat" in _not_ready(client)["beat"]


def test_metrics_expose_requests_queue_and_sweeps(client: Client, alive: None) -> None:
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    for name in ("django_http_requests_total_by_method_total",
                 "django_http_requests_latency_seconds_by_view_method",
                 'mentor_task_queue_length{queue="celery"}',
                 'mentor_task_queue_oldest_age_seconds{queue="celery"}',
                 'mentor_heartbeat_timestamp_seconds{name="worker"}',
                 'mentor_sweep_result{result="queued",sweep="sweep:webhooks"} 3.0'):
        assert name in text


def test_metrics_ask_for_the_token_when_one_is_set(client: Client,
                                                   settings: Settings) -> None:
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_queue_state_counts_the_filesystem_brokers_messages(settings: Settings,
                                                             tmp_path: Path) -> None:
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    settings.CELERY_BROKER_URL, settings.CELERY_BROKER_TRANSPORT_OPTIONS = "filesystem://", options
    with Connection("filesystem://", transport_options=options) as connection:
        app.send_task("mentor.tasks.worker_heartbeat", connection=connection, queue="ops")
    length, age = ops.queue_state("ops")
    assert length == 1 and age is not None and 0 <= age < 60


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL), as in CI")
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_queue_state_reads_the_oldest_messages_age_from_redis(settings: Settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/14"
    queue = f"ops-test-{uuid.uuid4().hex}"
    with Connection(settings.CELERY_BROKER_URL) as connection:
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC)
                                 - datetime.timedelta(seconds=90), tick=False):
            app.send_task("mentor.tasks.worker_heartbeat", connection=connection, queue=queue)
        app.send_task("mentor.tasks.worker_heartbeat", connection=connection, queue=queue)
        try:
            length, age = ops.queue_state(queue)
        finally:
            # Kombu's Redis channel has a client; its types know only the base channel.
            connection.default_channel.client.delete(queue)  # type: ignore[attr-defined]
    assert length == 2 and age is not None and 85 < age < 150


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The configured console handler, writing JSON (as in production) to a buffer."""
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger("django").handlers
                if any(isinstance(f, RequestIdFilter) for f in h.filters)]
    assert handlers
    from django.conf import settings

    config = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    fmt = config.pop("format")
    previous = [(h, h.formatter, h.setStream(buffer)) for h in handlers
                if isinstance(h, logging.StreamHandler)]
    for handler, _, _ in previous:
        handler.setFormatter(RedactingJsonFormatter(fmt, **config))
    yield buffer
    for handler, formatter, stream in previous:
        handler.setFormatter(formatter)
        handler.setStream(stream)


def test_a_log_line_is_json_with_the_request_id_and_no_cpr(client: Client,
                                                          json_log: io.StringIO) -> None:
    response = client.get("/borgere/1705904123/", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    line = next(x for x in lines if x["logger"] == "django.request")
    assert line["request_id"] == response["X-Request-ID"] == "proxy-id-12345678"
    assert "1705904123" not in json_log.getvalue() and "******-****" in line["message"]


def test_an_odd_request_id_is_replaced(client: Client) -> None:
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script> 1705904123")
    assert len(response["X-Request-ID"]) == 32
