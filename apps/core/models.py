"""Building blocks shared by the domain models: publication state, soft deletion and the
version number used for optimistic locking. And the one concrete model of the core: the
*outbox*, background work written in the same transaction as the change that needs it, so a
request never talks to Redis and nothing is lost while the broker is away (apps/core/outbox.py).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    PUBLISHED = "published", _("published")
    PENDING = "pending", _("waiting for moderation")
    REJECTED = "rejected", _("rejected")


class PublicQuerySet(models.QuerySet):
    """`.public()` is what anonymous readers, the API, feeds and exports may see."""

    def _has(self, field: str) -> bool:
        return any(f.name == field for f in self.model._meta.concrete_fields)

    def alive(self):
        return self.filter(deleted_at__isnull=True) if self._has("deleted_at") else self

    def public(self):
        qs = self.alive()
        return qs.filter(state=PublicationState.PUBLISHED) if self._has("state") else qs


class Tracked(models.Model):
    """Soft deletion (only editors delete, and can undo) and a version number that every save
    increments; an edit made from an older version is refused instead of overwriting."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """What every `get_<field>_display()` calls. Django's own rebuilds a dict of all the
        field's choices on each call, and hashing each lazy label translates it: some 50 µs for
        the 18 event kinds, once per event on a timeline. Here the labels are looked up in a dict
        kept per field, and only the label shown is translated."""
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            if not isinstance(field.choices, (list, tuple)):  # callable choices may change
                return super()._get_FIELD_display(field)
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)


_CHOICE_LABELS: dict[models.Field, dict] = {}


class Contributed(Tracked):
    """A record a collective member may add: it is published at once or waits for an editor."""

    state = models.CharField(
        _("publication state"), max_length=10, choices=PublicationState, default=PublicationState.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The collective a member added it for: its members may edit it (apps/accounts/permissions.py).
    collective = models.ForeignKey(
        "collectives.Collective",
        verbose_name=_("added for the collective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("Why an editor rejected it, sent to the author."),
    )

    class Meta:
        abstract = True


class OutboxState(models.TextChoices):
    PENDING = "pending", _("waiting for the broker")
    QUEUED = "queued", _("handed to Celery")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class OutboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=OutboxState.PENDING)

    def backlog(self):
        """Work not finished yet: still in the database, or handed over and not done."""
        return self.filter(state__in=[OutboxState.PENDING, OutboxState.QUEUED])

    def stale(self, older_than: dt.datetime):
        """Handed to the broker long ago and never reported done: the message may have been lost
        (a Redis restarted without persistence). The tasks are idempotent, so resend it."""
        return self.filter(state=OutboxState.QUEUED, queued_at__lt=older_than)


class OutboxMessage(models.Model):
    """A Celery task to run, written in the same transaction as the change that calls for it."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=OutboxState, default=OutboxState.PENDING)
    created = models.DateTimeField(_("created"), default=timezone.now)
    queued_at = models.DateTimeField(_("handed to Celery"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    dispatch_attempts = models.PositiveIntegerField(_("hand-over attempts"), default=0)
    task_attempts = models.PositiveIntegerField(_("runs"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        # The table the alerts app created (it held the outbox first): kept, with its rows.
        db_table = "alerts_outboxmessage"
        ordering = ["created", "id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox")
        constraints = [models.CheckConstraint(condition=Q(state__in=OutboxState.values), name="outbox_state_valid")]
        indexes = [
            models.Index(fields=["created"], name="outbox_backlog_idx", condition=Q(state__in=["pending", "queued"]))
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.task} ({self.get_state_display()})"


class BackupKind(models.TextChoices):
    NIGHTLY = "nightly", _("nightly")
    MANUAL = "manual", _("by hand")
    PRE_MIGRATE = "pre-migrate", _("before migrating")


class BackupQuerySet(models.QuerySet):
    def good(self):
        return self.filter(ok=True)


class Backup(models.Model):
    """One run of pg_dump (apps/core/backups.py): where the dump went, whether `pg_restore --list`
    could read it back, or why it failed. /healthz and the admin show the last ones."""

    kind = models.CharField(_("kind"), max_length=12, choices=BackupKind, default=BackupKind.MANUAL)
    started = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), default=timezone.now, db_index=True)
    ok = models.BooleanField(_("verified"), default=False)
    path = models.CharField(_("file"), max_length=500, blank=True)
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    entries = models.PositiveIntegerField(_("entries listed by pg_restore"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = BackupQuerySet.as_manager()

    class Meta:
        ordering = ["-finished", "-id"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BackupKind.values), name="backup_kind_valid"),
            models.CheckConstraint(condition=Q(ok=False) | Q(error=""), name="backup_ok_has_no_error"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.finished:%Y-%m-%d %H:%M} ({'ok' if self.ok else 'failed'})"
