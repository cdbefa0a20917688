"""The fast paths (collections built by PostgreSQL and passed through as bytes) give exactly the
data the straightforward ORM path gives, on realistic generated data: timelines with pending,
rejected and deleted events, deleted sites, sites with no status yet, operators or none."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.demodata.generator import Plan, generate
from apps.sites.models import Event, Site

from .conftest import server_conninfo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_data(transactional_db):
    plan = Plan(sites=150, events_per_site=8, press=40, seed=5)
    generate(server_conninfo(connection.settings_dict["NAME"]), plan, log=lambda _: None)
    return plan


def at_precision(day, precision):
    if day is None:
        return None
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


def company(c, certainty="confirmed"):
    return {"name": c.name, "slug": c.slug, "certainty": certainty} if c else None


def orm_feature(site, status, since, precision):
    return {
        "type": "Feature",
        "id": site.slug,
        "geometry": {"type": "Point", "coordinates": [round(site.location.x, 6), round(site.location.y, 6)]},
        "properties": {
            "slug": site.slug,
            "name": site.name,
            "status": status,
            "status_since": at_precision(since, precision),
            "status_since_precision": precision,
            "operator": company(site.operator, site.operator_certainty),
            "developer": company(site.developer, site.developer_certainty),
            "kind": site.kind,
            "country": site.country,
            "municipality": site.municipality,
            "location_precision": site.location_precision,
            "collectives": sorted(
                o.collective.slug for o in site.oppositions.select_related("collective") if not o.collective.deleted_at
            ),
            "summary_en": site.summary_en,
            "summary_fr": site.summary_fr,
            "text_language": site.text_language,
            "url": f"http://testserver/en/sites/{site.slug}/",
        },
    }


def orm_sites():
    return Site.objects.public().select_related("operator", "developer").order_by("name", "slug")


def status_on(site, day):
    """The straightforward way: read the site's public timeline in Python."""
    changes = [e for e in Event.objects.public().filter(site=site, status_after__isnull=False) if e.date <= day]
    if not changes:
        return None
    latest = max(changes, key=lambda e: (e.date, e.id))
    return latest.status_after, latest.date, latest.date_precision


def api_features(client, query=""):
    response = client.get(f"/api/sites/{query}")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)["features"]


def test_the_collection_is_the_orm_path_feature_for_feature(client, demo_data):
    expected = [orm_feature(s, s.status, s.status_since, s.status_since_precision) for s in orm_sites()]
    features = api_features(client)
    assert len(features) == Site.objects.public().count() > 100
    assert features == expected


def test_status_on_a_day_is_what_the_timelines_say(client, demo_data):
    import datetime as dt

    day = dt.date(2020, 1, 1)
    expected = []
    for site in orm_sites():
        found = status_on(site, day)
        if found:
            expected.append(orm_feature(site, *found))
    features = api_features(client, "?at=2020-01-01")
    assert 0 < len(features) < Site.objects.public().count()
    assert features == expected


def test_a_bbox_answer_is_the_orm_path_restricted_to_the_box(client, demo_data):
    west, south, east, north = 1.0, 46.0, 6.0, 49.5
    expected = [
        orm_feature(s, s.status, s.status_since, s.status_since_precision)
        for s in orm_sites()
        if west <= s.location.x <= east and south <= s.location.y <= north
    ]
    features = api_features(client, f"?bbox={west},{south},{east},{north}")
    assert 0 < len(features) < Site.objects.public().count()
    assert features == expected


def test_the_drf_gis_peer_of_the_bench_serves_the_same_sites(client, demo_data):
    from bench.peers import drf_gis_collection

    peer = json.loads(drf_gis_collection())["features"]
    ours = api_features(client)
    assert [f["id"] for f in peer] == [f["id"] for f in ours]
    for theirs, mine in zip(peer, ours, strict=True):
        for key in ("name", "status", "kind", "country", "municipality", "operator", "developer"):
            assert theirs["properties"][key] == mine["properties"][key]
        assert theirs["geometry"]["coordinates"] == pytest.approx(mine["geometry"]["coordinates"], abs=1e-6)


def test_the_map_data_carries_each_public_timeline_as_the_orm_reads_it(client, demo_data):
    document = json.loads(client.get("/map/sites.json").content)
    rows = [dict(zip(document["columns"], row, strict=True)) for row in document["rows"]]
    by_slug = {row["slug"]: row for row in rows}
    assert set(by_slug) == set(Site.objects.public().values_list("slug", flat=True))
    for site in Site.objects.public():
        history = [
            [e.date.isoformat(), e.date_precision, e.status_after]
            for e in Event.objects.public().filter(site=site, status_after__isnull=False).order_by("date", "id")
        ]
        collectives = sorted(
            o.collective.slug for o in site.oppositions.select_related("collective") if not o.collective.deleted_at
        )
        row = by_slug[site.slug]
        assert (row["lon"], row["lat"]) == pytest.approx((site.location.x, site.location.y), abs=1e-9)
        assert row["history"] == history
        assert row["collectives"] == collectives


def test_list_endpoints_run_the_same_number_of_queries_whatever_the_size(client, demo_data):
    counts = {}
    for query in ("", "?bbox=2.2,48.7,2.5,48.9", "?at=2021-06-01"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/sites/{query}").status_code == 200
        counts[query] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/map/sites.json")
    # The data version and the document at most (the fast lane reads both in one statement).
    assert set(counts.values()) <= {1, 2}, counts
    assert len(ctx.captured_queries) <= 2  # the data version (when cached: only that), the document
