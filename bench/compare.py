"""Side-by-side comparisons in ONE process against one scratch database (DATABASE_URL).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgis://.../hubwatch_scratch_10k \
        .venv/bin/python -m bench.compare --rounds 15 --peer-rounds 5 --json out.json

Contenders, run in turn round after round (see stats.interleave):
- ours: GET through Django's WSGI handler as gunicorn calls it (bench/wsgi.py: the request
  signals, the whole middleware stack, the view, the cache, the response closed), with the
  response cache emptied before each "cold" request;
- raw: the very SQL our view ran (captured from it, parameters inlined) executed with a bare
  psycopg connection and fetched: the database's own limit for building that collection;
- peers: djangorestframework-gis's GeoFeatureModelSerializer, Django's geojson serializer.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import psycopg  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.api.version import clear_cached_responses  # noqa: E402
from apps.sites.models import Site  # noqa: E402

from .peers import django_geojson_collection, drf_gis_collection  # noqa: E402
from .stats import Cold, Series, interleave, timed  # noqa: E402
from .wsgi import wsgi_get  # noqa: E402

handler = WSGIHandler()


def raw_connection(options: str = "") -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
        options=options,
    )


def get(url: str, **headers):
    response = wsgi_get(handler, url, **headers)
    if response.status_code not in (200, 304):
        raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    return response


def cold(url: str) -> Cold:
    # Emptied before each timed request (untimed): the bench's own Redis database (bench/settings.py)
    # and the process's local copies (apps/api/version.py).
    return Cold(clear_cached_responses, lambda: get(url))


def captured_sql(url: str, marker: str) -> str:
    """The SQL statement containing `marker` that the view runs for `url`, parameters inlined."""
    calls = []

    def wrapper(execute, sql, params, many, context):
        calls.append((sql, params))
        return execute(sql, params, many, context)

    clear_cached_responses()
    with connection.execute_wrapper(wrapper):
        get(url)
    for sql, params in calls:
        if marker in sql:
            return connection.ops.compose_sql(sql, params)
    raise SystemExit(f"no statement with {marker!r} among the {len(calls)} run for {url}")


def raw_runner(conn: psycopg.Connection, sql: str):
    def run():
        with conn.cursor() as cur:
            cur.execute(sql)
            return cur.fetchone()

    return run


def query_count(url: str, *, clear: bool = True, **headers) -> int:
    if clear:
        clear_cached_responses()
    with CaptureQueriesContext(connection) as ctx:
        get(url, **headers)
    return len(ctx.captured_queries)


def bbox_around(fraction: float, center=(2.35, 48.86)) -> tuple[float, float, float, float]:
    """A box around Paris holding about `fraction` of the public sites (grown by bisection)."""
    total = Site.objects.public().count()
    lo, hi = 0.01, 8.0
    box = None
    for _ in range(25):
        half = (lo + hi) / 2
        box = (center[0] - half, center[1] - half * 0.7, center[0] + half, center[1] + half * 0.7)
        share = Site.objects.public().within(box).count() / total
        if abs(share - fraction) < 0.002:
            break
        lo, hi = (half, hi) if share < fraction else (lo, half)
    return tuple(round(v, 4) for v in box)


def tile_xy(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def densest_z10_tile() -> tuple[int, int]:
    with connection.cursor() as cur:
        cur.execute(
            """
            select floor((st_x(location) + 180) / 360 * 1024)::int as x,
                   floor((1 - asinh(tan(radians(st_y(location)))) / pi()) / 2 * 1024)::int as y, count(*)
            from sites_site where deleted_at is null group by 1, 2 order by 3 desc limit 1
            """
        )
        x, y, _ = cur.fetchone()
    return x, y


def run(args) -> dict:
    conn = raw_connection()
    n_sites = Site.objects.public().count()
    out: dict = {
        "sites": n_sites,
        "events": connection.cursor().execute("select count(*) from sites_event").fetchone()[0],
    }
    rounds, peer_rounds = args.rounds, args.peer_rounds
    series: dict[str, Series] = {}

    def compare(key: str, runners: dict, n_rounds: int):
        local = {name: Series(f"{key}:{name}") for name in runners}
        runners[next(iter(runners))]()  # warm-up: connections, imports, plans
        interleave(n_rounds, runners, local)
        for name, s in local.items():
            series[f"{key}:{name}"] = s

    # 1. The full collection.
    api = "/api/sites/"
    raw_full = raw_runner(conn, captured_sql(api, "json_agg"))
    compare("full", {"ours": cold(api), "raw": raw_full}, rounds)
    if not args.skip_peers:
        peers = {"drf_gis": drf_gis_collection}
        if not args.skip_django_serializer:
            peers["django_geojson"] = django_geojson_collection
        compare("full_peers", {"ours": cold(api), "raw": raw_full, **peers}, peer_rounds)

    body = cold(api)().content
    out["payload_bytes"] = len(body)
    out["gzip_bytes"] = len(gzip.compress(body, compresslevel=6))
    wire = get(api, HTTP_ACCEPT_ENCODING="gzip")
    out["wire_bytes_gzip"] = len(wire.content)
    out["wire_content_encoding"] = wire.get("Content-Encoding", "")
    raw_text = raw_full()[1]
    out["raw_equals_ours"] = json.loads(body)["features"] == json.loads(raw_text)["features"]

    # 2. A bbox holding about 5% of the sites: fixed overhead of the endpoint.
    box = bbox_around(0.05)
    bbox_url = f"{api}?bbox={','.join(map(str, box))}"
    out["bbox"] = {"box": box, "sites": Site.objects.public().within(box).count()}
    # psycopg prepares a statement run 5 times (its prepare_threshold): the raw query, always the
    # same text, then skips parsing and planning. A panning map's every bbox is a new one: the
    # never-prepared raw query is the database's time for those.
    unprepared = raw_connection()
    unprepared.prepare_threshold = None
    bbox_sql = captured_sql(bbox_url, "json_agg")
    compare(
        "bbox",
        {"ours": cold(bbox_url), "raw": raw_runner(conn, bbox_sql), "raw_unprepared": raw_runner(unprepared, bbox_sql)},
        rounds * 2,
    )
    unprepared.close()

    # 3. Repeats of an unchanged collection: cached body, and 304 on If-None-Match.
    etag = get(api)["ETag"]
    compare(
        "repeat",
        {
            "cached": lambda: get(api),
            # What browsers send: the body gzipped once, served as it is.
            "cached_gzip": lambda: get(api, HTTP_ACCEPT_ENCODING="gzip"),
            "etag_304": lambda: get(api, HTTP_IF_NONE_MATCH=etag),
            "raw": raw_full,
        },
        rounds * 2,
    )

    # 4. ?at= (status on a day, from the timelines) against the plain collection.
    at_url = f"{api}?at={args.at}"
    compare(
        "at",
        {
            "plain": cold(api),
            "at": cold(at_url),
            "raw_plain": raw_full,
            "raw_at": raw_runner(conn, captured_sql(at_url, "json_agg")),
        },
        rounds,
    )

    # 5. The map's own data endpoint and a site page.
    map_url = "/map/sites.json"
    compare("map", {"ours": lambda: get(map_url), "raw": raw_runner(conn, captured_sql(map_url, "json_agg"))}, rounds)
    slug = Site.objects.public().order_by("id").values_list("slug", flat=True)[len(body) % 97]
    compare("site_page", {"html": lambda: get(f"/sites/{slug}/"), "api": cold(f"{api}{slug}/")}, rounds)

    # 6. Vector tile z10 over the densest area.
    x, y = tile_xy(2.35, 48.86, 10) if args.paris_tile else densest_z10_tile()
    tile_url = f"/tiles/sites/10/{x}/{y}.pbf"
    out["tile"] = {"url": tile_url, "bytes": len(get(tile_url).content)}
    # The view runs its tile statement with parallel workers off (apps/tiles/views.py): so does raw.
    tile_conn = raw_connection("-c max_parallel_workers_per_gather=0")
    tile_raw = raw_runner(tile_conn, captured_sql(tile_url, "ST_AsMVT"))
    compare("tile_z10", {"ours": lambda: get(tile_url), "raw": tile_raw}, rounds)
    tile_conn.close()

    # 7. SQL queries per request (constant whatever the size).
    out["queries"] = {
        "api_sites_cold": query_count(api),
        "api_sites_cached": query_count(api, clear=False),
        "api_sites_304": query_count(api, clear=False, HTTP_IF_NONE_MATCH=etag),
        "api_sites_bbox": query_count(bbox_url),
        "api_sites_at": query_count(at_url),
        "map_sites_json": query_count(map_url),
        "tile_z10": query_count(tile_url),
        "site_page_html": query_count(f"/sites/{slug}/"),
    }

    # 8. Python memory while serving the full collection cold (tracemalloc peak).
    if not args.skip_memory:
        clear_cached_responses()
        reset_queries()
        tracemalloc.start()
        response = wsgi_get(handler, api)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out["memory"] = {
            "peak_bytes": peak,
            "payload_bytes": len(response.content),
            "ratio": peak / len(response.content),
        }
        del response

    out["series"] = {k: s.as_dict() for k, s in series.items()}
    conn.close()
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=5)
    parser.add_argument("--at", default="2020-01-01")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-peers", action="store_true", help="Leave out the DRF-gis and Django serializers.")
    parser.add_argument("--skip-django-serializer", action="store_true")
    parser.add_argument("--paris-tile", action="store_true", help="Paris's z10 tile instead of the densest one.")
    parser.add_argument("--json", help="Write the results to this file.")
    args = parser.parse_args(argv)
    seconds, result = timed(lambda: run(args))
    result["bench_seconds"] = round(seconds, 1)
    text = json.dumps(result, indent=2)
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
