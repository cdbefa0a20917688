from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import check_broker, check_cache, check_database, outbox_backlog


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the broker answer, 503 otherwise; JSON names each, and tells
    how much background work waits in the outbox (it drains when the broker is back). Without
    the cache the status is "degraded" but still 200: every read answers, only slower."""
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    cache_ok, cache_detail = check_cache()
    ok = db_ok and broker_ok
    body = {
        "status": "ok" if ok and cache_ok else "degraded",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        "cache": {"ok": cache_ok, "detail": cache_detail},
    }
    if db_ok:
        body["outbox"] = outbox_backlog()
    return JsonResponse(body, status=200 if ok else 503)
