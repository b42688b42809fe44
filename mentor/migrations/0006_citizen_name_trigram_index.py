"""A trigram index for the citizen search by any part of a name (PostgreSQL).

``search_name LIKE '%jensen%'`` cannot use a b-tree: without this index every search reads all
the team's citizens. pg_trgm is a trusted extension, so the
database owner may create it. SQLite (the embedded set-up) keeps its plain scan.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS mentor_citizen_search_name_trgm
    ON mentor_citizen USING gin (search_name gin_trgm_ops);
"""

DROP = "DROP INDEX IF EXISTS mentor_citizen_search_name_trgm;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("mentor", "0005_access_log_append_only")]

    operations = [migrations.RunPython(create, drop)]
