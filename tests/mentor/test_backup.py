"""Backups that restore: a seeded PostgreSQL database is dumped, restored into an empty one,
and shows the same citizens, decisions, journal and agreement PDFs; the keys in the backup
decrypt the restored CPR numbers."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.core.management import CommandError, call_command
from django.db import connection
from pytest_django import Settings

from mentor import backup
from mentor import cpr as cpr_lib

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="backup and restore are for PostgreSQL with pg_dump installed (set DATABASE_URL; "
           "CI does)")


@pytest.fixture
def source() -> backup.Database:
    return backup.Database.from_settings(connection.settings_dict)


@pytest.fixture
def empty_database(source: backup.Database) -> Iterator[backup.Database]:
    target = backup.Database(**{**source.__dict__, "name": f"{source.name}_restore"})
    with psycopg.connect(dbname="postgres", host=source.host or None,
                         port=source.port or None, user=source.user or None,
                         password=source.password or None, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target.name}"')
        admin.execute(f'CREATE DATABASE "{target.name}"')
        yield target
        admin.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


@on_postgresql
def test_a_backup_restores_into_an_empty_database_with_the_same_records(
        reference_data: None, source: backup.Database, empty_database: backup.Database,
        tmp_path: Path, settings: Settings) -> None:
    call_command("seed_demo", "--citizens", "12", stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "uploads"
    (tmp_path / "uploads" / "documents").mkdir(parents=True)
    (tmp_path / "uploads" / "documents" / "scan.pdf").write_bytes(b"%PDF-1.7 uploaded")
    call_command("backup", tmp_path / "backup", stdout=io.StringIO())
    call_command("restore", tmp_path / "backup", "--media-root", tmp_path / "media",
                 "--database-url", _url(empty_database), stdout=io.StringIO())

    original, restored = backup.fingerprint(source), backup.fingerprint(empty_database)
    assert restored == original
    assert all(count > 0 for count, _ in restored.values()), restored
    keys = dict(line.split("=", 1) for line in
                (tmp_path / "backup" / backup.KEYS).read_text().splitlines())
    fernet = MultiFernet([Fernet(k) for k in keys["CPR_ENCRYPTION_KEYS"].split(",")])
    with empty_database.connect() as conn:
        row = conn.execute(
            "SELECT cpr_encrypted, cpr_hash FROM mentor_citizen ORDER BY id LIMIT 1").fetchone()
    assert row is not None
    token, digest = row
    assert cpr_lib.keyed_hash(fernet.decrypt(token.encode()).decode()) == digest
    restored_file = tmp_path / "media" / "documents" / "scan.pdf"
    assert restored_file.read_bytes() == b"%PDF-1.7 uploaded"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="about the SQLite set-up")
def test_backup_on_sqlite_says_what_to_do_instead(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="copying var/"):
        call_command("backup", tmp_path / "backup")


@on_postgresql
def test_a_damaged_backup_is_refused(reference_data: None, empty_database: backup.Database,
                                     tmp_path: Path) -> None:
    call_command("backup", tmp_path / "backup", "--without-keys", stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / backup.MANIFEST).read_text())
    assert backup.KEYS not in manifest["files"]
    with (tmp_path / "backup" / backup.DUMP).open("ab") as dump:
        dump.write(b"x")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", tmp_path / "backup", "--database-url", _url(empty_database))


def _url(database: backup.Database) -> str:
    auth = database.user + (f":{database.password}" if database.password else "")
    return f"postgres://{auth}@{database.host or '127.0.0.1'}:{database.port or 5432}/{database.name}"
