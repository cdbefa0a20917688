"""Django's Redis cache, keeping one redis-py client per connection pool.

Django builds a new `redis.Redis` object for every cache operation, and its constructor fills a
table of about 170 response callbacks: about 0.25 ms, as long as a GET on a local Redis. A
cached API answer makes two cache reads, so that was a third of its time. A redis-py client is
thread-safe and only wraps its connection pool, so one per pool is kept and reused.

Bytes such as a built collection are also stored as they are (`set_bytes`/`get_bytes`): Django
pickles every value, which for 56 MB of GeoJSON makes a transient full copy on each write and
another on each read. Such keys must only be read back with `get_bytes`. `set_together` writes
raw and pickled values in one round trip (a pipeline), in the order given. `WriteBehind` sends
large writes from a thread of the process, after the answer.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


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


class WriteBehind:
    """Writes to the cache made by a thread of this process, after the request that asked for them
    has been answered.

    Sharing a built collection through Redis means sending its whole body there: 0.8 ms for the
    0.55 MB of 1,000 sites, 80 ms for 100,000, which the reader of a cold answer waited for. The
    thread sends it instead while the worker answers: the socket write releases the GIL, and
    redis-py sends a large value from the object itself, without a copy. Nothing can be stale for
    it: a key names the data version its value was built from. What is still waiting when more
    than `max_bytes` are is written by the request itself, as before; what is waiting when the
    process ends is lost, which costs one rebuild. Settings: API_CACHE_WRITE_BEHIND_MB.
    """

    def __init__(self):
        self._queue: queue.Queue = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def submit(self, write: Callable[[], object], weight: int, max_bytes: int) -> None:
        """`write` done by the thread, unless `max_bytes` (0: always) are already waiting."""
        with self._lock:
            write_now = self._pending_here() + weight > max_bytes
            if not write_now:
                self._start()
                self._pending += weight
                self._queue.put((write, weight))
        if write_now:
            write()

    def _pending_here(self) -> int:
        return self._pending if self._pid == os.getpid() else 0

    def _start(self) -> None:
        # A forked worker does not inherit its parent's threads: one per process, started on first use.
        if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
            self._queue = queue.Queue()
            self._pending = 0
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="hubwatch-cache-writes", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            write, weight = self._queue.get()
            try:
                write()
            except Exception:  # a cache write that fails costs a rebuild, never an answer
                logger.warning("cache write failed", exc_info=True)
            finally:
                with self._lock:
                    self._pending -= weight
                self._queue.task_done()

    def drain(self) -> None:
        """Wait until every write submitted so far is done (tests, the bench's cold requests)."""
        if self._thread is not None and self._pid == os.getpid():
            self._queue.join()
