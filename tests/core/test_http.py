"""Conditional answers and the cache of public bodies (apps/core/http.py), against the real Redis."""

import datetime as dt
import functools
import gzip

import pytest
from django.core.cache import cache, caches
from django.db import connection

from apps.core.dataversion import data_version
from apps.sites import public
from apps.sites.models import Site, Status
from tests.factories import CompanyFactory, EventFactory, SiteFactory
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db

PUBLIC_READS = [
    "/api/sites/",
    "/api/sites/?format=csv",
    "/api/sites/?country=FR",
    "/api/sites/?bbox=-5,41,10,52",
    "/api/sites/hub/",
    "/api/sites/clusters/?bbox=-5,41,10,52&zoom=5",
    "/map/sites.json",
    "/tiles/sites/5/16/11.pbf",
]


@pytest.fixture
def hub():
    site = SiteFactory(slug="hub", country="FR")
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    return site


def test_cache_is_the_real_redis():
    assert caches["default"].__class__.__name__ == "RedisCache"
    cache.set("hubwatch:test-api:ping", "pong", timeout=5)
    assert cache.get("hubwatch:test-api:ping") == "pong"


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_etag_then_304_on_if_none_match(client, hub, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A 304 keeps nginx revalidating the next time too (not holding the body s-maxage seconds).
    assert again["X-Accel-Expires"] == "@1"
    # Compared weakly (RFC 9110 §13.1.2), among several tags, and `*` matches any current body.
    assert client.get(url, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("url", ["/api/sites/", "/map/sites.json", "/api/sites/hub/"])
def test_the_gzip_and_identity_bodies_share_one_weak_tag_and_vary(client, hub, url):
    plain = client.get(url, HTTP_ACCEPT_ENCODING="identity")
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert plain["ETag"] == zipped["ETag"] and plain["ETag"].startswith("W/")
    for response in (plain, zipped):
        assert "Accept-Encoding" in response["Vary"]
        # Shared caches in front may hold it briefly and revalidate; browsers revalidate each time.
        assert "public" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
        # nginx keeps it but revalidates it each time (make test-deploy checks nginx itself).
        assert response["X-Accel-Expires"] == "@1"


@pytest.mark.parametrize("url", ["/api/sites/", "/map/sites.json", "/en/sites/", "/fr/"])
def test_gzip_refused_with_q_0_is_not_sent(client, hub, url):
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0.5")["Content-Encoding"] == "gzip"


def test_an_unchanged_collection_is_answered_without_rebuilding_it(client, hub, django_assert_num_queries):
    etag = client.get("/api/sites/")["ETag"]
    # Only the data version is read: one query, whatever the size of the collection.
    with django_assert_num_queries(1):
        assert client.get("/api/sites/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(1):
        body = client.get("/api/sites/").content
    # A compressed answer is compressed once and then served from the cache as it is.
    client.get("/api/sites/", HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_num_queries(1):
        assert gzip.decompress(client.get("/api/sites/", HTTP_ACCEPT_ENCODING="gzip").content) == body


def test_a_bbox_answer_is_built_each_time_and_not_kept(client, hub, django_assert_num_queries):
    client.get("/api/sites/?bbox=-5,41,10,52")
    with django_assert_num_queries(2):  # the data version, then the collection
        assert client.get("/api/sites/?bbox=-5,41,10,52").status_code == 200


def test_a_deploy_never_serves_a_body_shaped_by_the_previous_release(client, hub, settings, monkeypatch):
    """Cache keys and ETags name the release: after a deploy that changes the output, the old
    bodies kept in Redis are not served, and readers' copies are not confirmed by a 304."""
    settings.RELEASE = "release-1"
    old = client.get("/api/sites/")
    assert "added_in_release_2" not in old.json()["features"][0]["properties"]
    added = public.Property("added_in_release_2", public.F("slug"), public.STRING, "a new property")
    monkeypatch.setattr(public, "PROPERTIES", (*public.PROPERTIES, added))
    # A deploy starts new processes: nothing compiled in the old ones is used.
    monkeypatch.setattr(public, "_selected_records", functools.lru_cache(public._selected_records.__wrapped__))
    settings.RELEASE = "release-2"
    new = client.get("/api/sites/", HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200 and new["ETag"] != old["ETag"]
    assert new.json()["features"][0]["properties"]["added_in_release_2"] == "hub"


def test_the_release_defaults_to_a_hash_of_the_sources(settings):
    from apps.core.dataversion import _source_hash, release

    settings.RELEASE = ""
    assert release() == _source_hash() and len(release()) == 16
    settings.RELEASE = "v2"
    assert release() == "v2"


@pytest.mark.parametrize(
    "url", [*PUBLIC_READS, "/en/", "/fr/sites/", "/en/sites/hub/", "/en/stats/", "/feeds/events/", "/fr/feeds/events/"]
)
def test_every_public_read_answers_without_redis(client, hub, settings, url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",  # nobody listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    first = client.get(url)
    assert first.status_code == 200, first.content[:300]
    if "ETag" in first:
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_healthz_says_degraded_without_the_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["cache"]["ok"] is False


def _status_of(client, slug, url="/api/sites/"):
    return {f["properties"]["slug"]: f["properties"]["status"] for f in client.get(url).json()["features"]}[slug]


def test_a_new_event_invalidates_the_cached_collection(client, hub):
    first = client.get("/api/sites/")
    assert _status_of(client, "hub") == "announced"
    EventFactory(site=hub, date=dt.date(2021, 1, 1), status_after=Status.ABANDONED)  # the trigger moves the site on
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


def test_soft_deletion_removes_the_site_from_the_cached_collection(client, hub):
    assert len(client.get("/api/sites/").json()["features"]) == 1
    Site.objects.filter(pk=hub.pk).update(deleted_at="2025-01-01T00:00:00Z")
    assert client.get("/api/sites/").json()["features"] == []
    assert client.get("/api/sites/hub/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_invalidation_across_committed_transactions(client):
    """As in production: writes commit, readers in other transactions see a new version."""
    site = SiteFactory(slug="hub-committed")
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    version = data_version()
    before = client.get("/api/sites/")
    assert client.get("/api/sites/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    EventFactory(site=site, date=dt.date(2021, 1, 1), status_after=Status.UNDER_CONSTRUCTION)
    assert data_version() > version
    after = client.get("/api/sites/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["features"][0]["properties"]["status"] == "under_construction"
