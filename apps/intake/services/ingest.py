"""Store what intake found: dedupe by canonical URL (against earlier items and the existing
sources), sanitize, match to sites, and record the suggestions, in one transaction per batch."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Q

from apps.press.models import PressItem

from ..canonical import canonical_url
from ..matching import SiteMatcher
from ..models import Feed, IntakeItem, ItemOrigin, ItemState, SiteSuggestion
from ..sanitize import excerpt, plain_text


@dataclass
class Entry:
    url: str
    title: str = ""
    summary: str = ""  # untrusted HTML
    published: dt.date | None = None
    language: str = ""
    outlet: str = ""


@dataclass
class IngestReport:
    created: int = 0
    duplicates: int = 0
    suggestions: int = 0


def _cited(fresh: dict[str, Entry]) -> dict[str, int]:
    """Existing sources among `fresh` (canonical URL -> PressItem pk). Their stored URLs are not
    canonical: narrow by host in the database (a feed has one or two), compare canonical forms here."""
    hosts = {urlsplit(key).hostname for key in fresh} - {None, ""}
    if not hosts:
        return {}
    candidates = PressItem.objects.filter(reduce(operator.or_, (Q(url__icontains=h) for h in hosts)))
    found = {canonical_url(url): pk for pk, url in candidates.values_list("pk", "url").iterator()}
    return {key: found[key] for key in fresh if key in found}


def ingest(
    entries: list[Entry], *, feed: Feed | None = None, matcher: SiteMatcher | None = None, origin=ItemOrigin.FEED
) -> IngestReport:
    report = IngestReport()
    by_canonical: dict[str, Entry] = {}
    for entry in entries:
        key = canonical_url(entry.url)
        if key in by_canonical:
            report.duplicates += 1  # the same article twice in one feed
        else:
            by_canonical[key] = entry
    known = set(IntakeItem.objects.filter(canonical_url__in=by_canonical).values_list("canonical_url", flat=True))
    report.duplicates += len(known)
    fresh = {k: e for k, e in by_canonical.items() if k not in known}
    if not fresh:
        return report
    # Articles already cited in the atlas are recorded as such, not suggested again.
    sources = _cited(fresh)
    matcher = matcher or SiteMatcher.from_database()
    items, matches = [], []
    for key, entry in fresh.items():
        title = plain_text(entry.title)[:400]
        text = excerpt(entry.summary)
        item = IntakeItem(
            canonical_url=key[:600],
            url=entry.url[:600],
            origin=origin,
            feed=feed,
            title=title,
            outlet=(entry.outlet or (feed.outlet_name if feed else ""))[:200],
            published=entry.published,
            language=(entry.language or (feed.language if feed else ""))[:8],
            excerpt=text,
        )
        if key in sources:
            item.state = ItemState.ACCEPTED
            item.press_item_id = sources[key]
            matches.append([])
        else:
            matches.append(matcher.match(title, text))
        items.append(item)
    try:
        with transaction.atomic():
            IntakeItem.objects.bulk_create(items)
    except IntegrityError:
        # Another poll stored one of these meanwhile (the same article in two feeds): one by one.
        kept = []
        for item, found in zip(items, matches, strict=True):
            try:
                with transaction.atomic():
                    item.save()
                kept.append((item, found))
            except IntegrityError:
                report.duplicates += 1
        items, matches = [i for i, _ in kept], [m for _, m in kept]
    suggestions = [
        SiteSuggestion(item=item, site_id=m.site_id, matched=", ".join(m.terms)[:300])
        for item, found in zip(items, matches, strict=True)
        for m in found
    ]
    SiteSuggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
    report.created += len(items)
    report.suggestions += len(suggestions)
    return report
