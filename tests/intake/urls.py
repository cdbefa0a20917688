"""URLs the live test server answers for intake tests: the fixtures, plus misbehaving
endpoints (slow, dripping, huge, redirecting, failing) for the fetcher's limits."""

import time
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

FIXTURES = Path(__file__).parent / "fixtures"
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html; charset=utf-8"}
HITS: list[str] = []


def fixture(request, name):
    HITS.append(request.path)
    file = FIXTURES / name
    if file.parent != FIXTURES or not file.is_file():
        raise Http404
    return FileResponse(file.open("rb"), content_type=TYPES.get(file.suffix, "application/octet-stream"))


def redirect_to(request):
    # Written by hand: HttpResponseRedirect itself refuses schemes like file:, and a hostile
    # server would not.
    response = HttpResponse(status=302)
    response["Location"] = request.GET["to"]
    return response


def chain(request, n):
    if n == 0:
        return fixture(request, "article_opengraph.html")
    return HttpResponseRedirect(f"/test-fixtures/chain/{n - 1}/")


def slow(request):
    time.sleep(3)
    return HttpResponse("late")


def drip(request):
    def body():
        for _ in range(30):
            time.sleep(0.2)
            yield b"x"

    return StreamingHttpResponse(body(), content_type="text/html")


def huge(request):
    return HttpResponse(b"x" * 300_000, content_type="text/html")


def huge_streamed(request):
    return StreamingHttpResponse((b"x" * 10_000 for _ in range(30)), content_type="text/html")


def broken(request):
    return HttpResponse("database on fire", status=500)


def host(request):
    return HttpResponse(f"host={request.get_host()}", content_type="text/html")


urlpatterns = [
    path("test-fixtures/redirect/", redirect_to),
    path("test-fixtures/chain/<int:n>/", chain),
    path("test-fixtures/slow/", slow),
    path("test-fixtures/drip/", drip),
    path("test-fixtures/huge/", huge),
    path("test-fixtures/huge-streamed/", huge_streamed),
    path("test-fixtures/broken/", broken),
    path("test-fixtures/host/", host),
    path("test-fixtures/<str:name>", fixture),
    *project_urlpatterns,  # i18n_patterns may not be include()d
]
