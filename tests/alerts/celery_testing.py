"""Helpers for tests that run a real Celery worker (a thread of the test process) against the
real Redis, and a private redis-server that a test can stop and start."""

from __future__ import annotations

import contextlib
import socket

from celery.contrib.testing.worker import start_worker
from kombu import pools as kombu_pools

from apps.core import outbox
from config.celery import app
from tests.redis_server import RedisServer
from tests.waiting import wait_until  # noqa: F401 - the alerts and intake tests import it from here


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


class PrivateRedis(RedisServer):
    """A redis-server of our own that the test stops and starts at will; the outbox forgets
    its memory of broker errors when it comes back, and a stop waits until it stops answering."""

    def start(self) -> PrivateRedis:
        super().start()
        wait_until(self.answers, timeout=10)
        outbox.forget_broker_errors()
        return self

    def stop(self) -> None:
        super().stop()
        wait_until(lambda: not self.answers(), timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False
