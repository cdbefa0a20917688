"""`make bench`: the targets of issue 13 ("Speed that must hold"), measured side by side on this machine.

    .venv/bin/python -m bench.run [--sizes 10k,100k] [--rounds 15] [--seconds 5] [--skip-map] [--drop]

For each size, a scratch database of demo sites (bench/scratch.py) and gunicorn on it
(bench/server.py), then:
  1. the full collection COLD over HTTP (a bbox covering every site, new each request, so no
     body is cached) against the yardstick, the least PostgreSQL needs to write the same
     FeatureCollection (bench/yardstick.py): at most 1.5x;
  2. the full collection asked again (WARM, the body cached) and a 304 (If-None-Match): their
     rate at least 5x and 10x the yardstick's, one request at a time;
  3. a cold bbox holding ~1% of the sites, in-process (bench/inprocess.py): within 2 ms of its
     raw statement;
  4. at 10k, the map in headless Chromium (bench/map_load.py);
and the djangorestframework-gis peer as an extra line. Each line names its target and says PASS
or MISS. The figures also go to var/bench/results-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import random
import statistics
import subprocess
import sys

import psycopg

from . import map_load, scratch, yardstick
from .server import VAR, Gunicorn, get, repeat
from .stats import fmt, summary, timed_ms

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
GZIP, IDENTITY = {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "identity"}
_nudge = itertools.count(random.randint(1, 10**6))


def cold_path() -> str:
    """/api/sites/ with a bbox holding every site that no earlier request used."""
    return f"/api/sites/?bbox=-180,-90,180,{90 - next(_nudge) * 1e-9:.9f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def say(text: str) -> None:
    print(text, flush=True)


def checked(port: int, path: str, headers: dict, status: int = 200):
    got = get(port, path, headers)
    if got[0] != status:
        raise RuntimeError(f"GET {path} answered {got[0]} (wanted {status}): {got[2][:300]!r}")
    return got


def cold_full(port: int, conn: psycopg.Connection, rounds: int) -> dict:
    """1. Cold full collection over HTTP against the yardstick, interleaved round after round."""
    _, _, body, _ = checked(port, cold_path(), IDENTITY)
    statement, unknown = yardstick.statement(conn, json.loads(body)["features"][0])
    raw_doc = yardstick.run(conn, statement)  # also the raw query's warm-up
    out = {"bytes": len(body), "sites": len(json.loads(body)["features"]), "unknown": unknown}
    out["difference"] = yardstick.difference(body, raw_doc)
    ours, ours_gzip, raw = [], [], []
    for _ in range(rounds):
        ours.append(checked(port, cold_path(), IDENTITY)[3])
        raw.append(timed_ms(lambda: yardstick.run(conn, statement))[0])
        ours_gzip.append(checked(port, cold_path(), GZIP)[3])
    out |= {"ours": summary(ours), "ours_gzip": summary(ours_gzip), "raw": summary(raw)}
    return out


def repeated(port: int, seconds: int) -> dict:
    """2. The full collection again (body cached) and 304s, for each encoding."""
    out = {}
    for name, headers in (("gzip", GZIP), ("identity", IDENTITY)):
        checked(port, "/api/sites/", headers)  # builds and caches the body
        _, response_headers, body, _ = checked(port, "/api/sites/", headers)
        etag = response_headers.get("etag")
        if not etag:
            raise RuntimeError("GET /api/sites/ has no ETag")
        conditional = {**headers, "If-None-Match": etag}
        checked(port, "/api/sites/", conditional, status=304)
        out[f"warm_{name}"] = repeat(port, "/api/sites/", headers, seconds) | {"bytes": len(body)}
        out[f"304_{name}"] = repeat(port, "/api/sites/", conditional, seconds)
    return out


def in_process(url: str, peer_rounds: int) -> dict:
    """3. (and the peer) in a Django process of their own on the scratch database."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    cmd = [scratch.PY, "-m", "bench.inprocess", "--peer-rounds", str(peer_rounds)]
    out = subprocess.run(cmd, cwd=scratch.ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:] or out.stdout[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def attempt(results: dict, key: str, fn, *args):
    """Run one measurement; a failure (the application mid-change...) is reported, not fatal."""
    try:
        results[key] = fn(*args)
    except Exception as exc:  # noqa: BLE001
        results[key] = {"error": f"{type(exc).__name__}: {exc}"}
        say(f"  {key}: ERROR {results[key]['error']}")
    return results[key]


def row(what: str, figures: str, target: str = "(reported)", ok: bool | None = None) -> None:
    say(f"    {what:<30} {figures:<58} {target:<17} {'' if ok is None else verdict(ok)}".rstrip())


def report_size(r: dict, rounds: int) -> None:
    cold, rep, inp, m = r["cold"], r["repeated"], r["in_process"], r.get("map")
    if "error" not in cold:
        raw = cold["raw"]
        size = f"{cold['sites']} sites, {cold['bytes'] / 1e6:.1f} MB"
        say(f"  [1] cold full collection over HTTP: {size}, {rounds} rounds")
        row("yardstick (raw SQL, psycopg)", fmt(raw))
        x = cold["ours"]["median"] / raw["median"]
        row("ours, identity", f"{fmt(cold['ours'])} = {x:.2f}x raw", "<= 1.5x raw", x <= 1.5)
        x = cold["ours_gzip"]["median"] / raw["median"]
        row("ours, gzip", f"{fmt(cold['ours_gzip'])} = {x:.2f}x raw")
        same = "same features as the API" if cold["difference"] is None else f"DIFFERS: {cold['difference']}"
        row("yardstick check", same + (f"; lacks {cold['unknown']}" if cold["unknown"] else ""), "")
    if "error" not in rep and "error" not in cold:
        raw_rate = 1000 / cold["raw"]["median"]
        say(f"  [2] /api/sites/ again, one request at a time ({rep['warm_gzip']['tool']}); raw rate {raw_rate:.1f}/s")
        for key, what, goal in (
            ("warm_gzip", "warm body, gzip", 5),
            ("warm_identity", "warm body, identity", 5),
            ("304_gzip", "304, gzip", 10),
            ("304_identity", "304, identity", 10),
        ):
            t = rep[key]
            x = t["rate"] / raw_rate
            size = f" ({t['bytes'] / 1e6:.2f} MB)" if "bytes" in t else ""
            figures = f"{t['rate']:7.1f}/s, median {t['median']:.2f} ms, p90 {t['p90']:.2f} = {x:.1f}x raw rate"
            row(what + size, figures, f">= {goal}x raw rate", x >= goal)
    if "error" not in inp:
        b = inp["small_bbox"]
        say(f"  [3] cold bbox ~1% ({b['sites']} sites), in-process (Django's WSGI handler), {b['ours']['n']} rounds")
        row("raw (bare psycopg, unprepared)", f"{fmt(b['raw'])}: {b['raw_source']}")
        diff = b["ours"]["median"] - b["raw"]["median"]
        row("ours", f"{fmt(b['ours'])} = raw + {diff:.2f} ms", "<= raw + 2 ms", diff <= 2)
        if "peer" in inp and "error" not in cold:
            p = inp["peer"]["drf_gis"]
            say("  [peer] the full collection by djangorestframework-gis, in-process")
            row("GeoFeatureModelSerializer", f"{fmt(p)} = {p['median'] / cold['raw']['median']:.1f}x raw")
    if m and "error" not in m:
        tasks = m["long_tasks"]
        say(f"  [4] map in headless Chromium, {len(m['drawn_ms'])} rounds: {m['markers']} "
            f"{'server clusters' if m['dynamic'] else 'markers'}, {m['shown']} sites shown")  # fmt: skip
        drawn = statistics.median(m["drawn_ms"])
        row("navigation -> all drawn", f"median {drawn:.0f} ms", "<= 1500 ms", drawn <= 1500)
        row("data received -> all drawn", f"median {statistics.median(m['after_data_ms']):.0f} ms")
        longest = max(tasks, default=0)
        row("panning: longest task", f"{longest:.0f} ms ({len(tasks)} long tasks, {m['gestures']} gestures)",
            "<= 100 ms", longest <= 100)  # fmt: skip


def git_revision() -> str:
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=scratch.ROOT, capture_output=True, text=True)  # noqa: S607
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "apps", "config", "static", "templates"],  # noqa: S607
                           cwd=scratch.ROOT, capture_output=True, text=True).stdout.strip()  # fmt: skip
    return rev.stdout.strip() + (" + uncommitted changes" if dirty else "")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k", help="of 1k, 10k, 100k or a number of sites")
    parser.add_argument("--events-per-site", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=15, help="cold rounds (a third of them above 10k sites)")
    parser.add_argument("--seconds", type=int, default=5, help="per repeated-request measurement")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--map-size", default="10k")
    parser.add_argument("--skip-map", action="store_true")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the scratch databases")
    parser.add_argument("--drop", action="store_true", help="drop the scratch databases at the end")
    args = parser.parse_args(argv)
    base = os.environ.get("DATABASE_URL") or sys.exit("DATABASE_URL is not set (run through `make bench`)")

    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    results = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "revision": git_revision(), "sizes": {}}
    say(f"Hubwatch bench, {results['date']}, code {results['revision']}")
    say(f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    say(f"gunicorn -w {args.workers}, bench.settings: DEBUG off, a Redis cache database of its own emptied at start")
    for label in labels:
        n = SIZES.get(label) or int(label)
        url, reused = scratch.prepare(base, label, n, args.events_per_site, args.seed, args.regenerate)
        rounds = args.rounds if n <= 10_000 else max(3, args.rounds // 3)
        r = results["sizes"][label] = {}
        state = "reused" if reused else "generated"
        say(f"\n== {label}: hubwatch_scratch_{label} ({state}), load {os.getloadavg()[0]:.2f}")
        with Gunicorn(url, args.workers) as server, psycopg.connect(scratch.conninfo(url), autocommit=True) as conn:
            attempt(r, "cold", cold_full, server.port, conn, rounds)
            attempt(r, "repeated", repeated, server.port, args.seconds)
            attempt(r, "in_process", in_process, url, 3 if n <= 10_000 else 0)
            if label == args.map_size and not args.skip_map:
                attempt(r, "map", map_load.measure, f"http://127.0.0.1:{server.port}")
        report_size(r, rounds)

    VAR.mkdir(parents=True, exist_ok=True)
    out = VAR / f"results-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M}.json"
    out.write_text(json.dumps(results, indent=2))
    say(f"\nFigures: {out.relative_to(scratch.ROOT)}")
    if args.drop:
        for label in labels:
            scratch.drop(base, label)


if __name__ == "__main__":
    sys.exit(main())
