"""Vector tiles of the sites: what a map client decodes from /tiles/sites/{z}/{x}/{y}.pbf."""

import math

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from apps.sites.models import Site
from apps.tiles.views import EXTENT, tile_bbox
from tests.factories import EventFactory, SiteFactory

from .mvt import decode

pytestmark = pytest.mark.django_db

PARIS = (2.3522, 48.8566)
LYON = (4.8357, 45.7640)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def pixel_in_tile(lon: float, lat: float, z: int, x: int, y: int) -> tuple[float, float]:
    n = 2**z
    fx = (lon + 180) / 360 * n
    fy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (fx - x) * EXTENT, (fy - y) * EXTENT


def get_tile(client, z, x, y):
    response = client.get(f"/tiles/sites/{z}/{x}/{y}.pbf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    return decode(response.content)


def test_a_tile_holds_the_sites_inside_it_with_their_properties_and_position(client):
    paris = SiteFactory(name="Entrepôt de Paris", slug="paris", location=Point(*PARIS, srid=4326))
    EventFactory(site=paris, status_after="announced")
    SiteFactory(slug="lyon", location=Point(*LYON, srid=4326))
    x, y = tile_of(*PARIS, 10)

    layer = get_tile(client, 10, x, y)["sites"]

    assert layer["version"] == 2
    assert layer["extent"] == EXTENT
    assert [f["properties"]["slug"] for f in layer["features"]] == ["paris"]
    feature = layer["features"][0]
    assert feature["id"] == paris.pk
    assert feature["type"] == 1  # POINT
    assert feature["properties"]["name"] == "Entrepôt de Paris"
    assert feature["properties"]["status"] == "announced"
    assert feature["properties"]["country"] == "FR"
    (px, py), expected = feature["points"][0], pixel_in_tile(*PARIS, 10, x, y)
    assert abs(px - expected[0]) <= 1 and abs(py - expected[1]) <= 1


def test_deleted_sites_never_reach_a_tile(client):
    SiteFactory(slug="kept", location=Point(*PARIS, srid=4326))
    SiteFactory(slug="gone", location=Point(2.36, 48.86, srid=4326), deleted_at=timezone.now())
    x, y = tile_of(*PARIS, 8)

    slugs = {f["properties"]["slug"] for f in get_tile(client, 8, x, y)["sites"]["features"]}

    assert slugs == {"kept"}


def test_a_tile_shows_exactly_the_public_sites_the_orm_finds_in_it(client):
    # A grid of sites around Paris, some deleted: the tile and the ORM path must agree.
    for i in range(12):
        for j in range(12):
            SiteFactory(
                location=Point(2.0 + i * 0.07, 48.6 + j * 0.05, srid=4326),
                deleted_at=timezone.now() if (i + j) % 7 == 0 else None,
            )
    z = 9
    x, y = tile_of(*PARIS, z)
    west, south, east, north = tile_bbox(z, x, y)
    # The straightforward path: every public site, its coordinates checked in Python.
    expected = {
        s.slug for s in Site.objects.public() if west <= s.location.x <= east and south <= s.location.y <= north
    }

    features = get_tile(client, z, x, y)["sites"]["features"]
    inside = {f["properties"]["slug"] for f in features if all(0 <= c <= EXTENT for c in f["points"][0])}

    assert expected, "the grid should put sites in this tile"
    assert inside == expected


def test_an_empty_tile_is_an_empty_answer_not_an_error(client):
    SiteFactory(location=Point(*PARIS, srid=4326))
    response = client.get("/tiles/sites/10/0/0.pbf")
    assert response.status_code == 200
    assert decode(response.content) == {}


@pytest.mark.parametrize("path", ["/tiles/sites/3/8/0.pbf", "/tiles/sites/3/0/8.pbf", "/tiles/sites/23/0/0.pbf"])
def test_a_tile_outside_the_grid_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_an_unchanged_tile_is_not_sent_again(client):
    SiteFactory(location=Point(*PARIS, srid=4326))
    x, y = tile_of(*PARIS, 6)
    first = client.get(f"/tiles/sites/6/{x}/{y}.pbf")
    again = client.get(f"/tiles/sites/6/{x}/{y}.pbf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_written_out_mercator_puts_points_where_postgis_transform_does():
    from django.contrib.gis.db.models.functions import Transform

    from apps.tiles.views import WebMercator

    for lon, lat in [PARIS, LYON, (5.45, 50.64), (-4.49, 48.39), (7.26, 43.70), (24.9, 60.2), (-70.6, -33.4)]:
        SiteFactory(location=Point(lon, lat, srid=4326))
    rows = Site.objects.annotate(fast=WebMercator("location"), proj=Transform("location", 3857))
    assert rows.count() == 7
    for row in rows:
        assert row.fast.x == pytest.approx(row.proj.x, abs=0.01)
        assert row.fast.y == pytest.approx(row.proj.y, abs=0.01)


def test_the_tile_query_runs_without_parallel_workers_and_the_setting_does_not_outlive_it():
    # Parallel workers cost more to start than a tile's query takes; render_tile turns them off
    # for its statement only. Checked from inside the statement's own transaction.
    from django.db import connection

    from apps.sites.filters import SiteFilterSet
    from apps.tiles.views import render_tile

    SiteFactory(location=Point(*PARIS, srid=4326))
    x, y = tile_of(*PARIS, 10)
    seen = []

    def look(execute, sql, params, many, context):
        if "ST_AsMVT" in sql:
            context["cursor"].execute("SHOW max_parallel_workers_per_gather")
            seen.append(context["cursor"].fetchone()[0])
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        before = cursor.fetchone()[0]
    assert before != "0"
    with connection.execute_wrapper(look):
        assert render_tile(SiteFilterSet({}), 10, x, y)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        after = cursor.fetchone()[0]

    assert seen == ["0"]
    assert after == before
