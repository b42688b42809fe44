"""The access log stays append-only, with one exception: erasing a citizen replaces the
free-text reasons of the look-ups of that citizen with a fixed marker (they can hold the
citizen's name, address and phone). PostgreSQL's trigger allows exactly that update: every
other column unchanged, the reason set to the marker. Nothing may be deleted.
"""

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION mentor_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.reason = '[slettet]'
            AND NEW.id = OLD.id AND NEW.user_id = OLD.user_id
            AND NEW.citizen_id = OLD.citizen_id AND NEW.at = OLD.at
            AND NEW.action = OLD.action AND NEW.what = OLD.what THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The access log is append-only.';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION mentor_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only.';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("mentor", "0011_webhook_sweep_schedule")]

    operations = [migrations.RunPython(create, drop)]
