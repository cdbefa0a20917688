"""The web side of a served clone under load: a gunicorn worker killed mid-request, and Redis
stopped and started again. Real processes, started by `make run` (scripts/run.sh)."""

import os
import signal
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest

from .clone import MakeRun, alive, children_of, ppid, wait_until
from .contributing import Burst

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(served_clone):
    # The outbox dispatcher every second, so that work waiting for Redis goes as soon as it is back.
    run = MakeRun(served_clone, OUTBOX_DISPATCH_SECONDS="1").start()
    yield run
    run.stop()


def _stored(clone, prefix):
    with psycopg.connect(clone.libpq()) as conn:
        return conn.execute(
            "SELECT e.title_en, e.id, count(h.history_id) FILTER (WHERE h.history_type = '+')"
            " FROM sites_event e LEFT JOIN sites_historicalevent h ON h.id = e.id"
            " WHERE e.title_en LIKE %s GROUP BY e.title_en, e.id",
            [prefix + " %"],
        ).fetchall()


def _gunicorn_workers(run):
    master = next(pid for pid in run.children("gunicorn") if "gunicorn" not in _cmdline(ppid(pid)))
    return master, children_of(master)


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_kill_9_of_a_gunicorn_worker_mid_request(served_clone, served, member):
    master, workers = _gunicorn_workers(served)
    assert len(workers) == 2
    burst = Burst(member, served.url, "Worker crash").start()
    try:
        wait_until(lambda: len(burst.created()) >= 10)
        os.kill(workers[0], signal.SIGKILL)
        wait_until(lambda: not alive(workers[0]))
        # gunicorn's master starts a new worker; the burst goes on being served.
        wait_until(lambda: len(children_of(master)) == 2 and workers[0] not in children_of(master))
        served_before = len(burst.created())
        wait_until(lambda: len(burst.created()) >= served_before + 10)
    finally:
        burst.stop()

    status, body = member.post_event(served.url, "Worker crash: the next one")
    assert status == 201
    rows = _stored(served_clone, "Worker crash")
    stored = {title: event_id for title, event_id, _ in rows}
    created = burst.created()
    assert {t: stored.get(t) for t in created} == created
    assert all(history == 1 for _, _, history in rows)  # nothing half-written
    # At most the requests in flight on the killed worker went unanswered.
    assert len(burst.failed()) <= 1


PAGES = ["/en/", "/fr/sites/", "/en/press/", "/fr/stats/", "/api/sites/", "/map/sites.json", "/feeds/events/"]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError as exc:
        return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def test_redis_stopped_and_started_under_load(served_clone, served, member):
    clone = served_clone
    redis_pid = int((clone.path / "var" / "redis" / "redis.pid").read_text())
    answers, stop = [], threading.Event()

    def readers():
        while not stop.is_set():
            for page in [*PAGES, f"/sites/{member.site}/"]:
                answers.append((page, _get(served.url + page)))

    reader = threading.Thread(target=readers, daemon=True)
    reader.start()
    burst = Burst(member, served.url, "Redis outage", threads=2).start()
    try:
        wait_until(lambda: len(burst.created()) >= 5)
        os.kill(redis_pid, signal.SIGTERM)  # Redis stops: broker and cache gone
        wait_until(lambda: not alive(redis_pid))
        outage_started = len(answers), len(burst.answers)
        time.sleep(4)
        health_during = [_get(served.url + "/healthz") for _ in range(3)]
        during = answers[outage_started[0] :], burst.answers[outage_started[1] :]
    finally:
        clone.start_services()  # Redis is back, with the queue it had (its append-only file)
        time.sleep(1)
        stop.set()
        burst.stop()
        reader.join(timeout=30)

    # /healthz said the broker was down.
    assert 503 in health_during, (health_during, served.process.poll(), served.output()[-3000:])

    # No page that does not need Redis failed, before, during or after the outage.
    assert during[0] and during[1]
    assert [a for a in answers if a[1] != 200] == []
    assert [(t, s) for t, s, _ in burst.answers if s != 201] == []

    # The work recorded while Redis was away (one outbox row per published event) is handed over
    # when it is back, and done by the worker.
    ids = list(burst.created().values())
    with psycopg.connect(clone.libpq(), autocommit=True) as conn:

        def done():
            return conn.execute(
                "SELECT count(*) FROM alerts_outboxmessage WHERE task = 'alerts.notify_event_published'"
                " AND (kwargs->>'event_id')::bigint = ANY(%s) AND state = 'done'",
                [ids],
            ).fetchone()[0] == len(ids)

        try:
            wait_until(done, timeout=90, interval=0.5)
        except AssertionError as timeout:
            states = conn.execute(
                "SELECT state, dispatch_attempts, task_attempts, left(last_error, 80), count(*)"
                " FROM alerts_outboxmessage WHERE (kwargs->>'event_id')::bigint = ANY(%s) GROUP BY 1, 2, 3, 4",
                [ids],
            ).fetchall()
            log = "\n".join(served.output().splitlines()[-60:])
            raise AssertionError(f"outbox not drained: {states}\n{log}") from timeout
        # Some of it waited for Redis: its hand-over after commit failed and the dispatcher redid it.
        retried = conn.execute(
            "SELECT count(*) FROM alerts_outboxmessage WHERE (kwargs->>'event_id')::bigint = ANY(%s)"
            " AND dispatch_attempts > 1",
            [ids],
        ).fetchone()[0]
        assert retried >= 1
    assert _get(served.url + "/healthz") == 200
