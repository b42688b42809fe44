"""A team's deputy for visitation (who decides what no team leader of the team may) and a
citizen's responsible caseworker (filled from the latest referral's author, else whoever
registered the citizen)."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_caseworkers(apps: Any, schema_editor: Any) -> None:
    Citizen = apps.get_model("mentor", "Citizen")
    Referral = apps.get_model("visitation", "Referral")
    latest = (Referral.objects.filter(citizen=OuterRef("pk"))
              .order_by("-created_at", "-pk").values("created_by_id")[:1])
    Citizen.objects.filter(caseworker__isnull=True).update(caseworker_id=Subquery(latest))
    Citizen.objects.filter(caseworker__isnull=True).update(
        caseworker_id=models.F("created_by_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("mentor", "0018_citizen_search_name_folded"),
        ("visitation", "0012_followup_task_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="team",
            name="visitation_deputy",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="deputy_for_teams", to=settings.AUTH_USER_MODEL,
                verbose_name="stedfortræder ved visitation",
                help_text="Visiterer de indstillinger, som ingen teamleder i teamet må "
                          "visitere (fx når teamets eneste teamleder selv har skrevet "
                          "indstillingen). En teamleder fra et andet team eller en leder."),
        ),
        migrations.AddField(
            model_name="historicalteam",
            name="visitation_deputy",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="stedfortræder ved visitation",
                help_text="Visiterer de indstillinger, som ingen teamleder i teamet må "
                          "visitere (fx når teamets eneste teamleder selv har skrevet "
                          "indstillingen). En teamleder fra et andet team eller en leder."),
        ),
        migrations.AddField(
            model_name="citizen",
            name="caseworker",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="citizens", to=settings.AUTH_USER_MODEL,
                verbose_name="ansvarlig sagsbehandler"),
        ),
        migrations.AddField(
            model_name="historicalcitizen",
            name="caseworker",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="ansvarlig sagsbehandler"),
        ),
        migrations.RunPython(fill_caseworkers, migrations.RunPython.noop, elidable=True),
    ]
