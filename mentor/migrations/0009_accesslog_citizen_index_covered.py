import django.db.models.deletion
from django.db import migrations, models

# The citizen column's own index goes: the (citizen, -at) index serves every look-up by
# citizen. Only the index is dropped; Django's AlterField would also drop and re-add the
# foreign key, which re-checks every row of a large table.
INDEX = "mentor_accesslog_citizen_id_553d6086"


class Migration(migrations.Migration):

    dependencies = [
        ('mentor', '0008_citizen_anonymised_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='accesslog',
                    name='citizen',
                    field=models.ForeignKey(db_index=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name='access_logs', to='mentor.citizen'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "mentor_accesslog" '
                                '("citizen_id")'),
            ],
        ),
    ]
