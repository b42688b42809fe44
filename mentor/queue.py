"""Queue Celery tasks by name once the transaction commits.

Services queue their side effects through ``enqueue_on_commit`` and never import a tasks
module, so services and tasks cannot import each other: tasks call services, services name
tasks. The task is looked up in the Celery app's registry and queued with ``apply_async``
(not ``send_task``, which ignores ``task_always_eager``: the tests and the embedded set-up
run tasks eagerly).

If the broker is down the task is not queued: that is logged, and nothing else happens. Every
piece of queued work is also owed in the database (an unsent notification, an unstamped
reminder, an agreement version not yet issued), so the next sweep or run queues it again.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction

from mentor.celery import app

logger = logging.getLogger(__name__)


def task_named(name: str) -> Task[Any, Any]:
    """The registered task ``name`` (``"visitation.tasks.run_followup_sweep"``). The tasks
    modules are imported on first use, as a worker imports them at start (autodiscovery)."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def enqueue(task_name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task now; a broker failure is logged, not raised (see the module's note)."""
    task = task_named(task_name)
    try:
        task.apply_async(args, kwargs)
    except Exception:  # any broker failure: the work stays owed in the database
        logger.warning("Could not queue %s; the next sweep retries.", task_name)


def enqueue_on_commit(task_name: str, *args: Any, **kwargs: Any) -> None:
    """Queue the task with these (id-like, JSON-serialisable) arguments once the current
    transaction commits; nothing is queued if it rolls back. Outside a transaction, now.
    An unknown ``task_name`` raises ``KeyError`` here, not after the commit."""
    task_named(task_name)
    transaction.on_commit(lambda: enqueue(task_name, *args, **kwargs))
