"""Register the daily follow-up sweep in django-celery-beat (idempotent)."""

from django.db import migrations

TASK_NAME = "Daglig opfølgning: kontakt, opfølgninger og påmindelser"
TASK = "visitation.tasks.run_followup_sweep"


def register(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30", hour="6", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/Copenhagen")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": TASK, "crontab": schedule, "enabled": True,
                  "description": "Finder forfaldne og overskredne kontakter og opfølgninger "
                                 "og sender påmindelser (idempotent)."})


def unregister(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("visitation", "0002_journal_followup"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(register, unregister)]
