"""Django's Redis cache, keeping one redis-py client per connection pool.

Django builds a new `redis.Redis` object for every cache operation, and its constructor fills a
table of about 170 response callbacks: about 0.25 ms, as long as a GET on a local Redis. A
cached API answer makes two cache reads, so that was a third of its time. A redis-py client is
thread-safe and only wraps its connection pool, so one per pool is kept and reused.

Bytes such as a built collection are also stored as they are (`set_bytes`/`get_bytes`): Django
pickles every value, which for 56 MB of GeoJSON makes a transient full copy on each write and
another on each read. Such keys must only be read back with `get_bytes`. `set_together` writes
raw and pickled values in one round trip (a pipeline), in the order given.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get_bytes(self, key, default=None, version=None) -> bytes | None:
        """The bytes stored by `set_bytes`, unpickled because they were never pickled."""
        key = self.make_and_validate_key(key, version=version)
        value = self._cache.get_client(key).get(key)
        return default if value is None else value

    def set_bytes(self, key, value: bytes, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        """Store bytes as they are: redis-py sends a large value from the object itself, no copy."""
        if not isinstance(value, bytes):
            raise TypeError(f"set_bytes stores bytes, not {type(value).__name__}")
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            client.delete(key)
        else:
            client.set(key, value, ex=timeout)

    def set_together(self, items: list[tuple[str, object, bool]], timeout=DEFAULT_TIMEOUT) -> None:
        """(key, value, raw) triples written in order in one pipeline: raw values are bytes stored
        as they are, the others are pickled as `set` does."""
        timeout = self.get_backend_timeout(timeout)
        keys = [self.make_and_validate_key(key) for key, _value, _raw in items]
        client = self._cache.get_client(keys[0], write=True)
        with client.pipeline(transaction=False) as pipe:
            for key, (_key, value, raw) in zip(keys, items, strict=True):
                if raw and not isinstance(value, bytes):
                    raise TypeError(f"a raw value must be bytes, not {type(value).__name__}")
                if timeout == 0:
                    pipe.delete(key)
                else:
                    pipe.set(key, value if raw else self._cache._serializer.dumps(value), ex=timeout)
            pipe.execute()


def get_bytes(cache, key: str) -> bytes | None:
    """`cache.get_bytes` on our Redis cache; a plain `get` on any other backend (tests' LocMemCache)."""
    return cache.get_bytes(key) if hasattr(cache, "get_bytes") else cache.get(key)


def set_bytes(cache, key: str, value: bytes, timeout=DEFAULT_TIMEOUT) -> None:
    if hasattr(cache, "set_bytes"):
        cache.set_bytes(key, value, timeout=timeout)
    else:
        cache.set(key, value, timeout=timeout)


def set_together(cache, items: list[tuple[str, object, bool]], timeout=DEFAULT_TIMEOUT) -> None:
    """`cache.set_together` on our Redis cache; one write after another on any other backend."""
    if hasattr(cache, "set_together"):
        cache.set_together(items, timeout=timeout)
        return
    for key, value, _raw in items:
        cache.set(key, value, timeout=timeout)
