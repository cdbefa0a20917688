"""Publication of an event, seen at the model level so every path is covered: the admin, the
contribution forms, moderation, the shell. When an event becomes public (state published and
not deleted), an outbox row is written in the same transaction as the save.

`Event.objects.filter(...).update(state=...)` sends no signal: code that publishes must save
the instance (the contribution and moderation code does).
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db.models.signals import post_init, post_save
from django.utils import timezone

from apps.core.models import PublicationState
from apps.core.outbox import enqueue
from apps.sites.models import Event

_silenced = contextvars.ContextVar("hubwatch_alerts_silenced", default=False)


@contextlib.contextmanager
def silent_publication():
    """Publish without notifying anybody (bulk imports of past facts)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _is_public(event: Event) -> bool:
    return event.state == PublicationState.PUBLISHED and event.deleted_at is None


def remember_visibility(sender, instance: Event, **kwargs) -> None:
    instance._alerts_was_public = _is_public(instance)


def on_event_saved(sender, instance: Event, created: bool, raw: bool = False, **kwargs) -> None:
    was_public = False if created else getattr(instance, "_alerts_was_public", False)
    now_public = _is_public(instance)
    instance._alerts_was_public = now_public
    if raw or not now_public or was_public or _silenced.get():
        return
    enqueue("alerts.notify_event_published", event_id=instance.pk, published_at=timezone.now().isoformat())


def connect() -> None:
    post_init.connect(remember_visibility, sender=Event, dispatch_uid="alerts.remember_visibility")
    post_save.connect(on_event_saved, sender=Event, dispatch_uid="alerts.on_event_saved")
