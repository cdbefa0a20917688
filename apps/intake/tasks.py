"""Celery tasks of the press intake."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from apps.core.tasks import OutboxTask

from . import links, services
from .fetch import FetchError, FetchRefused
from .models import Feed


@shared_task(name="intake.poll_due_feeds", ignore_result=True)
def poll_due_feeds() -> int:
    """Beat: one task per due feed, so a slow or broken feed never holds up the others."""
    now = timezone.now()
    feeds = list(Feed.objects.due(now).values_list("pk", "interval_minutes"))
    for pk, interval in feeds:
        # Not due again before its interval even if this task is lost; the poll sets the real date.
        Feed.objects.filter(pk=pk).update(next_poll_at=now + dt.timedelta(minutes=interval))
        poll_feed.delay(pk)
    return len(feeds)


@shared_task(name="intake.poll_feed", ignore_result=True)
def poll_feed(feed_id: int) -> int:
    report = services.poll_feed(feed_id)
    return report.created if report else 0


@shared_task(
    bind=True,
    base=OutboxTask,
    name="intake.fetch_article",
    autoretry_for=(FetchError,),
    dont_autoretry_for=(FetchRefused,),
    max_retries=4,
)
def fetch_article(self, item_id: int, outbox_id: int | None = None) -> bool:
    return services.fetch_article(item_id, final_attempt=self.request.retries >= self.max_retries)


@shared_task(name="intake.check_links", ignore_result=True)
def check_links(limit: int = 100) -> dict[str, int]:
    """Beat: check the source links that are due (each at most once a week, politely per host)."""
    return links.check_due(limit=limit)
