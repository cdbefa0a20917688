"""Conditional requests and the cache of built collections, against the real Redis."""

import datetime as dt
import gzip
import threading

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.api.version import LOCAL, VERSION_SQL, cache_key, data_version
from apps.sites.models import Site, Status
from tests.factories import CompanyFactory, EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_cache_is_the_real_redis():
    assert caches["default"].__class__.__name__ == "RedisCache"
    cache.set("hubwatch:test-api:ping", "pong", timeout=5)
    assert cache.get("hubwatch:test-api:ping") == "pong"


@pytest.mark.parametrize("url", ["/api/sites/", "/api/sites/?format=csv", "/api/sites/?country=FR"])
def test_etag_then_304_on_if_none_match(client, url):
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # a compressed response's weakened tag still matches (GZipMiddleware adds W/)
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag.removeprefix('W/')}").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_detail_has_etag_and_304(client):
    site = SiteFactory(slug="hub")
    EventFactory(site=site, status_after=Status.ANNOUNCED)
    first = client.get("/api/sites/hub/")
    assert first.status_code == 200
    assert client.get("/api/sites/hub/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_unchanged_collection_is_answered_without_rebuilding_it(client, django_assert_num_queries, settings):
    settings.API_CACHE_MIN_BUILD_MS = 0  # every answer shared through Redis, however cheap
    for _ in range(5):
        EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    etag = client.get("/api/sites/")["ETag"]
    # Only the data version is read: one query, whatever the size of the collection.
    with django_assert_num_queries(1):
        assert client.get("/api/sites/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(1):
        assert client.get("/api/sites/").status_code == 200
    key = cache_key("sites.geojson", data_version(), "http://testserver/api/sites/")
    assert cache.get(f"{key}:meta").etag == etag
    # The bodies are stored as raw bytes, not pickled: read back with get_bytes.
    assert cache.get_bytes(f"{key}:body.raw").startswith(b'{"type": "FeatureCollection"')
    # A compressed answer is compressed once and then served from the cache as it is.
    with django_assert_num_queries(1):
        gzipped = client.get("/api/sites/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == cache.get_bytes(f"{key}:body.raw")
    assert cache.get_bytes(f"{key}:gz.raw") == gzipped.content


def _status_of(client, slug, url="/api/sites/"):
    return {f["properties"]["slug"]: f["properties"]["status"] for f in client.get(url).json()["features"]}[slug]


def test_a_new_event_invalidates_the_cached_collection(client):
    site = SiteFactory(slug="hub")
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    first = client.get("/api/sites/")
    assert _status_of(client, "hub") == "announced"
    EventFactory(
        site=site, date=dt.date(2021, 1, 1), status_after=Status.ABANDONED
    )  # the status trigger moves the site on
    second = client.get("/api/sites/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert _status_of(client, "hub") == "abandoned"


def test_a_bulk_update_and_raw_sql_invalidate_too(client):
    """No Python signal is involved: the database itself advances the data version."""
    company = CompanyFactory(name="Old name")
    site = SiteFactory(slug="hub", operator=company)
    client.get("/api/sites/")
    type(company).objects.filter(pk=company.pk).update(name="New name")
    assert client.get("/api/sites/").json()["features"][0]["properties"]["operator"]["name"] == "New name"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sites_site SET name = 'Renamed' WHERE id = %s", [site.pk])
    assert client.get("/api/sites/?format=csv").content.count(b"Renamed") == 1
    assert client.get("/api/sites/").json()["features"][0]["properties"]["name"] == "Renamed"


def test_soft_deletion_removes_the_site_from_the_cached_collection(client):
    site = SiteFactory(slug="hub")
    assert len(client.get("/api/sites/").json()["features"]) == 1
    Site.objects.filter(pk=site.pk).update(deleted_at="2025-01-01T00:00:00Z")
    assert client.get("/api/sites/").json()["features"] == []
    assert client.get("/api/sites/hub/").status_code == 404


def test_a_rebuild_with_the_same_data_keeps_the_etag(client):
    """A write elsewhere (a press item) forces a rebuild; the sites did not change: still a 304."""
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    etag = client.get("/api/sites/")["ETag"]
    PressItemFactory()
    assert client.get("/api/sites/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db(transaction=True)
def test_invalidation_across_committed_transactions(client):
    """As in production: writes commit, readers in other transactions see a new version."""
    site = SiteFactory(slug="hub-committed")
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    before = client.get("/api/sites/")
    assert client.get("/api/sites/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    EventFactory(site=site, date=dt.date(2021, 1, 1), status_after=Status.UNDER_CONSTRUCTION)
    after = client.get("/api/sites/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["features"][0]["properties"]["status"] == "under_construction"


def test_a_body_pickled_by_an_older_release_is_never_served(client):
    # Before the bodies were stored raw, Django's cache pickled them under ":body" and ":gz".
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    key = cache_key("sites.geojson", data_version(), "http://testserver/api/sites/")
    cache.set(f"{key}:body", b'{"stale": true}')
    cache.set(f"{key}:gz", gzip.compress(b'{"stale": true}'))
    assert client.get("/api/sites/").json()["type"] == "FeatureCollection"
    assert gzip.decompress(client.get("/api/sites/", HTTP_ACCEPT_ENCODING="gzip").content).startswith(
        b'{"type": "FeatureCollection"'
    )


def test_a_cheap_answer_stays_in_its_process_and_another_process_rebuilds_the_same(
    client, django_assert_num_queries, settings
):
    settings.API_CACHE_MIN_BUILD_MS = 10_000  # every build counts as cheap
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    first = client.get("/api/sites/?country=FR")
    key = cache_key("sites.geojson", data_version(), "http://testserver/api/sites/?country=FR")
    assert cache.get(f"{key}:meta") is None and cache.get_bytes(f"{key}:body.raw") is None
    with django_assert_num_queries(1):  # the data version only: this process kept its answer
        assert client.get("/api/sites/?country=FR").content == first.content
    LOCAL.clear()  # as another web process would find things: it builds again, to the same tag
    # The data version (nothing is kept under it, here or in Redis), then the collection.
    with django_assert_num_queries(2):
        assert client.get("/api/sites/?country=FR", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_local_copies_stay_within_their_budget():
    from apps.api.version import LocalResponses

    local = LocalResponses(max_bytes=1000)
    local.put("a", b"a" * 400, 400)
    local.put("b", b"b" * 400, 400)
    assert local.get("a") is not None  # now the most recently used
    local.put("c", b"c" * 400, 400)  # over budget: "b", least recently used, goes
    assert (local.get("a"), local.get("b"), local.get("c")) == (b"a" * 400, None, b"c" * 400)
    assert local.size == 800
    local.put("huge", b"h" * 2000, 2000)  # larger than the whole budget: never kept
    assert local.get("huge") is None and local.size == 800


def test_a_bbox_answer_is_kept_by_its_process_only(client, django_assert_num_queries, settings):
    settings.API_CACHE_MIN_BUILD_MS = 0  # however long it took to build
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    url = "/api/sites/?bbox=-5,41,10,52"
    first = client.get(url)
    assert len(first.json()["features"]) == 1
    key = cache_key("sites.geojson", data_version(), f"http://testserver{url}")
    assert cache.get(f"{key}:meta") is None and cache.get_bytes(f"{key}:body.raw") is None
    with django_assert_num_queries(1):
        assert client.get(url).content == first.content


def test_a_value_kept_per_version_weighs_what_it_weighs_in_the_local_budget():
    from apps.api.version import LocalResponses, per_version

    LOCAL.clear()
    big = "x" * 1_000_000
    assert per_version("test-weight", "big", lambda: big) == big
    assert LOCAL.size > 1_000_000 > LocalResponses.META_SIZE
    assert per_version("test-weight", "big", lambda: "not computed again") == big


def test_a_built_answer_is_shared_through_redis_by_the_write_behind_thread(client, settings):
    """As served: the write to Redis leaves the request to the process's cache thread, and
    another process then finds the answer there without building it."""
    from apps.api.version import WRITES

    settings.API_CACHE_WRITE_BEHIND_MB = 256
    settings.API_CACHE_MIN_BUILD_MS = 0  # shared however cheap
    EventFactory(site=SiteFactory(), status_after=Status.ANNOUNCED)
    first = client.get("/api/sites/?country=FR")
    WRITES.drain()
    assert WRITES._thread is not None and WRITES._thread.is_alive()
    key = cache_key("sites.geojson", data_version(), "http://testserver/api/sites/?country=FR")
    assert cache.get(f"{key}:meta").etag == first["ETag"]
    assert cache.get_bytes(f"{key}:body.raw") == first.content
    LOCAL.clear()  # another web process
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/api/sites/?country=FR")
    assert again.content == first.content
    assert [q["sql"] for q in ctx.captured_queries] == [VERSION_SQL]  # read from Redis, not built


def test_writes_wait_for_the_thread_only_up_to_their_budget():
    from apps.core.cache import WriteBehind

    writes, done = WriteBehind(), []
    release = threading.Event()
    writes.submit(lambda: (release.wait(5), done.append("slow")), weight=600, max_bytes=1000)
    writes.submit(lambda: done.append("over budget"), weight=600, max_bytes=1000)
    assert done == ["over budget"]  # 1,200 bytes would be waiting: written by the caller, at once
    release.set()
    writes.drain()
    assert done == ["over budget", "slow"]
    writes.submit(lambda: done.append("queued"), weight=600, max_bytes=1000)
    writes.drain()
    assert done[-1] == "queued"
