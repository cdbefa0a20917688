"""Polling one feed. Failures are recorded on the feed (shown in the admin) and push its next
poll back exponentially; they never touch the other feeds, which are polled by their own tasks."""

from __future__ import annotations

import datetime as dt
import logging

import feedparser
from django.utils import timezone

from ..fetch import Fetcher, FetchError
from ..matching import SiteMatcher
from ..models import Feed
from .ingest import Entry, IngestReport, ingest

log = logging.getLogger(__name__)

MAX_BACKOFF = dt.timedelta(hours=24)


class NotAFeed(FetchError):
    pass


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(*value[:3])
    return None


def parse_feed(body: bytes, content_type: str = "", default_language: str = "") -> tuple[dict, list[Entry]]:
    # feedparser's own sanitizer is skipped: every text goes through nh3 in ingest() (and ends as
    # plain text), and skipping it halves the parse time.
    parsed = feedparser.parse(
        body,
        response_headers={"content-type": content_type} if content_type else None,
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if parsed.bozo and not parsed.entries:
        raise NotAFeed(f"not an RSS or Atom feed ({type(parsed.bozo_exception).__name__})")
    language = (parsed.feed.get("language") or default_language or "").split("-")[0].lower()
    entries = []
    for e in parsed.entries:
        link = e.get("link") or ""
        if not link.lower().startswith(("http://", "https://")):
            continue
        summary = e.get("summary") or ""
        if not summary and e.get("content"):
            summary = e["content"][0].get("value", "")
        entries.append(
            Entry(url=link, title=e.get("title", ""), summary=summary, published=_entry_date(e), language=language)
        )
    return {"title": parsed.feed.get("title", ""), "language": language}, entries


def poll_feed(feed_id: int, fetcher: Fetcher | None = None, matcher: SiteMatcher | None = None) -> IngestReport | None:
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        return None
    now = timezone.now()
    fetcher = fetcher or Fetcher.from_settings()
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    try:
        result = fetcher.get(feed.url, headers=headers)
        if result.status == 304:
            info, entries = {}, []
        else:
            info, entries = parse_feed(result.body, result.headers.get("content-type", ""), feed.language)
        report = ingest(entries, feed=feed, matcher=matcher)
    except Exception as exc:  # recorded on the feed, whatever it is: one feed's failure stays its own
        if not isinstance(exc, FetchError):
            log.exception("Feed %s: unexpected error", feed.pk)
        feed.error_count += 1
        feed.last_error = (str(exc) if isinstance(exc, FetchError) else f"{type(exc).__name__}: {exc}")[:2000]
        feed.last_polled_at = now
        backoff = min(dt.timedelta(minutes=feed.interval_minutes) * 2**feed.error_count, MAX_BACKOFF)
        feed.next_poll_at = now + backoff
        feed.save(update_fields=["error_count", "last_error", "last_polled_at", "next_poll_at"])
        log.warning("Feed %s failed (%d in a row): %s", feed.pk, feed.error_count, exc)
        return None
    feed.last_polled_at = feed.last_success_at = now
    feed.next_poll_at = now + dt.timedelta(minutes=feed.interval_minutes)
    feed.error_count = 0
    feed.last_error = ""
    feed.etag = result.headers.get("etag", "")[:300]
    feed.modified = result.headers.get("last-modified", "")[:100]
    feed.items_found += report.created
    if not feed.title and info.get("title"):
        feed.title = info["title"][:200]
    feed.save()
    log.info("Feed %s: %d new, %d already known", feed.pk, report.created, report.duplicates)
    return report
