"""Subscribing with double opt-in, confirming, unsubscribing. Nothing here reveals whether an
address is already known: the visitor always sees the same answer."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.core.outbox import enqueue

from .. import tokens
from ..models import Delivery, DeliveryState, Subscriber, Subscription
from .urls import absolute_reverse

log = logging.getLogger(__name__)

# A confirmation mail is not sent again to the same address within this delay.
CONFIRMATION_COOLDOWN = dt.timedelta(minutes=10)


@transaction.atomic
def subscribe(email: str, language: str, *, site=None, collective=None) -> Subscription:
    """Record the wish to follow and queue the confirmation mail (through the outbox, so this
    works with the broker down). An active subscription stays as it is and nothing is sent."""
    email = email.strip().lower()
    subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=email)
    if language and language != subscriber.language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    subscription, created = Subscription.objects.get_or_create(subscriber=subscriber, site=site, collective=collective)
    if subscription.is_active:
        return subscription
    if subscription.unsubscribed_at is not None:
        # Following again after leaving: confirm again, like a new subscription.
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at"])
    now = timezone.now()
    recent = subscriber.last_confirmation_sent and now - subscriber.last_confirmation_sent < CONFIRMATION_COOLDOWN
    if created or not recent:
        subscriber.last_confirmation_sent = now
        subscriber.save(update_fields=["last_confirmation_sent"])
        enqueue("alerts.send_confirmation", subscription_id=subscription.pk)
    return subscription


def send_confirmation(subscription_id: int) -> bool:
    """Mail the confirmation link. False when there is nothing to confirm any more."""
    subscription = (
        Subscription.objects.select_related("subscriber", "site", "collective")
        .filter(pk=subscription_id, confirmed_at__isnull=True, unsubscribed_at__isnull=True)
        .first()
    )
    if subscription is None:
        return False
    subscriber = subscription.subscriber
    with translation.override(subscriber.language):
        context = {
            "target": subscription.target_label,
            "confirm_url": absolute_reverse("alerts:confirm", token=tokens.confirm_token(subscription.pk)),
            "site_url": absolute_reverse("map"),
        }
        subject = render_to_string("alerts/email/confirm_subject.txt", context).strip()
        body = render_to_string("alerts/email/confirm_body.txt", context)
    EmailMultiAlternatives(subject, body, to=[subscriber.email]).send()
    log.info("Confirmation mail sent for subscription %s", subscription.pk)
    return True


@transaction.atomic
def confirm(token: str) -> Subscription | None:
    subscription_id = tokens.read_confirm_token(token)
    if subscription_id is None:
        return None
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("site", "collective")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return None
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


@transaction.atomic
def unsubscribe(token: str) -> Subscriber | None:
    """Stop every subscription of the address the token was made for; mails not sent yet are
    dropped."""
    subscriber_id = tokens.read_unsubscribe_token(token)
    if subscriber_id is None:
        return None
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    now = timezone.now()
    subscriber.subscriptions.filter(unsubscribed_at__isnull=True).update(unsubscribed_at=now)
    Delivery.objects.pending().filter(subscriber=subscriber).update(state=DeliveryState.SKIPPED)
    return subscriber
