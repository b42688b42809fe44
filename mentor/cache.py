"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every operation, and
each one copies redis-py's table of response callbacks, on every cache read, several times on
every page (session, user state). A client is thread-safe and
only wraps its pool, so one per pool is enough; redis-py's pool itself reconnects after a fork.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
# An unreachable Redis is logged at most this often per process, not on every cache call.
_WARN_EVERY = 30.0
_last_warning = 0.0


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = (
                self._client(connection_pool=pool))  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    # Redis unreachable: every read is a miss and every write is dropped, so that pages go on
    # answering from the database (the sessions are written through to it). Redis runs
    # without persistence, so when it returns it is empty and nothing stale can be read.
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _tolerant(lambda: super(RedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        return _tolerant(lambda: super(RedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _tolerant(lambda: super(RedisCache, self).has_key(key, version), False)

    def set(self, *args: Any, **kwargs: Any) -> None:
        _tolerant(lambda: super(RedisCache, self).set(*args, **kwargs), None)

    def add(self, *args: Any, **kwargs: Any) -> bool:
        # As if added: a caller waiting for a lock (mentor/caching.py) goes on loading itself,
        # which is all there is to do without a shared cache.
        return _tolerant(lambda: super(RedisCache, self).add(*args, **kwargs), True)

    def set_many(self, *args: Any, **kwargs: Any) -> list[Any]:
        return _tolerant(lambda: super(RedisCache, self).set_many(*args, **kwargs), [])

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        return _tolerant(lambda: super(RedisCache, self).touch(*args, **kwargs), False)

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        return _tolerant(lambda: super(RedisCache, self).delete(*args, **kwargs), False)

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        _tolerant(lambda: super(RedisCache, self).delete_many(*args, **kwargs), None)


def _tolerant(call: Callable[[], T], fallback: T) -> T:
    global _last_warning  # one timestamp per process
    try:
        return call()
    except (RedisConnectionError, RedisTimeoutError):
        now = time.monotonic()
        if now - _last_warning > _WARN_EVERY:
            _last_warning = now
            logger.warning("Redis does not answer: the cache is bypassed until it does.")
        return fallback
