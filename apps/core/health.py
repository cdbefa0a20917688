"""Health of the services the app depends on, for /healthz and container healthchecks."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version()")
            (version,) = cursor.fetchone()
        return True, f"PostGIS {version}"
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported with its reason
        return False, f"{type(exc).__name__}: {exc}".strip()


def check_broker(url: str | None = None) -> tuple[bool, str]:
    client = redis.Redis.from_url(url or settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
        return True, "Redis answers"
    except redis.RedisError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        client.close()


def outbox_backlog() -> dict:
    """Background work recorded and not finished (see apps/core/outbox.py). Informative: a
    backlog while the broker is down is the design working, not a failure of the web."""
    from django.db.models import Count, Min, Q
    from django.utils import timezone

    from .models import OutboxMessage

    try:
        row = OutboxMessage.objects.aggregate(
            pending=Count("pk", filter=Q(state="pending")),
            queued=Count("pk", filter=Q(state="queued")),
            failed=Count("pk", filter=Q(state="failed")),
            oldest=Min("created", filter=Q(state__in=["pending", "queued"])),
        )
    except Exception as exc:  # noqa: BLE001 - the health page reports, it does not fail
        return {"detail": f"{type(exc).__name__}"}
    oldest = row.pop("oldest")
    row["oldest_waiting_seconds"] = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    return row


def check_cache() -> tuple[bool, str]:
    """The cache only speeds reads up: without it they are built each time (slower, not broken)."""
    from django.core.cache import cache

    try:
        cache.set("hubwatch:healthz", "ok", timeout=10)
        return cache.get("hubwatch:healthz") == "ok", "Redis answers"
    except Exception as exc:  # noqa: BLE001 - reported, never raised
        return False, f"{type(exc).__name__}: {exc}"


def check_backup() -> tuple[bool, str, dict]:
    """The last backups (apps/core/backups.py): fine while the last one worked and the last good
    one is younger than BACKUP_MAX_AGE_HOURS. Failing here makes /healthz "degraded", still 200:
    the app serves, but a collective must know its record is not being saved."""
    from django.db.migrations.recorder import MigrationRecorder
    from django.db.models import Min
    from django.utils import timezone

    from .models import Backup

    max_age = timezone.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    try:
        last = Backup.objects.first()
        good = Backup.objects.good().first()
        installed = None if good else MigrationRecorder.Migration.objects.aggregate(at=Min("applied"))["at"]
    except Exception as exc:  # noqa: BLE001 - the health page reports, it does not fail
        return False, f"{type(exc).__name__}", {}
    now = timezone.now()
    facts = {"last_good": good.finished.isoformat() if good else None}
    if last is not None and not last.ok:
        facts["last_failed"] = last.finished.isoformat()
        return False, f"the last backup failed: {last.error}", facts
    if good is None:
        if installed is not None and now - installed > max_age:
            return False, "no backup was ever made", facts
        return True, "no backup yet (the first runs tonight)", facts
    hours = (now - good.finished).total_seconds() / 3600
    if now - good.finished > max_age:
        return False, f"the last good backup is {hours:.0f} hours old", facts
    return True, f"last good backup {hours:.0f} hours ago, {good.size} bytes, verified", facts
