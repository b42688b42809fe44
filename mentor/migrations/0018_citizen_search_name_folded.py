"""Citizens' ``search_name`` folded (``mentor.name_search.fold``: ø → o, æ → ae, å → aa,
accents dropped, lower case), as the services now store it, so that "jorgensen" finds the
citizens registered before as well. The folding is the product's own, not a frozen copy: the
column must match what searches fold to, and a change of the folding comes with a migration
that runs this again."""

from typing import Any

from django.db import migrations, models

BATCH = 1000


def refold(apps: Any, schema_editor: Any) -> None:
    from mentor.name_search import search_name_for

    _rewrite(apps, search_name_for)


def lower(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, lambda first, last: f"{first} {last}".lower())


def _rewrite(apps: Any, name_for: Any) -> None:
    citizen_model = apps.get_model("mentor", "Citizen")
    changed = []
    for citizen in (citizen_model.objects.only("pk", "first_name", "last_name", "search_name")
                    .order_by("pk").iterator(chunk_size=BATCH)):
        value = name_for(citizen.first_name, citizen.last_name)
        if citizen.search_name != value:
            citizen.search_name = value
            changed.append(citizen)
        if len(changed) >= BATCH:
            citizen_model.objects.bulk_update(changed, ["search_name"])
            changed = []
    if changed:
        citizen_model.objects.bulk_update(changed, ["search_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('mentor', '0017_saved_filter'),
    ]

    operations = [
        # A folded letter may take two (æ → ae, å → aa).
        migrations.AlterField(
            model_name='citizen',
            name='search_name',
            field=models.CharField(db_index=True, editable=False, max_length=402),
        ),
        migrations.AlterField(
            model_name='historicalcitizen',
            name='search_name',
            field=models.CharField(db_index=True, editable=False, max_length=402),
        ),
        migrations.RunPython(refold, lower),
    ]
