"""Cached values belong to the database they were read from (two databases sharing one Redis:
the benchmark's, or two instances)."""

from pathlib import Path

from tests.mentor.test_settings import run_settings

PREFIX = "settings.CACHES['default'].get('KEY_PREFIX')"


def _prefix(tmp_path: Path, database: str) -> str:
    result = run_settings({"VAR_DIR": str(tmp_path), "DATABASE_URL": database,
                           "REDIS_URL": "redis://127.0.0.1:6379/0"}, PREFIX)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_databases_on_one_redis_have_different_cache_keys(tmp_path: Path) -> None:
    one = _prefix(tmp_path, "postgres://postgres@127.0.0.1:5432/mentor_one")
    other = _prefix(tmp_path, "postgres://postgres@127.0.0.1:5432/mentor_other")
    assert one == "127.0.0.1/mentor_one"
    assert one != other


def test_the_key_prefix_can_be_set(tmp_path: Path) -> None:
    result = run_settings({"VAR_DIR": str(tmp_path), "CACHE_KEY_PREFIX": "kommune-a",
                           "REDIS_URL": "redis://127.0.0.1:6379/0"}, PREFIX)
    assert result.stdout.strip() == "kommune-a"
