"""The database itself refuses to change or delete access-log rows (PostgreSQL).

SQLite (the embedded development set-up) is left without the trigger: its test runner empties
tables with DELETE, which the trigger would refuse. The model and its queryset refuse there too.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION mentor_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only.';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS mentor_accesslog_append_only ON mentor_accesslog;
CREATE TRIGGER mentor_accesslog_append_only BEFORE UPDATE OR DELETE ON mentor_accesslog
    FOR EACH ROW EXECUTE FUNCTION mentor_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS mentor_accesslog_append_only ON mentor_accesslog;
DROP FUNCTION IF EXISTS mentor_accesslog_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("mentor", "0004_retention_schedule")]

    operations = [migrations.RunPython(create, drop)]
