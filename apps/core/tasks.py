"""A Celery task class for work that comes from the outbox: it reports back to its row."""

from __future__ import annotations

from celery import Task

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
