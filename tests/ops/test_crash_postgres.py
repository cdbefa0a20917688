"""kill -9 of the PostgreSQL postmaster during a burst of contributions through the HTTP API:
after `make run` starts again, every contribution that was answered 201 is in the database with
its history, none is half-written, and the app serves without any manual step."""

import json
import os
import signal
import subprocess
import time
import urllib.request

import psycopg
import pytest

from .clone import MakeRun, alive, children_of, wait_until
from .contributing import Burst

pytestmark = pytest.mark.slow


def test_kill_9_of_the_postmaster_loses_no_answered_contribution(served_clone, member):
    clone = served_clone
    run = MakeRun(clone).start()
    try:
        # make run says which version it serves, and /healthz reports the same.
        version = subprocess.run(
            ["git", "describe", "--always", "--dirty"],  # noqa: S607
            cwd=clone.path,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert f"Hubwatch {version} on http://127.0.0.1:{run.port}" in run.output()
        with urllib.request.urlopen(run.url + "/healthz") as response:  # noqa: S310 - loopback
            assert json.loads(response.read())["version"] == version

        burst = Burst(member, run.url, "Postmaster crash").start()
        wait_until(lambda: len(burst.created()) >= 20)
        postmaster = int((clone.pg_home() / "data" / "postmaster.pid").read_text().split()[0])
        backends = children_of(postmaster)
        os.kill(postmaster, signal.SIGKILL)
        time.sleep(2)  # the burst goes on against a dead database
        burst.stop()
        # The orphaned backends notice the postmaster's death and exit by themselves.
        wait_until(lambda: not any(alive(pid) for pid in backends))
    finally:
        run.stop()

    created = burst.created()
    print(f"postmaster kill -9: {len(created)} answered 201, {len(burst.failed())} failed during the outage")
    assert burst.failed(), "the database died while contributions were being posted"
    assert all(status in (500, 503) or isinstance(status, str) for _, status in burst.failed())

    # make run again: it starts PostgreSQL, which replays its WAL, and serves.
    run = MakeRun(clone).start()
    try:
        with psycopg.connect(clone.libpq()) as conn:
            rows = conn.execute(
                "SELECT e.title_en, e.id, count(h.history_id) FILTER (WHERE h.history_type = '+')"
                " FROM sites_event e LEFT JOIN sites_historicalevent h ON h.id = e.id"
                " WHERE e.title_en LIKE 'Postmaster crash %%' GROUP BY e.title_en, e.id"
            ).fetchall()
        stored = {title: event_id for title, event_id, _ in rows}
        # Every contribution answered 201 is there, with its id...
        assert {t: stored.get(t) for t in created} == created
        # ...and none is half-written: each stored one has its history (some may have committed
        # just before the crash without their answer getting out: they are whole too).
        assert all(history == 1 for _, _, history in rows)
        attempted = {title for title, _, _ in burst.answers}
        assert set(stored) <= attempted

        status, body = member.post_event(run.url, "Postmaster crash: after the restart")
        assert status == 201 and body["state"] == "published"
    finally:
        run.stop()
