"""What every public read endpoint shares: anonymous read-only access, CORS for other sites'
maps (uMap remote layers), conditional GET, and bad input as a 400 naming the parameter."""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from ..errors import BadParameter
from ..version import CachedResponse, Meta

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Content-Disposition",
}


class ReadOnly(BasePermission):
    """Anyone may read; nobody writes through these endpoints (edits go through the site)."""

    def has_permission(self, request, view):
        return request.method in ("GET", "HEAD", "OPTIONS")


class PublicReadMixin:
    # No authentication: the answer is the same for everyone, so no session is read and
    # shared caches are not told to Vary on Cookie.
    authentication_classes: list = []
    permission_classes = [ReadOnly]

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):
            # DRF answers an unknown ?format= with a 404; it is bad input.
            formats = ", ".join(r.format for r in self.get_renderers())
            raise BadParameter(
                "format", f"unknown format {request.query_params.get('format')!r}; expected one of: {formats}."
            ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def not_modified(request, meta: Meta) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison for If-None-Match."""
    # Read from META, not request.headers: that mapping of every header is built on first use.
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        tags = [tag.removeprefix("W/") for tag in parse_etags(if_none_match)]
        return "*" in tags or meta.etag.removeprefix("W/") in tags
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    since = parse_http_date_safe(if_modified_since)
    return since is not None and int(meta.last_modified) <= since


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def conditional_response(request, cached: CachedResponse, headers: dict | None = None) -> HttpResponse:
    """304 from the metadata alone; otherwise the cached body, gzip-compressed once and kept so
    (GZipMiddleware leaves a response that already has a Content-Encoding alone)."""
    meta = cached.meta()
    if not_modified(request, meta):
        response = HttpResponseNotModified()
    else:
        gzipped = accepts_gzip(request)
        response = HttpResponse(cached.body(gzipped), content_type=meta.content_type)
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.headers["ETag"] = meta.etag
    response.headers["Last-Modified"] = _http_date(meta.last_modified)
    # Always revalidate: a 304 costs one tiny query, a stale atlas costs trust.
    response.headers["Cache-Control"] = "public, no-cache"
    response.headers["Vary"] = "Accept, Accept-Encoding"  # a new response: nothing to merge with
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


@functools.lru_cache(maxsize=64)
def _http_date(timestamp: float) -> str:
    """The dates of the answers served last, formatted once each (the bodies of one data version
    share a handful of them)."""
    return http_date(timestamp)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
