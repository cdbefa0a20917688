"""Single flight: after a change, one process builds a shared answer that is slow to build, and
the others wait for it in Redis instead of running the same statement. "Another process" is
played here by a thread writing to the real Redis. This process has served the answer before
the change, so it remembers how long it took to build."""

import threading
import time

import pytest
from django.core.cache import cache

from apps.api.version import VERSION_SQL, Meta, cache_key, data_version
from apps.sites.models import Status
from tests.api.test_round_trips import statements
from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/sites/"
IDENTITY = "http://testserver/api/sites/"


@pytest.fixture
def slow_to_build(settings):
    settings.API_CACHE_MIN_BUILD_MS = 0  # shared through Redis however quick
    settings.API_CACHE_SINGLE_FLIGHT_MS = 0  # and every build counts as slow
    settings.API_CACHE_WAIT_SECONDS = 5


def new_version_key() -> str:
    """A change (a new site), and the key its collection will be kept under."""
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    return cache_key("sites.geojson", data_version(), IDENTITY)


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_process_waits_for_the_one_building_the_answer(client, slow_to_build):
    client.get(URL)  # served once: this process knows how long it took to build
    key = new_version_key()  # nothing kept under it, here or in Redis
    cache.set(f"{key}:building", 999_999, timeout=30)  # another process is building it
    body = b'{"type": "FeatureCollection", "built": "elsewhere", "features": []}'

    def other_process_done():
        cache.set_bytes(f"{key}:body.raw", body)
        cache.set(f"{key}:meta", Meta("application/geo+json; charset=utf-8", 'W/"elsewhere"', 0.0, 1500.0))
        cache.delete(f"{key}:building")

    timer = later(0.3, other_process_done)
    seen, response = statements(client, URL)
    timer.join()
    assert seen == [VERSION_SQL]  # no statement of its own
    assert response.content == body and response["ETag"] == 'W/"elsewhere"'


def test_a_waiter_builds_it_when_the_builder_gives_up(client, slow_to_build, settings):
    settings.API_CACHE_WAIT_SECONDS = 60
    client.get(URL)
    key = new_version_key()  # nothing kept under it, here or in Redis
    cache.set(f"{key}:building", 999_999, timeout=30)
    timer = later(0.2, lambda: cache.delete(f"{key}:building"))  # failed, nothing written
    started = time.monotonic()
    seen, response = statements(client, URL)
    timer.join()
    assert time.monotonic() - started < 10  # it saw the lock go, it did not wait its 60 s out
    assert seen[0] == VERSION_SQL and "json_agg" in seen[1]
    assert len(response.json()["features"]) == 1


def test_the_builder_takes_the_lock_and_lets_it_go_once_the_answer_is_shared(client, slow_to_build):
    client.get(URL)
    key = new_version_key()  # nothing kept under it, here or in Redis
    seen, response = statements(client, URL)
    assert "json_agg" in seen[-1]
    assert cache.get(f"{key}:building") is None
    assert cache.get(f"{key}:meta").etag == response["ETag"]


def test_an_answer_quick_to_build_takes_no_lock_and_waits_for_nobody(client, settings):
    settings.API_CACHE_MIN_BUILD_MS = 0
    settings.API_CACHE_WAIT_SECONDS = 60  # waiting would hang the test
    client.get(URL)  # built in a few milliseconds, under API_CACHE_SINGLE_FLIGHT_MS (100)
    key = new_version_key()  # nothing kept under it, here or in Redis
    cache.set(f"{key}:building", 999_999, timeout=30)  # even if another process builds it
    started = time.monotonic()
    seen, response = statements(client, URL)
    assert time.monotonic() - started < 10  # it did not wait
    assert "json_agg" in seen[-1]
    assert len(response.json()["features"]) == 1
