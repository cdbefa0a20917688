"""Celery plumbing of the outbox (apps/core/outbox.py), shared by the apps that queue work
through it (alerts, intake): the base class of the tasks it feeds, and the beat task that hands
the waiting rows to Celery."""

from __future__ import annotations

from celery import Task, shared_task

from . import outbox


class OutboxTask(Task):
    """Tasks run from the outbox receive `outbox_id`; this class records on that row each run,
    the last error, and the end (done, or failed once the retries are used up)."""

    abstract = True
    # Backoff for transient failures (an SMTP server away, a site timing out): 2, 4, 8 s... up
    # to 10 minutes, with jitter so a fleet of retries does not come back at once.
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 6

    def before_start(self, task_id, args, kwargs):
        outbox.mark_started(kwargs.get("outbox_id"))

    def on_success(self, retval, task_id, args, kwargs):
        outbox.mark_done(kwargs.get("outbox_id"))

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        outbox.mark_error(kwargs.get("outbox_id"), exc, final=False)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        outbox.mark_error(kwargs.get("outbox_id"), exc, final=True)


# The name is the one it had when the outbox lived in apps/alerts: the beat schedule
# (CELERY_BEAT_SCHEDULE) and messages already queued refer to it.
@shared_task(name="alerts.dispatch_outbox", ignore_result=True)
def dispatch_outbox() -> int:
    """Beat: hand the waiting outbox rows to Celery (after a broker outage, this is what drains
    the backlog)."""
    return outbox.dispatch_waiting()


@shared_task(name="core.nightly_backup", ignore_result=True)
def nightly_backup() -> str:
    """Beat, every night (BACKUP_TIME): pg_dump into BACKUP_DIR, verified, 7 daily + 4 weekly
    kept. A failure raises (Celery logs it as an error) after being recorded for /healthz."""
    from . import backups

    return backups.nightly().path
