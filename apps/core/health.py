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
