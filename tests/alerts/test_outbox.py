"""The request that publishes an event never talks to Redis: the work is written in the same
transaction (the outbox) and handed to Celery when the broker is back. Here the broker is a
private redis-server that the test really stops and starts again."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from apps.alerts.models import Delivery, DeliveryState
from apps.core.models import OutboxMessage, OutboxState
from apps.sites.models import Event, EventKind
from tests.factories import EventFactory, SiteFactory

from .celery_testing import broker, running_worker, wait_until
from .helpers import follower

pytestmark = pytest.mark.django_db(transaction=True)


def _event_form(site):
    return {
        "site": site.pk,
        "date": "2026-11-20",
        "date_precision": "day",
        "kind": EventKind.ANNOUNCEMENT,
        "text_language": "en",
        "title_en": "Prefect signs the building permit",
        "title_fr": "",
        "description_en": "",
        "description_fr": "",
        "state": "published",
        "status_after": "",
    }


def _start_beat(url: str, tmp_path) -> subprocess.Popen:
    """The real beat, as `make run` starts it, with the dispatcher every second."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_CELERY_BROKER_URL": url,
        "OUTBOX_DISPATCH_SECONDS": "1",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "config", "beat", "-l", "WARNING", "-s", str(tmp_path / "beat")],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_publishing_while_redis_is_down_loses_nothing_and_sends_once(
    fast_alerts, private_redis, admin_client, client, mailoutbox, tmp_path
):
    fast_alerts.CELERY_BROKER_URL = private_redis.url  # what /healthz checks
    site = SiteFactory(name="Argan / Amazon parcel sorting centre, Fournès", municipality="Fournès")
    follower("neighbour@example.net", site=site)

    with broker(private_redis.url):
        private_redis.stop()

        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["broker"]["ok"] is False

        started = time.monotonic()
        response = admin_client.post("/admin/sites/event/add/", _event_form(site))
        assert response.status_code == 302, response.content[:2000]
        assert time.monotonic() - started < 5  # the request did not wait for the broker
        event = Event.objects.get(title_en="Prefect signs the building permit")
        row = OutboxMessage.objects.get()
        assert row.task == "alerts.notify_event_published"
        assert row.kwargs["event_id"] == event.pk
        assert row.state == OutboxState.PENDING
        assert row.last_error.startswith("broker:")  # the hand-over after commit was tried, and failed
        assert client.get("/healthz").json()["outbox"]["pending"] == 1
        assert mailoutbox == []

        private_redis.start()
        beat = _start_beat(private_redis.url, tmp_path)
        try:
            with running_worker():
                wait_until(lambda: len(mailoutbox) >= 1, timeout=60)
                wait_until(lambda: OutboxMessage.objects.filter(state=OutboxState.DONE).count() == 1)
                # Beat keeps dispatching every second: a few more rounds change nothing.
                time.sleep(3)
        finally:
            beat.terminate()
            beat.wait(timeout=10)

    assert [m.to for m in mailoutbox] == [["neighbour@example.net"]]
    assert "Prefect signs the building permit" in mailoutbox[0].body
    assert Delivery.objects.get().state == DeliveryState.SENT
    assert client.get("/healthz").json()["outbox"] == {
        "pending": 0,
        "queued": 0,
        "failed": 0,
        "oldest_waiting_seconds": 0,
    }


def test_nothing_is_recorded_when_the_publishing_transaction_fails(transactional_db):
    site = SiteFactory()
    follower(site=site)
    with pytest.raises(RuntimeError), transaction.atomic():
        EventFactory(site=site)
        raise RuntimeError("the request failed after the save")
    assert not OutboxMessage.objects.exists()
    assert not Event.objects.exists()


def test_work_handed_over_but_never_done_is_handed_over_again(transactional_db, fast_alerts, private_redis):
    """A message lost by Redis (restarted without persistence) is sent again by the dispatcher."""
    from apps.core.outbox import dispatch_waiting

    fast_alerts.OUTBOX_STALE_SECONDS = 0
    with broker(private_redis.url):
        EventFactory()
        row = OutboxMessage.objects.get()
        wait_until(lambda: OutboxMessage.objects.get(pk=row.pk).state == OutboxState.QUEUED)
        private_redis.stop()
        private_redis.start()  # empty: the message is gone
        assert dispatch_waiting() == 1
        row.refresh_from_db()
        assert row.state == OutboxState.QUEUED
        assert row.dispatch_attempts == 2


def test_many_events_published_while_redis_is_down_do_not_hold_the_request(fast_alerts, private_redis):
    """The reference loader or an admin page saving many events at once: one failed hand-over
    and the others wait for the dispatcher without each paying the broker timeout."""
    with broker(private_redis.url):
        private_redis.stop()
        site = SiteFactory()
        started = time.monotonic()
        with transaction.atomic():
            for n in range(50):
                EventFactory(site=site, title=f"Event {n}")
        assert time.monotonic() - started < 5
        assert OutboxMessage.objects.pending().count() == 50
        assert OutboxMessage.objects.exclude(last_error="").count() == 1  # one attempt only
