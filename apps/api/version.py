"""The data version (see migration 0001_data_version) and the cache of built responses keyed by it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def data_version() -> int:
    """The current data version: one read of a sequence, far cheaper than any collection query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value FROM hubwatch_data_version")
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class Built:
    """A built response body with what conditional requests need."""

    body: bytes
    content_type: str
    etag: str  # quoted, strong
    last_modified: float  # a POSIX timestamp: when the body was built from the data
    filename: str = ""


def etag_for(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def cache_key(kind: str, version: int, identity: str) -> str:
    """Keyed by database name too: deployments (and parallel test runs) may share one Redis."""
    digest = hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
    return f"hubwatch:{connection.settings_dict['NAME']}:{kind}:v{version}:{digest}"


def cached_or_build(kind: str, identity: str, build) -> Built:
    """The body cached for this data version and request identity (its full URL), or `build()`
    it and cache it. A new data version changes the key, so a change invalidates every entry."""
    key = cache_key(kind, data_version(), identity)
    built = cache.get(key)
    if built is None:
        built = build()
        cache.set(key, built, timeout=getattr(settings, "API_CACHE_SECONDS", 3600))
    return built
