"""History lines the system wrote in Danish are told by the move or the event's data instead
(visitation.models ``ReferralEvent.note``, ``CourseEvent.detail``), so that they read in the
reader's language: the stored copies are cleared. A person's own reason stays."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    ReferralEvent = apps.get_model("visitation", "ReferralEvent")
    CourseEvent = apps.get_model("visitation", "CourseEvent")
    ReferralEvent.objects.filter(from_status="", reason="Kladde oprettet").update(reason="")
    ReferralEvent.objects.filter(from_status="returned", to_status="submitted",
                                 reason="Indsendt igen efter retur").update(reason="")
    # "Løbende opfølgning: Fortsæt" was made from the kind and outcome, which data holds.
    CourseEvent.objects.filter(action="review_completed", data__has_key="outcome").update(
        reason="")


class Migration(migrations.Migration):

    dependencies = [
        ("visitation", "0008_law_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
