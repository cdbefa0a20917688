"""`make bench`: scratch databases at 1k/10k/100k sites, the side-by-side comparisons, the load
test, and one table of medians, min/max and ratios.

    .venv/bin/python -m bench.run [--sizes 1k,10k,100k] [--events-per-site 20] [--rounds 15]
                                  [--skip-load] [--drop] [--regenerate]

Scratch databases are named hubwatch_scratch_<size> on the server of DATABASE_URL and are
reused while their contents match (the generator writes what they hold in the database comment);
--drop removes them at the end. Results go to var/bench/ (JSON, and the Markdown tables).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.sql

from .report import render_markdown

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}


def server_url(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def pg(url: str) -> str:
    return url.replace("postgis://", "postgresql://", 1)


def ensure_database(base_url: str, name: str) -> str | None:
    """Create the scratch database if missing; return its comment (what it holds)."""
    with psycopg.connect(pg(server_url(base_url, "postgres")), autocommit=True) as conn:
        row = conn.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s", [name]
        ).fetchone()
        if row is None:
            conn.execute(psycopg.sql.SQL("create database {}").format(psycopg.sql.Identifier(name)))
            return None
        return row[0]


def drop_database(base_url: str, name: str) -> None:
    with psycopg.connect(pg(server_url(base_url, "postgres")), autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("drop database if exists {} with (force)").format(psycopg.sql.Identifier(name)))


def generate(url: str, sites: int, k: int, seed: int) -> float:
    cmd = [PY, "manage.py", "generate_demo_data", "--database-url", url, "--sites", str(sites)]
    cmd += ["--events-per-site", str(k), "--seed", str(seed)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    sys.stdout.write(out.stdout)
    if out.returncode:
        raise SystemExit(out.stderr)
    return float(out.stdout.rsplit("Done in ", 1)[1].split(" s")[0])


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    out = subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if out.returncode:
        raise SystemExit(out.stderr)


def machine() -> dict:
    cpu = ""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--events-per-site", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--peer-rounds", type=int, default=3)
    parser.add_argument("--load-size", default="10k", help="Database size the load test runs against.")
    parser.add_argument("--duration", type=int, default=30, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--drop", action="store_true", help="Drop the scratch databases at the end.")
    args = parser.parse_args(argv)

    base = os.environ.get("DATABASE_URL")
    if not base:
        raise SystemExit("DATABASE_URL is not set (source scripts/env.sh, or run through `make bench`)")
    VAR.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "sizes": {}, "generation_s": {}}
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for label in labels:
        n = SIZES.get(label) or int(label)
        name = f"hubwatch_scratch_{label}"
        url = server_url(base, name)
        marker = ensure_database(base, name) or ""
        wanted = f"sites={n} events_per_site={args.events_per_site} "
        if args.regenerate or wanted not in marker or f"seed={args.seed}" not in marker:
            print(f"==> {name}: generating {n} sites x {args.events_per_site} events", flush=True)
            results["generation_s"][label] = generate(url, n, args.events_per_site, args.seed)
        else:
            # Reused: bring its schema up to date with the code (migrations since it was made).
            migrate(url)
        print(f"==> {name}: comparisons", flush=True)
        out_file = VAR / f"compare-{label}.json"
        peer_rounds = args.peer_rounds if n <= 10_000 else 1
        # At 100k one build takes seconds: fewer rounds keep the whole run within minutes.
        rounds = args.rounds if n <= 10_000 else max(3, args.rounds // 3)
        cmd = [PY, "-m", "bench.compare", "--rounds", str(rounds), "--peer-rounds", str(peer_rounds)]
        cmd += ["--json", str(out_file)]
        if n > 10_000:
            cmd.append("--skip-django-serializer")
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        results["sizes"][label] = json.loads(out_file.read_text())
        results["sizes"][label]["load_after"] = [round(x, 2) for x in os.getloadavg()]

    if not args.skip_load and args.load_size in results["sizes"]:
        size = results["sizes"][args.load_size]
        url = server_url(base, f"hubwatch_scratch_{args.load_size}")
        print(f"==> load test (wrk) against {url}", flush=True)
        out_file = VAR / "load.json"
        tile = size["tile"]["url"].removeprefix("/tiles/sites/10/").removesuffix(".pbf")
        cmd = [PY, "-m", "bench.load", "--database-url", url, "--duration", str(args.duration)]
        cmd += ["-c", str(args.connections), "--bbox", ",".join(map(str, size["bbox"]["box"]))]
        cmd += ["--tile", tile, "--json", str(out_file)]
        subprocess.run(cmd, cwd=ROOT, check=True)  # noqa: S603
        results["load"] = json.loads(out_file.read_text())

    results["machine"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    (VAR / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    markdown = render_markdown(results)
    (VAR / f"results-{stamp}.md").write_text(markdown)
    print(markdown)
    if args.drop:
        for label in labels:
            drop_database(base, f"hubwatch_scratch_{label}")


if __name__ == "__main__":
    sys.exit(main())
