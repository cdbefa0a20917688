"""The transactional outbox: background work recorded in the database, handed to Celery later.

`enqueue()` is called inside the transaction that makes the change (publishing an event,
asking for a confirmation mail, fetching an article): the row commits or rolls back with it.
After the commit one hand-over is attempted at once (`transaction.on_commit`); if Redis is
down the attempt fails fast, is logged and the row waits. The `alerts.dispatch_outbox` beat
task (apps/core/tasks.py; the name is from when the outbox lived in apps/alerts) hands over
whatever is waiting as soon as the broker answers again, so nothing is lost, and resends rows
handed over long ago that never reported back (a message lost by Redis). Every task fed by the
outbox is idempotent, so a resend is harmless; their base class, `OutboxTask` (apps/core/tasks.py),
reports each run back to the row.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import KombuError

from .models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)

# What a broker outage looks like from the client side.
BROKER_ERRORS = (KombuError, OSError, ConnectionError, TimeoutError)


_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def describe_error(error: BaseException) -> str:
    """The error as kept on a row and shown in the admin, without any e-mail address in it
    (SMTP errors quote the recipient)."""
    return _ADDRESS.sub("<address>", f"{type(error).__name__}: {error}")[:2000]


def enqueue(task: str, **kwargs) -> OutboxMessage:
    """Record `task(**kwargs)` to run after the current transaction commits. Never touches Redis
    inside the transaction; the hand-over attempt happens after the commit and cannot fail the
    request."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: _dispatch_after_commit(message.pk))
    return message


# After a broker error, hand-overs after commit are not attempted for a few seconds: a request
# (or the reference loader) that publishes many events must not pay a timeout for each of them.
_BROKER_PAUSE_SECONDS = 10.0
_broker_down_until = 0.0


def _dispatch_after_commit(pk: int) -> None:
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return  # the beat dispatcher will hand it over
    try:
        if not dispatch(pk) and OutboxMessage.objects.filter(pk=pk, state=OutboxState.PENDING).exists():
            _broker_down_until = time.monotonic() + _BROKER_PAUSE_SECONDS
    except Exception:  # a request must not fail because of background work
        log.exception("Outbox message %s: hand-over after commit failed; the dispatcher will retry", pk)


def _send(message: OutboxMessage) -> None:
    from config.celery import app

    # retry=False: with the broker down, fail at once instead of holding the caller.
    app.send_task(message.task, kwargs={**message.kwargs, "outbox_id": message.pk}, retry=False)


def dispatch(pk: int) -> bool:
    """Hand one waiting message to Celery. True if handed over; False if it was not waiting
    (another dispatcher took it) or the broker refused (the error is kept on the row)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk, state=OutboxState.PENDING).first()
        )
        if message is None:
            return False
        try:
            _send(message)
        except BROKER_ERRORS as exc:
            OutboxMessage.objects.filter(pk=pk).update(
                dispatch_attempts=F("dispatch_attempts") + 1, last_error="broker: " + describe_error(exc)
            )
            log.warning("Outbox message %s waits: broker unreachable (%s)", pk, type(exc).__name__)
            return False
        OutboxMessage.objects.filter(pk=pk).update(
            state=OutboxState.QUEUED, queued_at=timezone.now(), dispatch_attempts=F("dispatch_attempts") + 1
        )
    return True


def dispatch_waiting(limit: int = 500) -> int:
    """Hand over waiting messages, oldest first; stop at the first broker error (the broker is
    down: trying the others now would only repeat it). Returns how many were handed over."""
    stale_after = dt.timedelta(seconds=getattr(settings, "OUTBOX_STALE_SECONDS", 900))
    OutboxMessage.objects.stale(timezone.now() - stale_after).update(state=OutboxState.PENDING)
    handed = 0
    for pk in OutboxMessage.objects.pending().order_by("created", "id").values_list("pk", flat=True)[:limit]:
        if dispatch(pk):
            handed += 1
        elif OutboxMessage.objects.filter(pk=pk, state=OutboxState.PENDING).exists():
            break
    return handed


def mark_started(outbox_id: int | None) -> None:
    if outbox_id:
        OutboxMessage.objects.filter(pk=outbox_id).update(task_attempts=F("task_attempts") + 1)


def mark_done(outbox_id: int | None) -> None:
    if outbox_id:
        OutboxMessage.objects.filter(pk=outbox_id).exclude(state=OutboxState.DONE).update(
            state=OutboxState.DONE, done_at=timezone.now(), last_error=""
        )


def mark_error(outbox_id: int | None, error: BaseException, final: bool) -> None:
    if outbox_id:
        values = {"last_error": describe_error(error)}
        if final:
            values["state"] = OutboxState.FAILED
        OutboxMessage.objects.filter(pk=outbox_id).exclude(state=OutboxState.DONE).update(**values)


def retry_failed(queryset) -> int:
    """Put failed messages back in the queue (admin action)."""
    return queryset.filter(state=OutboxState.FAILED).update(state=OutboxState.PENDING, last_error="")


def forget_broker_errors() -> None:
    """Try the next hand-over after commit at once (the broker was just changed or restarted)."""
    global _broker_down_until
    _broker_down_until = 0.0
