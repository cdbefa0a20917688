"""Single flight, measured: gunicorn as `make run` starts it, on a scratch database. After each
change of the data version, as many concurrent GET /api/sites/ as there are workers; PostgreSQL's
own row counters (pg_stat_database) tell how many times the collection was built, and the
slowest answer is timed. Run with single flight on (API_CACHE_SINGLE_FLIGHT_MS=100, the default)
and off, alternately.

    .venv/bin/python -m bench.single_flight --database-url postgis://.../hubwatch_scratch_10k
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
import urllib.request

import psycopg

from .load import VAR, free_port, start_gunicorn

OFF = 1e9  # no answer takes that long: nobody waits


def rows_read(conn: psycopg.Connection) -> int:
    return conn.execute(
        "SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()[0]


def burst(url: str, n: int) -> float:
    """n concurrent GETs; the slowest one's seconds."""
    times: list[float] = []

    def one():
        started = time.perf_counter()
        urllib.request.urlopen(url, timeout=120).read()  # noqa: S310 (our own server on loopback)
        times.append(time.perf_counter() - started)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(times)


def run(database_url: str, workers: int, rounds: int, single_flight_ms: float) -> dict:
    os.environ["API_CACHE_SINGLE_FLIGHT_MS"] = str(single_flight_ms)
    port = free_port()
    VAR.mkdir(parents=True, exist_ok=True)
    proc = start_gunicorn(database_url, port, workers, VAR / "single-flight-gunicorn.log")
    url = f"http://127.0.0.1:{port}/api/sites/"
    conn = psycopg.connect(database_url.replace("postgis://", "postgresql://", 1), autocommit=True)
    try:
        for _ in range(4):
            burst(url, 2 * workers)  # every worker has served it: it knows how long it takes
        slowest, reads = [], []
        for _ in range(rounds):
            conn.execute("UPDATE hubwatch_data_state SET version = nextval('hubwatch_data_version')")
            time.sleep(1.2)  # PostgreSQL publishes its counters about once a second
            before = rows_read(conn)
            slowest.append(burst(url, workers))
            time.sleep(1.2)
            reads.append(rows_read(conn) - before)
        return {"slowest_ms": statistics.median(slowest) * 1000, "rows_read": statistics.median(reads)}
    finally:
        proc.terminate()
        proc.wait()
        conn.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    sites = None
    with psycopg.connect(args.database_url.replace("postgis://", "postgresql://", 1)) as conn:
        sites = conn.execute("SELECT count(*) FROM sites_site WHERE deleted_at IS NULL").fetchone()[0]
    print(f"{sites} sites, {args.workers} workers, {args.rounds} changes each, medians:")
    print("| single flight | slowest of the concurrent answers | rows PostgreSQL read | builds (rows / sites) |")
    print("|---|---|---|---|")
    for ms in (100.0, OFF, 100.0, OFF):
        result = run(args.database_url, args.workers, args.rounds, ms)
        label = "on" if ms != OFF else "off"
        print(
            f"| {label} | {result['slowest_ms']:.0f} ms | {result['rows_read']:.0f} |"
            f" {result['rows_read'] / sites:.1f} |"
        )


if __name__ == "__main__":
    main()
