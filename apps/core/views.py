from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

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


@require_POST
def set_language(request):
    """The language switch: the same page in the chosen language (/fr/sites/briec/ ->
    /en/sites/briec/, query kept), and the choice remembered in the language cookie, which
    the old unprefixed addresses follow. Django's own view resolves `next` in the language of the
    request, which is not always the page's, and then leaves the page untranslated."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    hosts = {request.get_host()}
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=hosts, require_https=request.is_secure()):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or translation.get_language()
    with translation.override(page_language):
        response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
