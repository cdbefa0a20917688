"""CPU instructions per request of the API's fast lane, counted by valgrind: a figure that does
not move with the machine's speed, for telling apart two versions of the code.

    .venv/bin/python -m bench.instructions --database-url postgis://.../hubwatch_scratch_1k

Wall-clock figures on a shared 2-vCPU machine move by ±30% from one minute to the next (see
docs/PERFORMANCE.md), more than most changes to the lane's Python are worth. The number of
instructions the process executes for a request does not. This script runs itself under
`valgrind --tool=callgrind` twice, with a few and with many requests, and divides the difference
in instructions by the difference in requests: the start-up of Python and Django cancels out.

Each request goes through Django's WSGI handler as gunicorn calls it (bench/wsgi.py). The
database's answers are recorded once from the scratch database and then replayed, so the count is
the web process's own work: what a request costs on top of the statement PostgreSQL runs (the
bench's "ours − raw"). Needs valgrind (Debian: `apt install valgrind`). Under valgrind Python runs
about 50 times slower: the default 400 requests per case take a few minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys

CASES = {
    # name: what is asked
    "bbox_cold": "a new 5% bbox, built (the panning map's request)",
    "bbox_cached": "the same bbox again, from the process's memory (one version read)",
    "bbox_304": "the same bbox with If-None-Match (a 304)",
    "bbox_cold_bare": "bbox_cold without Django's handler and middleware (what leaving Django would save)",
}
COLLECTED = re.compile(r"Collected : (\d+)")


def child(case: str, requests: int) -> None:
    """Run `requests` requests of `case` (under valgrind, started by main())."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from apps.api.version import LOCAL, clear_cached_responses
    from apps.core import sql

    from .compare import bbox_around
    from .wsgi import wsgi_get

    url = "/api/sites/?bbox=" + ",".join(map(str, bbox_around(0.05)))
    recorded: dict = {}
    fetch = sql._fetch_server_bound

    def replayed(connection, statement, params):
        key = (statement, len(params))
        if key not in recorded:
            recorded[key] = fetch(connection, statement, params)
        return recorded[key]

    sql._fetch_server_bound = replayed
    handler = bare_handler() if case.endswith("_bare") else WSGIHandler()
    clear_cached_responses()
    first = wsgi_get(handler, url)
    if first.status_code != 200:
        raise SystemExit(f"{url} answered {first.status_code}")
    if case.endswith("_bare"):
        clear_cached_responses()
        django_answer = wsgi_get(WSGIHandler(), url)
        # The same headers (the ETag stands for the features); the build time may differ by a second.
        ours, django_headers = (dict(h, **{"last-modified": ""}) for h in (first.headers, django_answer.headers))
        if ours != django_headers:
            raise SystemExit(f"the bare handler's headers differ from Django's: {ours} {django_headers}")
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"]} if case == "bbox_304" else {}
    for _ in range(requests):
        if case.startswith("bbox_cold"):
            LOCAL.clear()
        response = wsgi_get(handler, url, **headers)
    expected = 304 if case == "bbox_304" else 200
    if requests and response.status_code != expected:
        raise SystemExit(f"{case}: {response.status_code}, expected {expected}")


def bare_handler():
    """The least a WSGI callable must do to give the fast lane's answer with the same headers:
    the request signals (database connections), the replica routing, the lane, then the response
    headers of the security, frame-options and CSP middleware. Only measured here, never served:
    it skips the HTTPS redirect and the error handling of Django's handler (the lane checks the
    host when it builds the permalink)."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
    from django.middleware.clickjacking import XFrameOptionsMiddleware
    from django.middleware.security import SecurityMiddleware

    from apps.api.views.collection import fast_collection
    from apps.core.middleware import ContentSecurityPolicyMiddleware
    from apps.core.routers import _RequestRouting, _routing

    headers_from = [m(lambda request: None) for m in (SecurityMiddleware, XFrameOptionsMiddleware)]
    headers_from.append(ContentSecurityPolicyMiddleware(lambda request: None))

    def handler(environ, start_response):
        signals.request_started.send(sender=WSGIHandler, environ=environ)
        request = WSGIRequest(environ)
        token = _routing.set(_RequestRouting(replica_allowed=True))
        try:
            response = fast_collection(request, answer_errors=False)
        finally:
            _routing.reset(token)
        for middleware in headers_from:
            middleware.process_response(request, response)
        response.headers["Content-Length"] = str(len(response.content))
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return response  # its close() sends request_finished

    return handler


def instructions(case: str, requests: int, env: dict) -> int:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--cache-sim=no",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "bench.instructions",
        "--child",
        case,
        "--requests",
        str(requests),
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    found = COLLECTED.search(out.stderr)
    if out.returncode != 0 or not found:
        raise SystemExit(f"{case} with {requests} requests failed:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="A scratch database (default: DATABASE_URL).")
    parser.add_argument("--requests", type=int, default=400, help="Requests per case (and a tenth of it).")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.requests)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt install valgrind).")
    env = dict(os.environ)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    few = max(1, args.requests // 10)
    print(f"{'case':15} {'instructions/request':>21}  what")
    for case in args.cases.split(","):
        if case not in CASES:
            raise SystemExit(f"unknown case {case!r}: {', '.join(CASES)}")
        per_request = (instructions(case, args.requests, env) - instructions(case, few, env)) / (args.requests - few)
        print(f"{case:15} {per_request:21,.0f}  {CASES[case]}")
    return None


if __name__ == "__main__":
    sys.exit(main())
