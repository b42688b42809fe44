from django.db import migrations


def forwards(apps, schema_editor):
    from mentor.catalogues import load_catalogues

    load_catalogues(apps.get_model("mentor", "MentorType"), apps.get_model("mentor", "TargetGroup"),
                    apps.get_model("mentor", "MentorTask"))
    Group = apps.get_model("auth", "Group")
    for name in ("caseworker", "team_leader", "mentor", "manager", "administrator"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("mentor", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
