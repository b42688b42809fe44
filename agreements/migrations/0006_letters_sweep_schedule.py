"""Register the sweep that queues lost letter deliveries again (every 15 minutes) with Celery
beat (django-celery-beat), idempotently."""

from typing import Any

from django.db import migrations

TASK_NAME = "Afgørelsesbreve: send de breve igen, hvis afsendelse er gået tabt"
TASK_PATH = "agreements.tasks_letters.requeue_owed_letters"


def register(apps: Any, schema_editor: Any) -> None:
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = crontab_model.objects.get_or_create(
        minute="*/15", hour="*", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Copenhagen")
    task_model.objects.update_or_create(
        name=TASK_NAME, defaults={"task": TASK_PATH, "crontab": schedule, "enabled": True})


def unregister(apps: Any, schema_editor: Any) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_letter_templates_seed"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
