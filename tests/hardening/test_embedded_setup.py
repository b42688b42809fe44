"""The embedded set-up: SQLite keeps its write lock and busy timeout however it is chosen, and
the filesystem broker's folder belongs to the database it serves."""

from __future__ import annotations

import json
from pathlib import Path

from tests.mentor.test_settings import run_settings

OPTIONS = "__import__('json').dumps(settings.DATABASES['default'].get('OPTIONS', {}))"
BROKER = "settings.CELERY_BROKER_TRANSPORT_OPTIONS['data_folder_in']"


def test_a_sqlite_database_url_keeps_the_write_lock_and_busy_timeout(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path),
                           "DATABASE_URL": f"sqlite:///{tmp_path}/other.sqlite3"}, OPTIONS)
    options = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "busy_timeout" in options["init_command"]
    assert "journal_mode=WAL" in options["init_command"]


def test_instances_with_different_databases_use_different_broker_folders(
        tmp_path: Path) -> None:
    first = run_settings({"VAR_DIR": str(tmp_path),
                          "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3"}, BROKER)
    second = run_settings({"VAR_DIR": str(tmp_path),
                           "DATABASE_URL": f"sqlite:///{tmp_path}/b.sqlite3"}, BROKER)
    default = run_settings({"VAR_DIR": str(tmp_path)}, BROKER)
    folders = {first.stdout.strip(), second.stdout.strip(), default.stdout.strip()}
    assert len(folders) == 3
    assert all(folder.startswith(str(tmp_path / "celery-broker")) for folder in folders)


def test_the_same_database_finds_the_same_broker_folder(tmp_path: Path) -> None:
    env = {"VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3"}
    assert run_settings(env, BROKER).stdout == run_settings(env, BROKER).stdout
