"""Celery tasks of the alerts app. They take primary keys, are idempotent, and leave the
decisions to the services."""

from __future__ import annotations

import datetime as dt
import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from apps.core.tasks import OutboxTask

from . import services
from .models import Subscriber

# What is worth retrying when mailing: the mail server away or refusing for now.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def _batch_seconds() -> float:
    return float(getattr(settings, "ALERTS_BATCH_SECONDS", 60))


@shared_task(bind=True, base=OutboxTask, name="alerts.notify_event_published", autoretry_for=(Exception,))
def notify_event_published(self, event_id: int, published_at: str, outbox_id: int | None = None) -> int:
    subscriber_ids = services.fan_out(event_id, dt.datetime.fromisoformat(published_at))
    # Wait a little before sending, so events published together leave as one digest.
    for subscriber_id in subscriber_ids:
        send_subscriber_digest.apply_async((subscriber_id,), countdown=_batch_seconds())
    return len(subscriber_ids)


class DigestTask(OutboxTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        subscriber_id = args[0] if args else kwargs.get("subscriber_id")
        services.notify.mark_failed(subscriber_id, exc)


@shared_task(bind=True, base=DigestTask, name="alerts.send_subscriber_digest", autoretry_for=MAIL_ERRORS)
def send_subscriber_digest(self, subscriber_id: int) -> int:
    return services.send_digest(subscriber_id)


@shared_task(name="alerts.send_due_digests", ignore_result=True)
def send_due_digests() -> int:
    """Beat: deliveries left waiting (a digest task lost with a broker restart) are sent."""
    cutoff = timezone.now() - dt.timedelta(seconds=2 * _batch_seconds())
    ids = list(Subscriber.objects.with_pending_deliveries(older_than=cutoff).values_list("pk", flat=True))
    for subscriber_id in ids:
        send_subscriber_digest.delay(subscriber_id)
    return len(ids)


@shared_task(bind=True, base=OutboxTask, name="alerts.send_confirmation", autoretry_for=MAIL_ERRORS)
def send_confirmation(self, subscription_id: int, outbox_id: int | None = None) -> bool:
    return services.send_confirmation(subscription_id)
