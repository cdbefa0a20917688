"""The data version (see migration 0001_data_version) and the cache of built responses keyed by it.

A cached response is three entries: its metadata (small: enough to answer a conditional
request with a 304), its body, and its gzip-compressed body (made once, on first demand), so
neither a 304 nor a compressed answer has to move or recompress megabytes on each request. The
two bodies are stored as raw bytes, not pickled (apps/core/cache.py): no extra copy of them.
Their keys end in ".raw" so that a body pickled by an older release is never served as bytes.

Each process also keeps the responses it served last (`LOCAL`, bounded in bytes by
API_LOCAL_CACHE_MB): a repeat then costs the one query that reads the data version and no
transfer from Redis, which for the 56 MB of 100,000 sites is most of a cached answer's time. The
keys carry the data version, so a local copy can never be stale: it is simply never asked for again
once the data changed, and ages out. What took less than API_CACHE_MIN_BUILD_MS to build (a
small bbox of a panning map) is kept only there: sharing it through Redis would cost a good part
of building it again, and such answers are rarely asked twice.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils.text import compress_string

from apps.core.cache import WriteBehind, get_bytes, set_bytes, set_together
from apps.core.sql import fetch_row, read_alias

# Read alone, or as a column of a collection's own statement (exports.FEATURES_SQL): then the
# version and the data come from the same snapshot.
VERSION_SQL = "SELECT version FROM hubwatch_data_state"

# The version this process saw last, per database (tests and the bench switch databases) and
# alias (a replica may lag behind the primary).
_SEEN: dict[str, int] = {}


def data_version(alias: str | None = None) -> int:
    """The current data version: one read of one row, far cheaper than any collection query.

    It moves when a write to the domain tables commits, at the moment its data becomes visible
    (migration 0002): what is built from a snapshot taken after this read is at least as new as
    the version, so a body cached under it is never older than what the version stands for. The
    read is prepared on the connection and stands in for Django's health check (fetch_row)."""
    alias = alias or read_alias()
    (version,) = fetch_row(VERSION_SQL, [], server_binding=True, using=alias)
    saw_version(version, alias)
    return version


def _database(alias: str | None) -> str:
    alias = alias or read_alias()
    return f"{alias}:{connections[alias].settings_dict['NAME']}"


def saw_version(version: int, alias: str | None = None) -> None:
    """`alias`: the database the version was read from (default: read_alias())."""
    _SEEN[_database(alias)] = version


def last_seen_version(alias: str | None = None) -> int | None:
    return _SEEN.get(_database(alias))


@dataclass(frozen=True)
class Meta:
    content_type: str
    etag: str  # quoted; weak (W/"...") when it ignores the snapshot time written in the body
    last_modified: float  # POSIX time the body was built from the data
    build_ms: float = 0.0  # how long it took to build (what waiting for another builder may save)


@dataclass(frozen=True)
class Built:
    meta: Meta
    body: bytes
    version: int | None = None  # the data version read by the statement that built the body, if it did


def etag_for(body: bytes, weak: bool = False) -> str:
    """A hash of the content. Exports write their snapshot time in the body, so theirs is a weak
    tag over the data only: a rebuild that finds the same data keeps the tag, and a reader's
    copy stays valid (a 304), its 'data as of' time still true."""
    # SHA-1 runs in hardware on current CPUs: 33 ms for the 56 MB of 100,000 sites where
    # blake2b takes 69. A tag only has to change with the data; nobody chooses the data to collide.
    tag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest() + '"'
    return f"W/{tag}" if weak else tag


def cache_key(kind: str, version: int, identity: str) -> str:
    """Keyed by database name too: deployments (and parallel test runs) may share one Redis."""
    digest = hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
    return f"hubwatch:{connection.settings_dict['NAME']}:{kind}:v{version}:{digest}"


class LocalResponses:
    """The latest responses of this process, least recently used first out, within `max_bytes`.
    Values are shared, never copied: the bytes handed to a response are the ones kept here."""

    META_SIZE = 512  # a Meta's weight in the budget

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: str, value, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    @property
    def size(self) -> int:
        return self._size


LOCAL = LocalResponses(int(getattr(settings, "API_LOCAL_CACHE_MB", 64) * 1024 * 1024))


