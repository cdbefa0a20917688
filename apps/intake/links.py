"""The link checker: every source's address is visited about once a week, politely, through the
SSRF-guarded fetcher (a HEAD, then a small GET where HEAD is refused or the page's title is
wanted), and what it finds is recorded on the source. A link is dead after DEAD_AFTER failed
checks in a row (a 410 Gone at once); the site page then shows the source's archived copy.

For a source whose title was not read on the page, the checker proposes the page's Open Graph
title or <title> (`page_title`) for an editor to confirm; it never changes the title itself.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.press.models import LinkStatus, PressItem

from .fetch import Fetcher, FetchError, FetchRefused, FetchResult
from .metadata import extract

USER_AGENT = (
    "HubwatchLinkChecker/1.0 (Hubwatch, the atlas of contested logistics sites; +https://hubwatch.invalid/about)"
)
CHECK_EVERY = dt.timedelta(days=7)
DEAD_AFTER = 3
HEAD_REFUSED = {403, 405, 501}  # servers that do not answer HEAD (or forbid it) but serve GET
GONE = 410


def link_fetcher() -> Fetcher:
    """The intake's fetcher, reading at most a page's head."""
    return Fetcher.from_settings(
        timeout=getattr(settings, "LINK_CHECK_TIMEOUT", 10.0),
        max_bytes=getattr(settings, "LINK_CHECK_MAX_BYTES", 64 * 1024),
        truncate=True,
    )


def due(now: dt.datetime | None = None) -> QuerySet:
    """Sources with an address not checked in the last CHECK_EVERY, oldest check first."""
    limit = (now or timezone.now()) - CHECK_EVERY
    return (
        PressItem.objects.alive()
        .exclude(url=None)
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=limit))
        .order_by("link_checked_at", "pk")
    )


@dataclass(frozen=True)
class Probe:
    ok: bool
    detail: str
    status: int | None = None
    page_title: str = ""


def _title_of(result: FetchResult) -> str:
    if result.content_type not in ("text/html", "application/xhtml+xml"):
        return ""
    html = result.body.decode(result.charset or "utf-8", errors="replace")
    return extract(html, result.url).title[:400]


def probe(url: str, fetcher: Fetcher, *, want_title: bool = False) -> Probe:
    """Visit `url`: HEAD first; a small GET where HEAD is refused, or to read the title."""
    headers = {"User-Agent": USER_AGENT}
    try:
        try:
            result = fetcher.request("HEAD", url, headers)
        except FetchError as exc:
            if exc.status not in HEAD_REFUSED:
                raise
            result = fetcher.request("GET", url, headers)
        else:
            if want_title:
                result = fetcher.request("GET", url, headers)
    except FetchRefused as exc:
        return Probe(ok=False, detail=str(exc)[:300], status=exc.status)
    except FetchError as exc:
        return Probe(ok=False, detail=str(exc)[:300], status=exc.status)
    detail = f"{result.status}" + (f", redirected to {result.url}" if result.redirects else "")
    return Probe(ok=True, detail=detail[:300], status=result.status, page_title=_title_of(result) if want_title else "")


def record(item: PressItem, found: Probe, now: dt.datetime) -> PressItem:
    """Store what a check found. A queryset update: the checker's findings are not edits (no
    new version, no history row)."""
    if found.ok:
        failures, status = 0, LinkStatus.ALIVE
    else:
        failures = item.link_failures + 1
        dead = failures >= DEAD_AFTER or found.status == GONE
        status = LinkStatus.DEAD if dead else LinkStatus.FAILING
    values = {"link_status": status, "link_checked_at": now, "link_failures": failures, "link_detail": found.detail}
    if found.page_title and found.page_title != item.page_title:
        values["page_title"] = found.page_title
    PressItem.objects.filter(pk=item.pk).update(**values)
    for key, value in values.items():
        setattr(item, key, value)
    return item


class HostPacer:
    """At most one request to a host every `interval` seconds."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic, sleep=time.sleep):
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.last:
            left = self.last[host] + self.interval - self.clock()
            if left > 0:
                self.sleep(left)
        self.last[host] = self.clock()


def check_due(limit: int = 100, fetcher: Fetcher | None = None, pacer: HostPacer | None = None) -> dict[str, int]:
    """Check up to `limit` due sources; returns how many were found alive, failing and dead."""
    fetcher = fetcher or link_fetcher()
    pacer = pacer or HostPacer(getattr(settings, "LINK_CHECK_HOST_INTERVAL", 5.0))
    counts = {LinkStatus.ALIVE: 0, LinkStatus.FAILING: 0, LinkStatus.DEAD: 0}
    for item in list(due()[:limit]):
        pacer.wait(item.url)
        found = probe(item.url, fetcher, want_title=not item.title_checked)
        record(item, found, timezone.now())
        counts[item.link_status] += 1
    return {str(k): v for k, v in counts.items()}
