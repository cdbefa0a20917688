"""Read replica routing: read-only API traffic reads from the replica; writes, reads after a
write in the same request, and every other page use the primary.

The "replica" alias here is a second connection to the test database (what a streaming replica
is, minus the lag), added for these tests only; the tests commit their data
(transaction=True) so that both connections see it.
"""

import copy
import math

import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core.routers import PRIMARY, REPLICA, PrimaryReplicaRouter, ReplicaRoutingMiddleware
from apps.sites.models import Site, Status
from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(transactional_db):
    connections.settings[REPLICA] = copy.deepcopy(connections[PRIMARY].settings_dict)
    # Django's test case only lets aliases it was told about open a connection lazily; open
    # this one up front (the alias cannot be declared: it does not exist when the case is built).
    connections[REPLICA].connect()
    yield REPLICA
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


class Seen:
    """Which connection ran queries while the block ran."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections[PRIMARY])
        self.replica = CaptureQueriesContext(connections[REPLICA]) if REPLICA in connections.settings else None
        self.primary.__enter__()
        if self.replica is not None:
            self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.primary.__exit__(*exc)
        if self.replica is not None:
            self.replica.__exit__(*exc)

    def sql(self, alias):
        ctx = self.primary if alias == PRIMARY else self.replica
        return [q["sql"] for q in ctx.captured_queries] if ctx else []


def run_request(method: str, path: str, view):
    request = getattr(RequestFactory(), method.lower())(path)
    return ReplicaRoutingMiddleware(view)(request)


def test_a_map_tile_request_reads_from_the_replica(client, replica):
    SiteFactory(slug="paris", location=Point(2.35, 48.86, srid=4326))
    n = 2**8
    x = int((2.35 + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(48.86))) / math.pi) / 2 * n)

    with Seen() as seen:
        response = client.get(f"/tiles/sites/8/{x}/{y}.pbf")

    assert response.status_code == 200
    assert b"paris" in response.content
    assert seen.sql(REPLICA), "the tile query should run on the replica"
    assert seen.sql(PRIMARY) == []


def test_reads_of_a_read_only_api_request_go_to_the_replica(replica):
    SiteFactory(slug="one")

    def view(request):
        return HttpResponse(",".join(Site.objects.values_list("slug", flat=True)))

    with Seen() as seen:
        response = run_request("GET", "/api/sites/", view)

    assert response.content == b"one"
    assert len(seen.sql(REPLICA)) == 1
    assert seen.sql(PRIMARY) == []


def test_a_write_goes_to_the_primary_and_later_reads_of_that_request_too(replica):
    SiteFactory(slug="before")

    def view(request):
        before = list(Site.objects.values_list("slug", flat=True))
        created = SiteFactory(slug="during")
        after = sorted(Site.objects.values_list("slug", flat=True))
        assert Site.objects.get(pk=created.pk).slug == "during"
        return HttpResponse(f"{before}|{after}")

    with Seen() as seen:
        response = run_request("GET", "/api/sites/", view)

    assert response.content.decode() == "['before']|['before', 'during']"
    replica_sql, primary_sql = seen.sql(REPLICA), seen.sql(PRIMARY)
    assert len(replica_sql) == 1 and replica_sql[0].startswith("SELECT")
    assert any(q.startswith("INSERT") for q in primary_sql)
    # Both reads after the insert ran on the primary.
    insert_at = next(i for i, q in enumerate(primary_sql) if q.startswith("INSERT"))
    assert sum(q.startswith("SELECT") for q in primary_sql[insert_at:]) == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/api/sites/"), ("GET", "/en/accounts/login/"), ("GET", "/en/sites/some-site/"), ("GET", "/admin/")],
)
def test_writes_and_pages_outside_the_read_only_api_use_the_primary(replica, method, path):
    SiteFactory()

    def view(request):
        return HttpResponse(str(Site.objects.count()))

    with Seen() as seen:
        response = run_request(method, path, view)

    assert response.content == b"1"
    assert seen.sql(REPLICA) == []
    assert len(seen.sql(PRIMARY)) == 1


def test_outside_a_request_everything_uses_the_primary(replica):
    SiteFactory()
    with Seen() as seen:
        assert Site.objects.count() == 1
    assert seen.sql(REPLICA) == []
    assert len(seen.sql(PRIMARY)) == 1


def test_an_object_read_from_the_replica_is_saved_to_the_primary(replica):
    site = SiteFactory(name="Old name")

    def view(request):
        loaded = Site.objects.get(pk=site.pk)
        assert loaded._state.db == REPLICA
        loaded.name = "New name"
        loaded.save(update_fields=["name"])
        return HttpResponse(loaded._state.db)

    with Seen() as seen:
        response = run_request("GET", "/api/sites/", view)

    assert response.content.decode() == PRIMARY
    assert any(q.startswith("UPDATE") for q in seen.sql(PRIMARY))
    assert not any(q.startswith("UPDATE") for q in seen.sql(REPLICA))
    assert Site.objects.get(pk=site.pk).name == "New name"


def test_without_a_replica_the_api_reads_from_the_primary():
    SiteFactory()

    def view(request):
        return HttpResponse(str(Site.objects.count()))

    with Seen() as seen:
        response = run_request("GET", "/api/sites/", view)

    assert response.content == b"1"
    assert len(seen.sql(PRIMARY)) == 1


def test_migrations_never_run_on_the_replica():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate(REPLICA, "sites") is False
    assert router.allow_migrate(PRIMARY, "sites") is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/sites/",
        "/api/sites/?bbox=-5,41,10,52",
        "/api/sites/clusters/?bbox=-5,41,10,52&zoom=5",
        "/map/sites.json",
    ],
)
def test_the_collection_is_built_on_the_replica_with_the_version_it_is_kept_under(client, replica, url):
    """Built on the replica, after reading the replica's data version: a body is kept under the
    replica's version, never under a newer one. The map document too (it was built on the primary)."""
    paris = SiteFactory(slug="paris", name="Paris", location=Point(2.35, 48.86, srid=4326))
    EventFactory(site=paris, status_after=Status.ANNOUNCED)  # the clusters leave out sites with no status
    cache.clear()
    with Seen() as seen:
        first = client.get(url)
        again = client.get(url)

    assert first.status_code == again.status_code == 200
    assert b"paris" in first.content and b"paris" in again.content
    assert seen.sql(PRIMARY) == []
    replica_sql = seen.sql(REPLICA)
    assert any("json_agg" in sql for sql in replica_sql)
    assert "hubwatch_data_state" in replica_sql[0]  # the version first, then the data
