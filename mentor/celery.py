"""The Celery app. Production: Redis broker, separate `celery worker` and `celery beat`.

The embedded default is kombu's filesystem transport under ``var/`` so that the whole product
runs without a broker server; beat keeps its schedule in the database (django-celery-beat).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentor.settings")

app = Celery("mentor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
