"""The Celery app. Production: Redis broker, separate `celery worker` and `celery beat`.

The embedded default is kombu's filesystem transport under ``var/`` so that the whole product
runs without a broker server; beat keeps its schedule in the database (django-celery-beat).
"""

import os
import time
from typing import Any

from celery import Celery
from celery.signals import before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentor.settings")

app = Celery("mentor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@before_task_publish.connect
def _stamp_published_at(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """The publishing time in each message, for the queue-age metric (mentor/ops.py)."""
    if headers is not None:
        headers["mentor_published_at"] = time.time()
