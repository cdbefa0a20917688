"""What is timed inside one Django process (DATABASE_URL: a scratch database), printed as JSON.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgis://.../hubwatch_scratch_10k \
        .venv/bin/python -m bench.inprocess [--rounds 200] [--peer-rounds 3]

1. A cold small bbox (about 1% of the sites): GET /api/sites/?bbox=... through Django's WSGI
   handler as gunicorn calls it (bench/wsgi.py), a new bbox each request so nothing is cached;
   against the raw statement: the one the view ran (captured with connection.execute_wrapper,
   parameters inlined), run again over a bare psycopg connection that never prepares it (a new
   bbox is a new statement). Should the view's statement not be found, the hand-written
   yardstick with a bbox condition stands in (`raw_source` says which).
2. The peer: djangorestframework-gis's GeoFeatureModelSerializer over the same sites (bench/peers.py).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import psycopg  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402

from . import yardstick  # noqa: E402
from .scratch import conninfo  # noqa: E402
from .stats import summary, timed_ms  # noqa: E402
from .wsgi import wsgi_get  # noqa: E402

handler = WSGIHandler()
COUNT = "SELECT count(*) FROM sites_site WHERE deleted_at IS NULL"


def box_holding(conn: psycopg.Connection, share: float, center=(2.35, 48.86)) -> tuple[list[float], int]:
    """A box around Paris holding about `share` of the public sites (its half-width bisected)."""
    total = conn.execute(COUNT).fetchone()[0]
    lo, hi = 0.001, 10.0
    for _ in range(30):
        half = (lo + hi) / 2
        box = [center[0] - half, center[1] - half * 0.7, center[0] + half, center[1] + half * 0.7]
        n = conn.execute(COUNT + " " + yardstick.BBOX.replace("s.location", "location"), box).fetchone()[0]
        if abs(n / total - share) < share / 20:
            break
        lo, hi = (half, hi) if n / total < share else (lo, half)
    return [round(v, 5) for v in box], n


def view_statement(calls: list) -> str | None:
    """The statement that wrote the document: the longest one mentioning JSON, parameters inlined."""
    json_calls = [(sql, params) for sql, params in calls if "json" in sql.lower()]
    if not json_calls:
        return None
    sql, params = max(json_calls, key=lambda call: len(call[0]))
    return connection.ops.compose_sql(sql, params)


def small_bbox(conn: psycopg.Connection, rounds: int) -> dict:
    box, n_sites = box_holding(conn, 0.01)
    nudge = itertools.count(random.randint(1, 10**6))  # a new bbox each request, the same sites

    def url_and_box():
        b = [box[0], box[1], box[2], box[3] + next(nudge) * 1e-9]
        return "/api/sites/?bbox=" + ",".join(f"{v:.9f}" for v in b), b

    calls = []

    def capture(execute, sql, params, many, context):
        calls.append((sql, params))
        return execute(sql, params, many, context)

    ours, raw, source = [], [], "statement captured from the view"
    for i in range(rounds + 10):  # the first 10 warm connections, imports and caches
        url, b = url_and_box()
        calls.clear()
        with connection.execute_wrapper(capture):
            ms, response = timed_ms(lambda url=url: wsgi_get(handler, url))
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
        statement, params = view_statement(calls), None
        if statement is None:
            source = "hand-written yardstick with a bbox condition (no JSON statement seen)"
            feature = json.loads(response.content)["features"][0]
            statement, params = yardstick.statement(conn, feature, yardstick.BBOX)[0], b
        raw_ms, _ = timed_ms(lambda s=statement, p=params: yardstick.run(conn, s, p))
        if i >= 10:
            ours.append(ms)
            raw.append(raw_ms)
    features = len(json.loads(response.content)["features"])
    return {"box": box, "sites": features, "ours": summary(ours), "raw": summary(raw), "raw_source": source}


def peer(rounds: int) -> dict:
    from .peers import drf_gis_collection

    drf_gis_collection()  # warm-up
    return {"drf_gis": summary([timed_ms(drf_gis_collection)[0] for _ in range(rounds)])}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--peer-rounds", type=int, default=3, help="0: no peer")
    args = parser.parse_args(argv)
    # Never prepared: psycopg would prepare a statement after 5 runs, and each new bbox is a new one.
    with psycopg.connect(conninfo(os.environ["DATABASE_URL"]), autocommit=True, prepare_threshold=None) as conn:
        out = {"small_bbox": small_bbox(conn, args.rounds)}
    if args.peer_rounds:
        out["peer"] = peer(args.peer_rounds)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
