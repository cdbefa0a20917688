"""The data version (see migration 0001_data_version) and the cache of built responses keyed by it.

A cached response is three entries: its metadata (small: enough to answer a conditional
request with a 304), its body, and its gzip-compressed body (made once, on first demand), so
neither a 304 nor a compressed answer has to move or recompress megabytes on each request. The
two bodies are stored as raw bytes, not pickled (apps/core/cache.py): no extra copy of them.
Their keys end in ".raw" so that a body pickled by an older release is never served as bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.text import compress_string

from apps.core.cache import get_bytes, set_bytes


def data_version() -> int:
    """The current data version: one read of a sequence, far cheaper than any collection query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM hubwatch_data_version")
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Meta:
    content_type: str
    etag: str  # quoted; weak (W/"...") when it ignores the snapshot time written in the body
    last_modified: float  # POSIX time the body was built from the data


@dataclass(frozen=True)
class Built:
    meta: Meta
    body: bytes


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


class CachedResponse:
    """One response of one data version: read what is cached, build what is missing.

    A new data version changes every key, so any write to the domain tables invalidates all.
    """

    def __init__(self, kind: str, identity: str, build: Callable[[], Built], timeout: int | None = None):
        self.key = cache_key(kind, data_version(), identity)
        self.build = build
        self.timeout = timeout or getattr(settings, "API_CACHE_SECONDS", 3600)
        self._built: Built | None = None

    def meta(self) -> Meta:
        meta = cache.get(f"{self.key}:meta")
        return meta if meta is not None else self._build().meta

    def body(self, gzipped: bool) -> bytes:
        if self._built is None:
            cached = get_bytes(cache, f"{self.key}:{'gz' if gzipped else 'body'}.raw")
            if cached is not None:
                return cached
        plain = self._built.body if self._built else get_bytes(cache, f"{self.key}:body.raw")
        if plain is None:  # evicted since its metadata was read
            plain = self._build().body
        if not gzipped:
            return plain
        compressed = compress_string(plain)
        set_bytes(cache, f"{self.key}:gz.raw", compressed, timeout=self.timeout)
        return compressed

    def _build(self) -> Built:
        if self._built is None:
            self._built = self.build()
            # The body first: whoever finds the metadata then finds the body too (unless evicted).
            set_bytes(cache, f"{self.key}:body.raw", self._built.body, timeout=self.timeout)
            cache.set(f"{self.key}:meta", self._built.meta, timeout=self.timeout)
        return self._built