WRITES = WriteBehind()
# Single flight (CachedResponse): how long a builder's lock lasts at most, how often others look.
BUILD_LOCK_SECONDS = 60
WAIT_STEP_SECONDS = 0.02


def write_behind(write: Callable[[], object], weight: int) -> None:
    """A write of `weight` bytes to Redis, sent by this process's cache thread (apps/core/cache.py)."""
    WRITES.submit(write, weight, int(getattr(settings, "API_CACHE_WRITE_BEHIND_MB", 256) * 1024 * 1024))


def clear_cached_responses() -> None:
    """Forget every built response, in Redis and in this process (the bench's cold requests).
    Writes still on their way are waited for first, so that none lands after the clearing."""
    WRITES.drain()
    cache.clear()
    LOCAL.clear()


class CachedResponse:
    """One response of one data version: read what is cached, build what is missing.

    A new data version changes every key, so any write to the domain tables invalidates all.
    """

    def __init__(
        self,
        kind: str,
        identity: str,
        build: Callable[[], Built],
        timeout: int | None = None,
        shared: bool = True,
        versioned: bool = False,
    ):
        """`shared=False`: kept by this process only, never read from or written to Redis (for
        answers nobody else is likely to ask for, such as the bbox of one reader's map).

        `versioned`: `build` reads the data version in its own statement and returns it
        (Built.version). An answer kept by this process only (`shared=False`) that it does not
        have under the version it saw last (a new bbox) is then built at once, in one round
        trip, instead of reading the version first and building next. One it has there costs,
        as always, the read of the version that confirms it."""
        self.kind, self.identity = kind, identity
        self.build = build
        self.timeout = timeout or getattr(settings, "API_CACHE_SECONDS", 3600)
        self.versioned = versioned
        self.key: str | None = None  # known once meta() has run
        self._alias = read_alias()  # where the data version is read (the build reads there too)
        self._seen: tuple[int, str] | None = None  # the version seen last, and the key under it
        self._meta: Meta | None = None
        self._built: Built | None = None
        self._lock: str | None = None  # the Redis lock this process took to build the answer
        self._look_in_redis = shared
        self._shared = shared  # False once built, if it was cheap to build: kept in this process only

    def meta(self) -> Meta:
        if self._meta is None:
            self._meta = self._find_meta()
        return self._meta

    def _find_meta(self) -> Meta:
        seen = last_seen_version(self._alias) if self.versioned else None
        version = None
        if seen is not None:
            key = cache_key(self.kind, seen, self.identity)
            meta = self._cached_meta(key)
            if meta is None and not self._look_in_redis:
                self._seen = (seen, key)
                return self._build().meta  # sets the key from the version the build read
            # A shared answer missing under the version seen last may be in Redis under a newer
            # one, built by another process: the version is read before building it again.
            version = data_version(self._alias)
            if version == seen:
                self.key = key
                return self._found_or_built(meta)
        if version is None:
            version = data_version(self._alias)
        self.key = cache_key(self.kind, version, self.identity)
        return self._found_or_built(self._cached_meta(self.key))

    def _found_or_built(self, meta: Meta | None) -> Meta:
        """`meta` if it was found under the key; else what another process is building, for a
        shared answer that was slow to build last time; else a build of our own."""
        if meta is None and self._look_in_redis and self._slow_last_time():
            meta = self._built_by_another_process()
        if meta is None:
            meta = self._build().meta
        if self._look_in_redis:
            LOCAL.put(self._build_time_name(), meta.build_ms, LocalResponses.META_SIZE)
        return meta

    # Single flight: after a change, the first process to miss a shared answer that takes long to
    # build (the whole collection of a large atlas) takes a lock in Redis and builds it; the
    # others wait for it to appear there instead of each running the same statement.

    def _build_time_name(self) -> str:
        return cache_key("build-ms", 0, f"{self.kind} {self.identity}")

    def _slow_last_time(self) -> bool:
        last = LOCAL.get(self._build_time_name())
        return last is not None and last >= getattr(settings, "API_CACHE_SINGLE_FLIGHT_MS", 100)

    def _built_by_another_process(self) -> Meta | None:
        """None when this process is to build it: it took the lock, or waited in vain (the builder
        failed, kept a quick answer to itself, or took longer than API_CACHE_WAIT_SECONDS)."""
        lock, name = f"{self.key}:building", f"{self.key}:meta"
        if cache.add(lock, os.getpid(), timeout=BUILD_LOCK_SECONDS):
            self._lock = lock
            return None
        deadline = time.monotonic() + getattr(settings, "API_CACHE_WAIT_SECONDS", 10)
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            found = cache.get_many([name, lock])
            if name in found:
                LOCAL.put(name, found[name], LocalResponses.META_SIZE)
                return found[name]
            if lock not in found:
                return None
        return None

    def _cached_meta(self, key: str) -> Meta | None:
        name = f"{key}:meta"
        meta = LOCAL.get(name)
        if meta is None and self._look_in_redis:
            meta = cache.get(name)
            if meta is not None:
                LOCAL.put(name, meta, LocalResponses.META_SIZE)
        return meta

    def body(self, gzipped: bool) -> bytes:
        self.meta()
        name = f"{self.key}:{'gz' if gzipped else 'body'}.raw"
        if self._built is None:
            cached = LOCAL.get(name)
            if cached is None and self._look_in_redis:
                cached = get_bytes(cache, name)
                if cached is not None:
                    LOCAL.put(name, cached, len(cached))
            if cached is not None:
                return cached
        plain = self._built.body if self._built else self._plain_from_cache()
        if plain is None:  # evicted since its metadata was read
            plain = self._build().body
        if not gzipped:
            return plain
        compressed = compress_string(plain)
        if self._shared:
            timeout = self.timeout
            write_behind(lambda: set_bytes(cache, name, compressed, timeout=timeout), len(compressed))
        LOCAL.put(name, compressed, len(compressed))
        return compressed

    def _plain_from_cache(self) -> bytes | None:
        name = f"{self.key}:body.raw"
        return LOCAL.get(name) or (get_bytes(cache, name) if self._look_in_redis else None)

    def _build(self) -> Built:
        if self._built is None:
            started = time.perf_counter()
            lock, self._lock = self._lock, None
            try:
                built = self.build()
            except BaseException:
                if lock:
                    cache.delete(lock)
                raise
            elapsed_ms = (time.perf_counter() - started) * 1000
            meta = built.meta
            meta = Meta(meta.content_type, meta.etag, meta.last_modified, elapsed_ms)
            built = self._built = Built(meta, built.body, built.version)
            if self.key is None:
                if built.version is None:
                    raise ValueError(f"a versioned build of {self.kind} returned no data version")
                saw_version(built.version, self._alias)
                seen, key = self._seen or (None, None)
                self.key = key if built.version == seen else cache_key(self.kind, built.version, self.identity)
            self._shared = self._shared and elapsed_ms >= getattr(settings, "API_CACHE_MIN_BUILD_MS", 2)
            if self._shared:
                # One round trip, after the answer; the body first: whoever finds the metadata
                # then finds the body too (unless evicted). The lock goes once they are there.
                items = [(f"{self.key}:body.raw", built.body, True), (f"{self.key}:meta", built.meta, False)]
                timeout = self.timeout

                def write():
                    set_together(cache, items, timeout=timeout)
                    if lock:
                        cache.delete(lock)

                write_behind(write, len(built.body))
            elif lock:
                cache.delete(lock)  # kept by this process only: nobody is to wait for it
            LOCAL.put(f"{self.key}:body.raw", built.body, len(built.body))
            LOCAL.put(f"{self.key}:meta", built.meta, LocalResponses.META_SIZE)
        return self._built


def per_version(kind: str, identity: str, compute: Callable[[], object]):
    """A value computed from the public data (a count, the options of a filter form, a page's
    rendered fragments), kept under the data version in Redis and in this process: recomputed
    once per change, not per page. It weighs in the process's budget what it weighs pickled: old
    versions' copies then leave as the budget fills, however large they are."""
    key = cache_key(kind, data_version(), identity)
    value = LOCAL.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout=getattr(settings, "API_CACHE_SECONDS", 3600))
        LOCAL.put(key, value, len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
    return value
