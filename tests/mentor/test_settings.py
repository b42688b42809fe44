"""The settings module: embedded defaults, and production refusing to start without secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env: dict[str, str], expression: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DJANGO_ENV", "SECRET_KEY", "CPR_ENCRYPTION_KEY", "CPR_HASH_KEY",
                          "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "TESTING"}}
    code = ("import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            f"'mentor.settings'); django.setup(); from django.conf import settings; "
            f"print({expression})")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**clean, **env})


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_settings({"DJANGO_ENV": "production", "VAR_DIR": str(tmp_path)}, "1")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr


def test_embedded_default_is_sqlite_in_var_and_a_filesystem_broker(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path)},
                          "settings.DATABASES['default']['ENGINE'] + ' ' + settings.CELERY_BROKER_URL")
    assert result.stdout.strip() == "django.db.backends.sqlite3 filesystem://"
    assert (tmp_path / "secret_key.txt").exists()


def test_database_url_selects_postgresql_and_redis_url_the_broker(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path),
                           "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
                           "REDIS_URL": "redis://127.0.0.1:6379/0"},
                          "settings.DATABASES['default']['ENGINE'] + ' ' + settings.CELERY_BROKER_URL")
    assert result.stdout.strip() == "django.db.backends.postgresql redis://127.0.0.1:6379/0"


def test_a_malformed_boolean_fails_loudly(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path), "DEBUG": "maybe"}, "settings.DEBUG")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_check_deploy_is_clean_under_production_settings() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "TESTING"}}  # set by the browser tests
    result = subprocess.run([str(ROOT / "bin" / "check-deploy")], capture_output=True,
                            text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_plain_pytest_runs_under_the_test_settings() -> None:
    """``tests.plugin`` sets TESTING before the settings load, whatever the shell has."""
    from django.conf import settings

    assert settings.TESTING
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
