from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .dataversion import version
from .health import check_backup, check_broker, check_cache, check_database, outbox_backlog


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise; JSON names each, and tells
    how much background work waits in the outbox (it drains when the broker is back). Without
    the cache, or when the last backup failed or is too old, the status is "degraded" but still 200:
    every read answers (only slower, or with the record not being saved)."""
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    cache_ok, cache_detail = check_cache()
    backup_ok, backup_detail, backup_facts = check_backup() if db_ok else (False, "database down", {})
    ok = db_ok and broker_ok
    body = {
        "status": "ok" if ok and cache_ok and backup_ok else "degraded",
        "version": version(),
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        "cache": {"ok": cache_ok, "detail": cache_detail},
        "backup": {"ok": backup_ok, "detail": backup_detail, **backup_facts},
    }
    if db_ok:
        body["outbox"] = outbox_backlog()
    return JsonResponse(body, status=200 if ok else 503)
