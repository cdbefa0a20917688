"""gunicorn on a free loopback port against a scratch database, and the HTTP clients that time it.

The server runs bench/settings.py (the dev settings with DEBUG off, a Redis database of the
bench's own, emptied before each start so no body cached by an earlier run is served).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis

from .stats import summary

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_redis_url() -> str:
    """The Redis database bench/settings.py gives Django's cache."""
    parts = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    return urlunsplit(parts._replace(path=f"/{os.environ.get('BENCH_REDIS_DB', '9')}"))


class Gunicorn:
    """`with Gunicorn(database_url) as server:` ... server.port; stopped on leaving."""

    def __init__(self, database_url: str, workers: int = 2):
        self.database_url, self.workers = database_url, workers
        self.port = free_port()
        self.log = VAR / f"gunicorn-{self.port}.log"

    def __enter__(self) -> Gunicorn:
        redis.Redis.from_url(bench_redis_url()).flushdb()
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # The browser bench answers tile requests itself (bench/map_load.py).
            "MAP_TILES_URL": "/static/test-tiles/{z}/{x}/{y}.png",
        }
        cmd = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        VAR.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603
        try:
            for _ in range(300):
                try:
                    if get(self.port, "/healthz")[0] == 200:
                        return self
                except OSError:
                    pass  # not listening yet
                time.sleep(0.1)
            raise RuntimeError(f"gunicorn did not answer on :{self.port} (log: {self.log})")
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


_connections: dict[int, http.client.HTTPConnection] = {}


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes, float]:
    """(status, headers with lower-case names, body, ms from sending the request to the body's
    last byte). One connection per port, reopened when the server closes it (gunicorn's sync
    workers close after each answer, as they do behind nginx)."""
    conn = _connections.setdefault(port, http.client.HTTPConnection("127.0.0.1", port, timeout=120))
    t0 = time.perf_counter()
    for attempt in (1, 2):
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            break
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn.close()  # closed by the server between two requests: once more on a new connection
            if attempt == 2:
                raise
        except BaseException:
            conn.close()
            raise
    ms = (time.perf_counter() - t0) * 1000
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body, ms


def _wrk_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def repeat(port: int, path: str, headers: dict, seconds: int) -> dict:
    """The same request again and again on one connection, one at a time, for `seconds`:
    {tool, rate (requests/s), median ms, p90 ms}. wrk when installed, else a Python loop."""
    if wrk := shutil.which("wrk"):
        cmd = [wrk, "-t1", "-c1", f"-d{seconds}s", "--latency"]
        for name, value in headers.items():
            cmd += ["-H", f"{name}: {value}"]
        out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True)  # noqa: S603
        text = out.stdout
        if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
            raise RuntimeError(f"{m.group(1)} error answers from {path}")
        pct = dict(re.findall(r"^\s+(50|90)(?:\.000)?%\s+([\d.]+\w+)\s*$", text, re.M))
        ms = {k: _wrk_ms(*re.fullmatch(r"([\d.]+)(\w+)", v).groups()) for k, v in pct.items()}
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        return {"tool": "wrk -t1 -c1", "rate": rate, "median": ms["50"], "p90": ms["90"]}
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        status, _, _, ms = get(port, path, headers)
        if status >= 400:
            raise RuntimeError(f"{path} answered {status}")
        times.append(ms)
    s = summary(times)
    return {"tool": "http.client loop", "rate": len(times) / seconds, "median": s["median"], "p90": s["p90"]}
