"""Redis unreachable: the cache answers as an empty cache that keeps nothing, instead of
failing the page."""

from __future__ import annotations

import time

import pytest
from pytest_django import Settings

from mentor import caching
from mentor.cache import RedisCache
from mentor.caching import cached


def _unreachable() -> RedisCache:
    return RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})


def test_an_unreachable_redis_reads_as_a_miss_and_drops_writes() -> None:
    cache = _unreachable()
    cache.set("key", "value")
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["key"]) == {}
    assert cache.add("lock", 1) is True
    assert cache.delete("key") is False


def test_a_cached_value_is_loaded_at_once_when_redis_is_down(
        monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    settings.SHARED_CACHE = True
    monkeypatch.setattr(caching, "cache", _unreachable())
    started = time.monotonic()
    assert cached("page", lambda: "fresh", versions=["x"], ttl=60, stampede_lock=True) == "fresh"
    assert time.monotonic() - started < caching.WAIT_SECONDS
