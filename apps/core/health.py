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
