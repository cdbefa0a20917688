"""From a published event to the mails: fan-out into delivery records, then one message per
subscriber carrying every event waiting for them (a digest when there are several).

Exactly once: a delivery row exists once per (subscriber, event) (unique constraint), and a
subscriber's waiting deliveries are sent and marked sent inside one transaction that holds a
lock on the subscriber. A retried or duplicated task either waits for that lock and then finds
nothing left, or finds the rows still waiting because the previous attempt failed before
the commit (nothing was accepted by the mail server, or the mail backend raised).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.core.outbox import describe_error
from apps.sites.models import Event

from .. import tokens
from ..models import Delivery, DeliveryState, Subscriber, Subscription
from .urls import absolute, absolute_reverse

log = logging.getLogger(__name__)


def fan_out(event_id: int, published_at: dt.datetime) -> list[int]:
    """Create the deliveries for an event just published; return the subscribers concerned.

    Only subscriptions confirmed before the publication count: someone who subscribes later
    is not sent the past (this is also why loading the reference data mails nobody: at the
    time of loading, nobody who subscribed afterwards is concerned)."""
    event = Event.objects.public().select_related("site").filter(pk=event_id).first()
    if event is None:  # withdrawn or deleted before we got to it
        return []
    subscriber_ids = sorted(
        set(
            Subscription.objects.covering(event)
            .filter(confirmed_at__lte=published_at)
            .values_list("subscriber_id", flat=True)
        )
    )
    Delivery.objects.bulk_create(
        [Delivery(subscriber_id=sid, event_id=event.pk) for sid in subscriber_ids], ignore_conflicts=True
    )
    log.info("Event %s published: %d subscriber(s) to notify", event.pk, len(subscriber_ids))
    return subscriber_ids


def _still_followed(subscriber: Subscriber, event: Event) -> bool:
    return Subscription.objects.covering(event).filter(subscriber=subscriber).exists()


def send_digest(subscriber_id: int) -> int:
    """Send the subscriber one message with every event waiting for them. Returns the number of
    events sent (0 when another run already sent them)."""
    try:
        return _send_digest(subscriber_id)
    except Exception as exc:
        # The transaction rolled back: the deliveries still wait. Keep the reason for the admin.
        Delivery.objects.pending().filter(subscriber_id=subscriber_id).update(
            attempts=F("attempts") + 1, last_error=describe_error(exc)
        )
        raise


@transaction.atomic
def _send_digest(subscriber_id: int) -> int:
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return 0
    waiting = list(
        subscriber.deliveries.pending()
        .select_for_update(of=("self",))
        .select_related("event__site")
        .order_by("event__date", "event_id")
    )
    to_send, dropped = [], []
    public_ids = set(Event.objects.public().filter(pk__in=[d.event_id for d in waiting]).values_list("pk", flat=True))
    for delivery in waiting:
        if delivery.event_id in public_ids and _still_followed(subscriber, delivery.event):
            to_send.append(delivery)
        else:
            dropped.append(delivery.pk)
    if dropped:
        Delivery.objects.filter(pk__in=dropped).update(state=DeliveryState.SKIPPED)
    if not to_send:
        return 0
    message = _build_message(subscriber, [d.event for d in to_send])
    message.send()
    Delivery.objects.filter(pk__in=[d.pk for d in to_send]).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    log.info("Subscriber %s: %d event(s) sent", subscriber.pk, len(to_send))
    return len(to_send)


def _build_message(subscriber: Subscriber, events: list[Event]) -> EmailMultiAlternatives:
    # Every link goes to the pages in the subscriber's language (/fr/..., /en/...).
    with translation.override(subscriber.language):
        unsubscribe_url = absolute_reverse("alerts:unsubscribe", token=tokens.unsubscribe_token(subscriber.pk))
        context = {
            "events": [
                {
                    "event": e,
                    "site": e.site,
                    "site_url": absolute(e.site.get_absolute_url()),
                    "status_after": e.get_status_after_display() if e.status_after else "",
                }
                for e in events
            ],
            "count": len(events),
            "unsubscribe_url": unsubscribe_url,
            "site_url": absolute_reverse("map"),
        }
        subject = render_to_string("alerts/email/notification_subject.txt", context).strip()
        text = render_to_string("alerts/email/notification_body.txt", context)
        html = render_to_string("alerts/email/notification_body.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        text,
        to=[subscriber.email],
        headers={
            # RFC 2369 / RFC 8058: mail clients show their own "unsubscribe" button and POST here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def mark_failed(subscriber_id: int, error: BaseException) -> None:
    """After the last retry: the deliveries stop waiting and show as failed in the admin."""
    Delivery.objects.pending().filter(subscriber_id=subscriber_id).update(
        state=DeliveryState.FAILED, last_error=describe_error(error)
    )
