"""Conditional answers for public data, the one way every read endpoint does it.

The ETag names the release, the data version and what was asked (apps/core/dataversion.py), so
a 304 costs one read of one row and no body is built. Tags are weak: the same data may travel
gzip-compressed or not. Bodies worth keeping are kept in Django's cache under the same names;
the cache only speeds things up: when Redis is away, they are built again.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from .dataversion import DataState, data_state, release

logger = logging.getLogger(__name__)

_CODING = re.compile(r"^\s*([^;\s]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?", re.ASCII)


def accepts_gzip(request) -> bool:
    """RFC 9110 §12.5.3: `gzip;q=0` refuses gzip; `*` with a non-zero q accepts it."""
    accepted = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        match = _CODING.match(part)
        if match:
            try:
                accepted[match[1].lower()] = float(match[2]) if match[2] else 1.0
            except ValueError:
                continue
    quality = accepted.get("gzip", accepted.get("x-gzip", accepted.get("*", 0.0)))
    return quality > 0


def cache_name(state: DataState, kind: str, identity: str) -> str:
    """A cache key or ETag body: release, database, data version, what was asked."""
    digest = hashlib.blake2b(identity.encode(), digest_size=12).hexdigest()
    database = settings.DATABASES["default"]["NAME"]
    return f"hubwatch:{release()}:{database}:v{state.version}:{kind}:{digest}"


def etag(state: DataState, kind: str, identity: str) -> str:
    return 'W/"' + hashlib.blake2b(cache_name(state, kind, identity).encode(), digest_size=12).hexdigest() + '"'


def cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that fails costs a rebuild, never an answer
        logger.warning("cache read failed", exc_info=True)
        return None


def cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, timeout=settings.CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("cache write failed", exc_info=True)


def per_version(kind: str, identity: str, compute: Callable[[], object]):
    """A value computed from the public data (options of a form, a page's fragments), computed
    once per data version and release while the cache holds it."""
    key = cache_name(data_state(), kind, identity)
    value = cache_get(key)
    if value is None:
        value = compute()
        cache_set(key, value)
    return value


def public_headers(response: HttpResponse, state: DataState, tag: str, vary: Iterable[str] = ()) -> HttpResponse:
    response.headers["ETag"] = tag
    response.headers["Last-Modified"] = http_date(state.changed.timestamp())
    # Browsers revalidate each time (a 304 is cheap); a shared cache in front (a CDN) may hold it
    # SHARED_CACHE_SECONDS, then revalidate. nginx (the scale profile's, docs/SCALING.md) reads
    # X-Accel-Expires first and hides it from clients: "@1", expired since 1970, makes it keep the
    # body but revalidate it on every request, so a change is served through it at once.
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={settings.SHARED_CACHE_SECONDS}"
    response.headers["X-Accel-Expires"] = "@1"
    patch_vary_headers(response, ("Accept-Encoding", *vary))
    return response


def versioned_response(
    request,
    kind: str,
    build: Callable[[], bytes],
    content_type: str,
    *,
    keep: bool = True,
    identity: str | None = None,
    per_language: bool = False,
    vary: Iterable[str] = (),
    headers: dict | None = None,
    compressible: bool = True,
) -> HttpResponse:
    """The answer to a GET of public data: a 304 when the reader's copy is current, else the body
    from the cache (`keep`: worth keeping) or from `build()`, gzip-compressed when accepted
    (and `compressible`: not for images, compressed already).
    `identity`: what the body depends on, if not exactly the absolute URL (bodies write links
    and citations on the host that was asked)."""
    state = data_state()
    identity = (identity or request.build_absolute_uri()) + (f" {get_language()}" if per_language else "")
    if per_language:
        vary = (*vary, "Accept-Language")
    tag = etag(state, kind, identity)
    response = get_conditional_response(request, etag=tag, last_modified=int(state.changed.timestamp()))
    if response is None:
        gzipped = compressible and accepts_gzip(request)
        body = _body(cache_name(state, kind, identity) if keep else None, build, gzipped)
        response = HttpResponse(body, content_type=content_type)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return public_headers(response, state, tag, vary)


def _body(key: str | None, build: Callable[[], bytes], gzipped: bool) -> bytes:
    if key is None:
        body = build()
        return gzip.compress(body, compresslevel=6, mtime=0) if gzipped else body
    coded = cache_get(f"{key}:gz" if gzipped else key)
    if coded is not None:
        return coded
    body = (cache_get(key) if gzipped else None) or build()
    if gzipped:
        coded = gzip.compress(body, compresslevel=6, mtime=0)
        cache_set(f"{key}:gz", coded)
    cache_set(key, body)
    return coded if gzipped else body
