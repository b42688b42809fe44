"""The heartbeats of the worker and the sweeps (mentor/ops.py), and the worker's heartbeat task
registered with Celery beat (every 30 seconds), idempotently."""

from django.db import migrations, models

TASK_NAME = "Drift: arbejderens livstegn"
TASK_PATH = "mentor.tasks.worker_heartbeat"


def register(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = IntervalSchedule.objects.get_or_create(every=30, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME, defaults={"task": TASK_PATH, "interval": schedule, "crontab": None,
                                  "enabled": True})


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentor", "0012_access_log_reason_redaction"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("at", models.DateTimeField()),
                ("result", models.JSONField(blank=True, default=dict)),
            ],
        ),
        migrations.RunPython(register, unregister),
    ]
