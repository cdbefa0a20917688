"""kill -9 of the Celery worker in the middle of sending alerts: once `make run` has started it
again, every subscriber gets the event exactly once. The mail goes to a real SMTP conversation (a small
server of the test) that stops answering after three messages, so the worker is killed with two
conversations open and three subscribers not reached yet."""

import json
import os
import signal
import time

import psycopg
import pytest

from .clone import MakeRun, alive, wait_until
from .smtp_server import SMTPServer

pytestmark = pytest.mark.slow

READERS = [f"crash-reader-{n}@example.net" for n in range(8)]

SETUP = """
import json
from django.db import transaction
from apps.sites.models import Site
from tests.alerts.helpers import follower

site = Site.objects.alive().order_by("-pk").first()
for address in READERS:
    follower(address, site=site)
print(json.dumps({"site": site.pk}))
""".replace("READERS", json.dumps(READERS))

PUBLISH = """
from django.db import transaction
from apps.sites.models import Site
from tests.factories import EventFactory

with transaction.atomic():
    EventFactory(site=Site.objects.get(pk=SITE), title="Celery crash: the permit is annulled")
"""


def _sent(clone, site_id):
    with psycopg.connect(clone.libpq()) as conn:
        return conn.execute(
            "SELECT count(*) FROM alerts_delivery d JOIN sites_event e ON e.id = d.event_id"
            " WHERE e.site_id = %s AND e.title LIKE 'Celery crash%%' AND d.state = 'sent'",
            [site_id],
        ).fetchone()[0]


def test_kill_9_of_the_celery_worker_mid_sending_mails_everyone_exactly_once(served_clone):
    clone = served_clone
    smtp = SMTPServer(hold_after=3).start()
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "ALERTS_BATCH_SECONDS": "1",
        "ALERTS_DUE_DIGESTS_SECONDS": "1",
        "OUTBOX_DISPATCH_SECONDS": "1",
    }
    site_id = json.loads(clone.manage("shell", stdin=SETUP).strip().splitlines()[-1])["site"]
    run = MakeRun(clone, **env).start()
    try:
        clone.manage("shell", stdin=PUBLISH.replace("SITE", str(site_id)))
        # Three subscribers reached; the two worker processes each in an unanswered conversation.
        for _ in range(2):
            assert smtp.held.acquire(timeout=60)
        wait_until(lambda: _sent(clone, site_id) == 3)
        workers = run.children("celery -A config worker")
        assert len(workers) >= 3  # the main process and its two pool processes
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not any(alive(pid) for pid in workers))
        smtp.stop_holding()
        assert sum(smtp.received_by().values()) == 3
        # make run starts the worker again (the web never stopped serving).
        wait_until(lambda: set(run.children("celery -A config worker")) - set(workers), timeout=60)
        assert "worker exited; starting it again" in run.output()

        wait_until(lambda: len(smtp.received_by()) == len(READERS), timeout=90, interval=0.3)
        time.sleep(3)  # more rounds of the beat tasks send nothing more
        assert smtp.received_by() == dict.fromkeys(READERS, 1)
        assert all("the permit is annulled" in message.as_string() for _, message in smtp.messages)
        assert _sent(clone, site_id) == len(READERS)
    finally:
        run.stop()
        smtp.stop()
