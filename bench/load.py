"""Load test: gunicorn as `make run` starts it (dev settings, DEBUG off, WEB_CONCURRENCY workers,
access log on), against a scratch database, hammered by wrk.

    .venv/bin/python -m bench.load --database-url postgis://.../hubwatch_scratch_10k --duration 30 -c 16
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(text: str) -> dict:
    """Requests/s, latency percentiles (ms), errors and transfer from wrk --latency output."""
    out: dict = {"errors": 0, "non_2xx": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        out["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+\w+) read", text):
        out["requests"], out["read"] = int(m.group(1)), m.group(4)
    for pct in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M):
            out[f"p{pct}_ms"] = round(_ms(m.group(1), m.group(2)), 2)
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        out["errors"] = sum(int(g) for g in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        out["non_2xx"] = int(m.group(1))
    return out


def start_gunicorn(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--env",
        "DJANGO_SETTINGS_MODULE=config.settings.dev",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"gunicorn did not answer on :{port} (log: {log})")


def fetch(url: str, gzip_ok: bool = True) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})  # noqa: S310
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310
        return r.status, dict(r.headers), r.read()


def wrk(url: str, connections: int, duration: int, threads: int = 2) -> dict:
    cmd = [
        shutil.which("wrk") or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "Accept-Encoding: gzip",
        url,
    ]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return {"url": url, "connections": connections, "duration_s": duration, **parse_wrk(text), "output": text}


def run(args) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt install wrk; scripts/bootstrap.sh lists it)")
    VAR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_gunicorn(args.database_url, port, args.workers, VAR / "gunicorn.log")
    try:
        import psycopg

        with psycopg.connect(args.database_url.replace("postgis://", "postgresql://", 1)) as conn:
            row = conn.execute("select slug from sites_site where deleted_at is null order by id limit 1").fetchone()
        slug = row[0]
        targets = {
            "collection": "/api/sites/",
            "bbox_5pct": f"/api/sites/?bbox={args.bbox}",
            "site_page": f"/sites/{slug}/",
            "map_data": "/map/sites.json",
            "tile_z10": f"/tiles/sites/10/{args.tile}.pbf",
        }
        results: dict = {"workers": args.workers, "load_before": os.getloadavg()}
        status, headers, body = fetch(base + "/api/sites/")
        results["collection_wire_bytes"] = len(body)
        results["collection_content_encoding"] = headers.get("Content-Encoding", "")
        for name, path in targets.items():
            fetch(base + path)  # warm: the first request builds and caches
            results[name] = wrk(base + path, args.connections, args.duration)
            results[name]["load_after"] = os.getloadavg()
            print(f"  {name}: {results[name].get('rps')} req/s, p99 {results[name].get('p99_ms')} ms", flush=True)
        return results
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--bbox", default="2.0591,48.6564,2.6409,49.0636")
    parser.add_argument("--tile", default="518/352", help="x/y of the z10 tile")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    results = run(args)
    text = json.dumps(results, indent=2)
    if args.json:
        Path(args.json).write_text(text)
    print(
        json.dumps(
            {
                k: {kk: vv for kk, vv in v.items() if kk != "output"} if isinstance(v, dict) else v
                for k, v in results.items()
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
