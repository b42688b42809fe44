"""A task queued with transaction.on_commit runs on a real Celery worker: on Redis (when
REDIS_URL is set) and on the embedded filesystem broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from mentor.celery import app as celery_app
from mentor.models import Notification
from mentor.services import notify
from tests.conftest import People

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_worker() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:" \
           f"{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def real_worker(broker_url: str, transport_options: dict[str, Any],
                extra_env: dict[str, str] | None = None) -> Iterator[None]:
    """Point the app at ``broker_url``, not eager, and run a worker process against it.

    Each call uses a queue of its own, so parallel test processes (pytest-xdist) sharing one
    Redis never take each other's tasks.
    """
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = {"task_always_eager": celery_app.conf.task_always_eager,
             "broker_url": celery_app.conf.broker_url,
             "broker_transport_options": celery_app.conf.broker_transport_options,
             "task_default_queue": celery_app.conf.task_default_queue}
    celery_app.conf.update(task_always_eager=False, task_default_queue=queue,
                           broker_url=broker_url, broker_transport_options=transport_options)
    # Drops pooled connections to the previous broker (private: not in Celery's types).
    celery_app._after_fork()  # type: ignore[attr-defined]
    env = {**os.environ, "DATABASE_URL": database_url_for_worker(),
           "CELERY_BROKER_URL": broker_url, "TESTING": "1", "CELERY_TASK_ALWAYS_EAGER": "0",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "CELERY_TASK_DEFAULT_QUEUE": queue, **(extra_env or {})}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentor", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        celery_app.conf.update(saved)
        celery_app._after_fork()  # type: ignore[attr-defined]


def wait_until_emailed(pk: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if Notification.objects.filter(pk=pk, emailed_at__isnull=False).exists():
            return True
        time.sleep(0.25)
    return False


def queue_notification_on_commit(user: Any) -> int:
    with transaction.atomic():
        notify(user=user, code="course_new_mentor", params={"course": 1}, url="/", dedupe_key=f"test:{time.time()}")
        notification = Notification.objects.filter(user=user).latest("id")
        # Not yet queued: on_commit has not fired inside the transaction.
        assert notification.emailed_at is None
    return notification.pk


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_task_queued_on_commit_runs_on_a_real_worker_on_redis(people: People) -> None:
    with real_worker(os.environ["REDIS_URL"], {}):
        pk = queue_notification_on_commit(people.caseworker)
        assert wait_until_emailed(pk)


def test_task_queued_on_commit_runs_on_a_real_worker_on_the_embedded_broker(
        people: People, tmp_path: Path) -> None:
    folder = tmp_path / "broker"
    (folder / "out").mkdir(parents=True)
    (folder / "processed").mkdir()
    options = {"data_folder_in": str(folder / "out"), "data_folder_out": str(folder / "out"),
               "processed_folder": str(folder / "processed"),
               "control_folder": str(folder / "control"), "store_processed": False}
    with real_worker("filesystem://", options, {"CELERY_BROKER_DIR": str(folder)}):
        pk = queue_notification_on_commit(people.caseworker)
        assert wait_until_emailed(pk)
