"""Followers.

A *subscriber* is an e-mail address (never shown anywhere, never logged) with a language; it
follows a site, a collective or everything through *subscriptions*, each confirmed by a link
sent to that address (double opt-in). A *delivery* records that one event was (or is to be)
mailed to one subscriber: its unique constraint is what makes sending exactly-once.

The work for Celery (confirmation mails, notifications) goes through the outbox of
apps/core/models.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def with_pending_deliveries(self, older_than: dt.datetime | None = None):
        pending = Delivery.objects.pending()
        if older_than is not None:
            pending = pending.filter(created__lte=older_than)
        return self.filter(pk__in=pending.values("subscriber_id"))


class Subscriber(models.Model):
    """One e-mail address. Personal data: only the mailer ever reads `email`."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # When the confirmation mail was last sent: a form posted again soon after sends nothing,
    # so the form cannot be used to flood somebody's inbox.
    last_confirmation_sent = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        # Never the address: this string ends up in the admin, in logs and in error reports.
        return f"{_('subscriber')} #{self.pk}"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def covering(self, event):
        """Confirmed subscriptions that an event concerns: its site, one of its collectives or
        the collectives opposing its site, or everything."""
        collective_ids = set(event.collectives.values_list("pk", flat=True))
        collective_ids |= set(event.site.oppositions.values_list("collective_id", flat=True))
        return self.confirmed().filter(
            Q(site_id=event.site_id)
            | Q(collective_id__in=collective_ids)
            | Q(site__isnull=True, collective__isnull=True)
        )


class Subscription(models.Model):
    """Follows one site, one collective, or (neither set) everything."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    site = models.ForeignKey(
        "sites.Site", verbose_name=_("site"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    collective = models.ForeignKey(
        "collectives.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(site__isnull=True) | Q(collective__isnull=True), name="subscription_one_target"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "site", "collective"], nulls_distinct=False, name="subscription_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["site"], name="subscription_site_idx", condition=Q(confirmed_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.site_id:
            return str(self.site)
        if self.collective_id:
            return str(self.collective)
        return str(_("everything"))

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    SKIPPED = "skipped", _("not sent (event withdrawn or unsubscribed)")


class DeliveryQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=DeliveryState.PENDING)


class Delivery(models.Model):
    """Event `event` goes to subscriber `subscriber` once: the unique pair is the guarantee that
    a retried or duplicated task never mails the same event twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("sites.Event", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(_("state"), max_length=8, choices=DeliveryState, default=DeliveryState.PENDING)
    created = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "event"], name="delivery_once_per_event"),
            models.CheckConstraint(condition=Q(state__in=DeliveryState.values), name="delivery_state_valid"),
        ]
        indexes = [
            models.Index(fields=["subscriber", "created"], name="delivery_pending_idx", condition=Q(state="pending"))
        ]

    def __str__(self) -> str:
        return f"{self.subscriber} · event #{self.event_id} · {self.get_state_display()}"
