"""Version 1 of every letter template (each kind in Danish and English): the default texts in
``agreements/letter_defaults.py`` as they were when this migration was written."""

from typing import Any

from django.db import migrations

from agreements.letter_defaults import DEFAULT_TEMPLATES


def seed(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("agreements", "LetterTemplate")
    for (kind, language), (subject, body) in DEFAULT_TEMPLATES.items():
        template_model.objects.get_or_create(
            kind=kind, language=language, version=1,
            defaults={"subject": subject, "body": body,
                      "reason": "Standardtekst (version 1)"})


def unseed(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("agreements", "LetterTemplate")
    template_model.objects.filter(version=1, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0004_decision_letters")]

    operations = [migrations.RunPython(seed, unseed)]
