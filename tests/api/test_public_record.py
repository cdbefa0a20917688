"""The public record of a site is declared once (apps/sites/public.py) and every surface derives
from it; what is public is decided once (SiteQuerySet.public()) and every surface obeys it."""

import csv
import io
import json
import math

import pytest
from django.contrib.gis.geos import Point

from apps.collectives.models import Opposition
from apps.sites.models import Site, SiteQuerySet, Status
from apps.sites.public import PROPERTIES, flat_columns
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, SiteFactory
from tests.tiles.mvt import decode

pytestmark = pytest.mark.django_db

PARIS = (2.35, 48.86)


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


@pytest.fixture
def paris():
    site = SiteFactory(
        slug="paris", name="Entrepôt de Paris", country="FR", location=Point(*PARIS, srid=4326),
        operator=CompanyFactory(slug="amazon", name="Amazon"),
    )  # fmt: skip
    EventFactory(site=site, status_after=Status.ANNOUNCED)
    for slug, name in (("stop-amazon-paris", "Stop Amazon Paris"), ("attac-paris", "ATTAC Paris")):
        Opposition.objects.create(site=site, collective=CollectiveFactory(slug=slug, name=name))
    return site


def test_the_collectives_property_reaches_every_surface(client, paris):
    collectives = ["attac-paris", "stop-amazon-paris"]
    feature = client.get("/api/sites/").json()["features"][0]
    assert feature["properties"]["collectives"] == collectives

    row = next(csv.DictReader(io.StringIO(client.get("/api/sites/?format=csv").content.decode())))
    assert row["collectives"] == ",".join(collectives)

    document = json.loads(client.get("/map/sites.json").content)
    assert dict(zip(document["columns"], document["rows"][0], strict=True))["collectives"] == collectives

    x, y = tile_of(*PARIS, 10)
    tile = decode(client.get(f"/tiles/sites/10/{x}/{y}.pbf").content)
    assert tile["sites"]["features"][0]["properties"]["collectives"] == ",".join(collectives)

    schema = client.get("/api/schema/?format=json").json()
    properties = schema["paths"]["/api/sites/"]["get"]["responses"]["200"]["content"]["application/geo+json"]["schema"][
        "properties"
    ]["features"]["items"]["properties"]["properties"]["properties"]
    assert properties["collectives"]["type"] == "array"

    # The map's popup shows it under its label, the collectives by name (static/js/atlas/render.js).
    config = client.get("/en/").context["config"]
    assert {"name": "collectives", "label": "Opposed by", "choices": "collective"} in config["popup"]


def test_every_declared_property_is_in_the_geojson_csv_tiles_and_schema(client, paris):
    names = [p.name for p in PROPERTIES]
    assert list(client.get("/api/sites/").json()["features"][0]["properties"]) == names

    header = next(csv.reader(io.StringIO(client.get("/api/sites/?format=csv").content.decode())))
    assert header == [*flat_columns(), "lon", "lat", "license", "how_to_cite"]
    assert {"operator", "operator_slug", "developer", "developer_slug"} <= set(header)

    x, y = tile_of(*PARIS, 10)
    tile = decode(client.get(f"/tiles/sites/10/{x}/{y}.pbf").content)
    # MVT drops null attributes: the developer here is unknown.
    assert set(tile["sites"]["features"][0]["properties"]) == set(flat_columns()) - {
        "developer",
        "developer_slug",
        "developer_certainty",
    }

    schema = client.get("/api/schema/?format=json").json()
    feature = schema["paths"]["/api/sites/"]["get"]["responses"]["200"]["content"]["application/geo+json"]["schema"]
    assert list(feature["properties"]["features"]["items"]["properties"]["properties"]["properties"]) == names


@pytest.fixture
def moderated_sites(monkeypatch):
    """As if sites were moderated: public() also leaves out the one named "unpublished"."""
    original = SiteQuerySet.public

    def public(self):
        return original(self).exclude(slug="unpublished")

    monkeypatch.setattr(SiteQuerySet, "public", public)


PUBLIC_LISTS = [
    "/api/sites/",
    "/api/sites/?bbox=2,48,3,49",
    "/api/sites/?status=announced&country=FR",
    "/api/sites/?format=csv",
    "/api/sites/clusters/?bbox=2,48,3,49&zoom=14",
    "/map/sites.json",
    "/en/sites/",
]


@pytest.mark.parametrize("url", PUBLIC_LISTS)
def test_public_is_decided_in_one_place(client, paris, moderated_sites, url):
    hidden = SiteFactory(slug="unpublished", country="FR", location=Point(2.36, 48.87, srid=4326))
    EventFactory(site=hidden, status_after=Status.ANNOUNCED)
    assert Site.objects.public().filter(slug="unpublished").count() == 0
    body = client.get(url).content
    assert b"paris" in body
    assert b"unpublished" not in body


def test_tiles_obey_the_one_public_rule(client, paris, moderated_sites):
    hidden = SiteFactory(slug="unpublished", country="FR", location=Point(2.36, 48.87, srid=4326))
    EventFactory(site=hidden, status_after=Status.ANNOUNCED)
    x, y = tile_of(*PARIS, 10)
    slugs = {
        f["properties"]["slug"] for f in decode(client.get(f"/tiles/sites/10/{x}/{y}.pbf").content)["sites"]["features"]
    }
    assert slugs == {"paris"}


@pytest.mark.parametrize(
    "url", ["/api/sites/", "/api/sites/clusters/?zoom=5", "/en/sites/", "/map/sites.json", "/tiles/sites/5/16/11.pbf"]
)
def test_one_filter_vocabulary_everywhere(client, paris, url):
    """The same parameters, values and messages on every surface (apps/sites/filters.py)."""
    SiteFactory(slug="brussels", country="BE", location=Point(4.35, 50.85, srid=4326))
    sep = "&" if "?" in url else "?"
    bad = client.get(f"{url}{sep}country=France&bbox=-5,41,10,52")
    assert bad.status_code == 400
    assert "country" in bad.content.decode() and "two-letter" in bad.content.decode()
    good = client.get(f"{url}{sep}country=FR&bbox=-5,41,10,52&status=announced,operational")
    assert good.status_code == 200
    if not url.startswith("/tiles/"):
        assert b"paris" in good.content and b"brussels" not in good.content


def test_each_reader_gets_links_on_the_host_they_asked(client, paris):
    # The records' statement is compiled once per URL prefix: a second host must not get the first's.
    for host in ("hubwatch.example", "mirror.example.org", "hubwatch.example"):
        response = client.get("/api/sites/", HTTP_HOST=host)
        [feature] = response.json()["features"]
        assert feature["properties"]["url"] == f"http://{host}/en/sites/paris/"
