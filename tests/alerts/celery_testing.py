"""Helpers for tests that run a real Celery worker (a thread of the test process) against the
real Redis, and a private redis-server that a test can stop and start."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Callable

from celery.contrib.testing.worker import start_worker
from kombu import pools as kombu_pools

from apps.alerts import outbox
from config.celery import app


def wait_until(predicate: Callable[[], object], timeout: float = 20.0, interval: float = 0.1):
    """Poll until `predicate()` is truthy; fail the test with a clear message otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def purge_queue() -> None:
    """Drop messages left by an earlier run on this test broker database."""
    with app.connection_for_write() as conn:
        conn.default_channel.client.flushdb()


@contextlib.contextmanager
def running_worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20, loglevel="WARNING"):
        yield app


def reset_broker_connections() -> None:
    """Forget pooled connections so the app reconnects (after the broker URL changed)."""
    outbox.forget_broker_errors()
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu_pools.reset()  # kombu keeps producer pools per URL in a global registry


@contextlib.contextmanager
def broker(url: str):
    """Point the Celery app at another broker for the duration of the block."""
    # app.conf reads Django settings live: restore the override itself, not a value read from it.
    changes = app.conf.changes
    had, old = "broker_url" in changes, changes.get("broker_url")
    app.conf.broker_url = url
    reset_broker_connections()
    try:
        yield
    finally:
        if had:
            changes["broker_url"] = old
        else:
            changes.pop("broker_url", None)
        reset_broker_connections()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own on a free port, that the test stops and starts at will."""

    def __init__(self, tmp_path):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = free_port()
        self.dir = tmp_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own binary
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10)
        outbox.forget_broker_errors()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        wait_until(lambda: not self.answers(), timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False
