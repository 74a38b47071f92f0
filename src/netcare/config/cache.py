"""Django's Redis cache, keeping one client per connection pool, and surviving a Redis outage.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every operation, and
redis-py fills a table of ~170 response callbacks in each one: a fifth of a millisecond per
cache read, twice per page (session and chart body). The client is safe to share (its pool
hands out connections), so it is built once per pool and process.

Redis is an accelerator here, never the record: when it cannot be reached, reads answer "not
cached" and writes are skipped (logged), so sessions come from the database (`cached_db`) and
chart bodies are rendered — slower, not down. A failed delete is logged as an error: signing
in (which replaces the session) and out keep working, and the database, which `cached_db`
writes through to, no longer has the session; only a Redis that was cut off, not restarted,
could still hand out its cached copy until it expires (SESSION_COOKIE_AGE).
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client


_log = logging.getLogger(__name__)
_UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class RedisCache(DjangoRedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except _UNREACHABLE as error:
            _log.warning("cache unreachable, reading without it: %s", error)
            return default

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except _UNREACHABLE as error:
            _log.warning("cache unreachable, not stored: %s", error)

    def delete(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except _UNREACHABLE as error:
            _log.error("cache unreachable, %s not deleted from it: %s", key, error)
            return False

    def has_key(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().has_key(key, version))
        except _UNREACHABLE as error:
            _log.warning("cache unreachable, reading without it: %s", error)
            return False

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except _UNREACHABLE as error:
            _log.warning("cache unreachable, not stored: %s", error)
            return False
