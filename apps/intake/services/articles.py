""" "Add an article by URL": the request records the item and queues the fetch (outbox: works
with the broker down); a task fetches the page and fills the metadata; the member reviews the
result and saves it as a source."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from apps.accounts import records
from apps.core.outbox import enqueue
from apps.press.models import PressItem

from ..canonical import canonical_url
from ..fetch import Fetcher, FetchError, FetchRefused
from ..matching import SiteMatcher
from ..metadata import extract
from ..models import FetchState, IntakeItem, ItemOrigin, ItemState, SiteSuggestion, SuggestionState
from ..sanitize import excerpt
from .review import acting_collective

log = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml", ""}


@transaction.atomic
def request_article(url: str, user) -> IntakeItem:
    """The item for `url`, created and queued for fetching if new. An article already known
    (same canonical address) is not fetched again unless its last fetch failed."""
    key = canonical_url(url)
    item = IntakeItem.objects.select_for_update().filter(canonical_url=key).first()
    if item is None:
        item = IntakeItem.objects.create(
            canonical_url=key,
            url=url,
            origin=ItemOrigin.URL,
            fetch_state=FetchState.PENDING,
            requested_by=user if user and user.is_authenticated else None,
        )
    elif item.fetch_state in (FetchState.FAILED, FetchState.NONE) and item.state == ItemState.NEW:
        item.fetch_state, item.fetch_error = FetchState.PENDING, ""
        item.save(update_fields=["fetch_state", "fetch_error"])
    else:
        return item
    enqueue("intake.fetch_article", item_id=item.pk)
    return item


def fetch_article(item_id: int, fetcher: Fetcher | None = None, final_attempt: bool = True) -> bool:
    """Fetch the page of an item and fill its metadata. A refusal (SSRF rule, size, not a web
    page) is final; a transient failure raises FetchError so the task retries with backoff."""
    item = IntakeItem.objects.filter(pk=item_id).first()
    if item is None:
        return False
    fetcher = fetcher or Fetcher.from_settings()
    try:
        result = fetcher.get(item.url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"})
        if result.content_type not in HTML_TYPES:
            raise FetchRefused(f"not a web page ({result.content_type})")
    except FetchRefused as exc:
        _failed(item, str(exc))
        return False
    except FetchError as exc:
        if final_attempt:
            _failed(item, str(exc))
            return False
        IntakeItem.objects.filter(pk=item.pk).update(fetch_error=f"{exc} (trying again)"[:2000])
        raise
    html = result.body.decode(result.charset or "utf-8", errors="replace")
    meta = extract(html, result.url)
    item.title = meta.title or item.title
    item.outlet = meta.outlet
    item.published = meta.published
    item.language = meta.language
    item.excerpt = excerpt(meta.description)
    item.fetch_state, item.fetch_error = FetchState.DONE, ""
    with transaction.atomic():
        item.save()
        found = SiteMatcher.from_database().match(item.title, item.excerpt)
        SiteSuggestion.objects.bulk_create(
            [SiteSuggestion(item=item, site_id=m.site_id, matched=", ".join(m.terms)[:300]) for m in found],
            ignore_conflicts=True,
        )
    return True


def _failed(item: IntakeItem, reason: str) -> None:
    log.info("Intake item %s not fetched: %s", item.pk, reason)
    IntakeItem.objects.filter(pk=item.pk).update(fetch_state=FetchState.FAILED, fetch_error=reason[:2000])


@transaction.atomic
def save_article(item: IntakeItem, data: dict, sites, user) -> PressItem:
    """The member reviewed the metadata: the item becomes a published source for the chosen sites."""
    press = PressItem.objects.filter(url=item.url).first()
    if press is None:
        press = PressItem(url=item.url)
        for field in ("title", "outlet", "kind", "published", "published_precision", "language", "excerpt"):
            setattr(press, field, data[field])
        press.full_clean(exclude=["collective"])
        collective = acting_collective(user, sites[0]) if sites else None
        records.create_contribution(press, user=user, collective=collective)
    press.sites.add(*sites)
    now = timezone.now()
    chosen = {s.pk for s in sites}
    for suggestion in item.suggestions.filter(state=SuggestionState.PROPOSED):
        suggestion.state = SuggestionState.CONFIRMED if suggestion.site_id in chosen else SuggestionState.REJECTED
        suggestion.decided_by, suggestion.decided_at = user, now
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    item.state, item.press_item = ItemState.ACCEPTED, press
    item.save(update_fields=["state", "press_item"])
    return press
