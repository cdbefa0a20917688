"""GET /api/sites/: the GeoJSON collection, its filters, and the CSV export of the same view."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.gis.geos import Point

from apps.collectives.models import Opposition
from apps.core.dates import iso_at_precision
from apps.sites.models import Site, Status
from apps.sites.public import PROPERTIES
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def features(client, query=""):
    response = client.get(f"/api/sites/{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    return response.json()["features"]


def slugs(client, query=""):
    return sorted(f["properties"]["slug"] for f in features(client, query))


def csv_rows(client, query=""):
    sep = "&" if "?" in query else "?"
    response = client.get(f"/api/sites/{query}{sep}format=csv")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def site_with_status(status, day=dt.date(2021, 3, 1), **kwargs):
    site = SiteFactory(**kwargs)
    EventFactory(site=site, date=day, status_after=status)
    return site


@pytest.fixture
def atlas():
    """A small atlas: a group and its subsidiary, sites in France and Belgium, a collective."""
    alibaba = CompanyFactory(slug="alibaba", name="Alibaba Group")
    cainiao = CompanyFactory(slug="cainiao", name="Cainiao", parent=alibaba)
    amazon = CompanyFactory(slug="amazon", name="Amazon")
    liege = site_with_status(
        Status.OPERATIONAL, slug="liege", name="Liège hub", operator=cainiao, developer=alibaba,
        country="BE", municipality="Grâce-Hollogne", kind="air_cargo_hub", location=Point(5.45, 50.655, srid=4326),
    )  # fmt: skip
    briec = site_with_status(
        Status.ABANDONED, slug="briec", name="Briec", operator=amazon, country="FR", municipality="Briec",
        kind="fulfilment_centre", location=Point(-4.0, 48.1, srid=4326),
    )  # fmt: skip
    augny = site_with_status(
        Status.OPERATIONAL, slug="augny", name="Augny", operator=amazon, country="FR", municipality="Augny",
        kind="fulfilment_centre", location=Point(6.12, 49.06, srid=4326),
    )  # fmt: skip
    nostatus = SiteFactory(slug="nostatus", name="Rumour town", country="FR")
    collective = CollectiveFactory(slug="watching-alibaba")
    Opposition.objects.create(collective=collective, site=liege)
    return {"liege": liege, "briec": briec, "augny": augny, "nostatus": nostatus}


def test_every_public_site_is_a_feature_with_its_properties(client, atlas):
    by_slug = {f["properties"]["slug"]: f for f in features(client)}
    assert sorted(by_slug) == ["augny", "briec", "liege", "nostatus"]
    liege = by_slug["liege"]
    assert liege["type"] == "Feature"
    assert liege["geometry"] == {"type": "Point", "coordinates": [5.45, 50.655]}
    props = liege["properties"]
    assert props["name"] == "Liège hub"
    assert props["status"] == "operational"
    assert props["status_since"] == "2021-03-01"
    assert props["status_since_precision"] == "day"
    assert props["operator"] == {"name": "Cainiao", "slug": "cainiao", "certainty": "confirmed"}
    assert props["developer"] == {"name": "Alibaba Group", "slug": "alibaba", "certainty": "confirmed"}
    assert props["kind"] == "air_cargo_hub"
    assert props["country"] == "BE"
    assert props["municipality"] == "Grâce-Hollogne"
    assert props["url"] == "http://testserver/en/sites/liege/"
    assert by_slug["nostatus"]["properties"]["status"] is None


def test_the_collection_matches_a_plain_orm_reading(client, atlas):
    """The SQL-built collection says exactly what the ORM says about each public site."""
    SiteFactory(slug="gone", deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    site_with_status(Status.RUMOURED, day=dt.date(2023, 1, 1), slug="month", name="Month precision")
    Site.objects.filter(slug="month").first().events.update(date_precision="year")
    expected = []
    for site in Site.objects.public().select_related("operator", "developer").order_by("name", "slug"):
        expected.append(
            {
                "geometry": [round(site.location.x, 6), round(site.location.y, 6)],
                "properties": {
                    "slug": site.slug,
                    "name": site.name,
                    "status": site.status,
                    "status_since": iso_at_precision(site.status_since, site.status_since_precision),
                    "status_since_precision": site.status_since_precision,
                    "operator": site.operator
                    and {"name": site.operator.name, "slug": site.operator.slug, "certainty": site.operator_certainty},
                    "developer": site.developer
                    and {
                        "name": site.developer.name,
                        "slug": site.developer.slug,
                        "certainty": site.developer_certainty,
                    },
                    "kind": site.kind,
                    "country": site.country,
                    "municipality": site.municipality,
                    "location_precision": site.location_precision,
                    "collectives": sorted(
                        o.collective.slug for o in site.oppositions.all() if o.collective.deleted_at is None
                    ),
                    "summary_en": site.summary_en,
                    "summary_fr": site.summary_fr,
                    "text_language": site.text_language,
                    "url": f"http://testserver/en/sites/{site.slug}/",
                },
            }
        )
    got = [{"geometry": f["geometry"]["coordinates"], "properties": f["properties"]} for f in features(client)]
    assert got == expected
    # ...and those are the properties the public record declares, in its order.
    assert [list(f["properties"]) for f in got] == [[p.name for p in PROPERTIES]] * len(got)
    assert "gone" not in [f["properties"]["slug"] for f in got]
    month = next(f for f in got if f["properties"]["slug"] == "month")
    assert month["properties"]["status_since"] == "2023"  # a year stays a year


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=operational", ["augny", "liege"]),
        ("?status=operational,abandoned", ["augny", "briec", "liege"]),
        ("?status=operational&status=abandoned", ["augny", "briec", "liege"]),  # as a form sends it
        ("?operator=amazon", ["augny", "briec"]),
        ("?operator=alibaba", ["liege"]),  # through its subsidiary Cainiao
        ("?operator=cainiao", ["liege"]),
        ("?country=be", ["liege"]),
        ("?country=FR,BE&status=abandoned", ["briec"]),
        ("?kind=fulfilment_centre", ["augny", "briec"]),
        ("?collective=watching-alibaba", ["liege"]),
        ("?q=grace", ["liege"]),  # accent-insensitive, on the municipality
        ("?q=brie", ["briec"]),
        ("?bbox=-5,47,0,49", ["briec"]),
        ("?bbox=5,49,7,51", ["augny", "liege"]),
        ("?bbox=5,49,7,51&status=operational&country=FR", ["augny"]),
        ("?operator=nobody", []),
    ],
)
def test_filters(client, atlas, query, expected):
    assert slugs(client, query) == expected


def test_at_gives_the_status_each_site_had_that_day(client):
    site = SiteFactory(slug="hub")
    EventFactory(site=site, date=dt.date(2019, 1, 1), date_precision="year", status_after=Status.ANNOUNCED)
    EventFactory(site=site, date=dt.date(2020, 6, 15), status_after=Status.PERMIT_GRANTED)
    EventFactory(site=site, date=dt.date(2022, 2, 1), status_after=Status.ABANDONED)
    later = SiteFactory(slug="later")
    EventFactory(site=later, date=dt.date(2021, 1, 10), status_after=Status.RUMOURED)

    def at(day, extra=""):
        return {f["properties"]["slug"]: f["properties"] for f in features(client, f"?at={day}{extra}")}

    assert at("2018-12-31") == {}
    assert at("2019-03-01")["hub"]["status"] == "announced"
    assert at("2019-03-01")["hub"]["status_since"] == "2019"
    assert at("2019-03-01")["hub"]["status_since_precision"] == "year"
    assert set(at("2020-06-15")) == {"hub"}  # 'later' was not announced yet
    assert at("2020-06-15")["hub"]["status"] == "permit_granted"
    assert at("2021-06-01")["later"]["status"] == "rumoured"
    assert at("2023-01-01")["hub"]["status"] == "abandoned"
    # status filters the status on that day, not today's
    assert list(at("2021-06-01", "&status=permit_granted")) == ["hub"]
    assert at("2021-06-01", "&status=abandoned") == {}
    # the CSV says the same
    rows = {r["slug"]: r for r in csv_rows(client, "?at=2020-07-01")}
    assert rows["hub"]["status"] == "permit_granted" and rows["hub"]["status_since"] == "2020-06-15"


def test_pending_and_deleted_events_do_not_count_at_a_date(client):
    site = SiteFactory(slug="hub")
    EventFactory(site=site, date=dt.date(2019, 5, 1), status_after=Status.ANNOUNCED)
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.REFUSED, state="pending")
    [feature] = features(client, "?at=2021-01-01")
    assert feature["properties"]["status"] == "announced"


def test_liege_before_and_after_its_agreement(client, reference_data):
    """Real data: Liège Airport had no status before the Cainiao agreement of 5 December 2018."""
    assert "liege-airport" not in slugs(client, "?at=2018-12-04")
    after = {f["properties"]["slug"]: f["properties"] for f in features(client, "?at=2018-12-05")}
    assert after["liege-airport"]["status"] == "announced"
    assert after["liege-airport"]["status_since"] == "2018-12-05"
    today = {f["properties"]["slug"]: f["properties"] for f in features(client)}
    assert today["liege-airport"]["status"] == Site.objects.get(slug="liege-airport").status
    assert today["liege-airport"]["operator"]["slug"] == "cainiao"


@pytest.mark.parametrize(
    "query", ["", "?country=FR", "?status=operational", "?bbox=5,49,7,51", "?at=2021-03-01", "?operator=alibaba"]
)
def test_csv_has_one_row_per_geojson_feature(client, atlas, query):
    rows = csv_rows(client, query)
    feats = features(client, query)
    assert len(rows) == len(feats)
    assert [r["slug"] for r in rows] == [f["properties"]["slug"] for f in feats]


def test_csv_columns_and_values(client, atlas):
    rows = {r["slug"]: r for r in csv_rows(client)}
    liege = rows["liege"]
    assert float(liege["lon"]) == pytest.approx(5.45) and float(liege["lat"]) == pytest.approx(50.655)
    assert liege["status"] == "operational"
    assert liege["status_since"] == "2021-03-01"
    assert liege["operator"] == "Cainiao" and liege["operator_slug"] == "cainiao"
    assert liege["developer"] == "Alibaba Group"
    assert liege["kind"] == "air_cargo_hub" and liege["country"] == "BE"
    assert liege["municipality"] == "Grâce-Hollogne"
    assert liege["url"] == "http://testserver/en/sites/liege/"


def test_exports_carry_the_licence_and_how_to_cite(client, atlas):
    response = client.get("/api/sites/?country=FR&status=operational")
    body = response.json()
    assert body["license"] == "ODbL-1.0"
    assert "opendatacommons.org" in body["license_url"]
    assert "Hubwatch" in body["attribution"]
    assert body["permalink"] == "http://testserver/api/sites/?country=FR&status=operational"
    assert body["permalink"] in body["how_to_cite"]
    assert dt.date.today().isoformat() in body["how_to_cite"]
    assert body["count"] == len(body["features"]) == 1
    assert 'rel="license"' in response["Link"]

    csv_response = client.get("/api/sites/?country=FR&format=csv")
    assert 'rel="license"' in csv_response["Link"]
    assert "attachment" in csv_response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode())))
    assert {r["license"] for r in rows} == {"ODbL-1.0"}
    assert all("http://testserver/api/sites/?country=FR&format=csv" in r["how_to_cite"] for r in rows)


def test_accept_header_can_ask_for_csv(client, atlas):
    response = client.get("/api/sites/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"slug,name,")


def test_umap_can_load_it_from_another_origin(client, atlas):
    """uMap fetches remote data from the browser: the API must allow any origin to read it."""
    response = client.get("/api/sites/?bbox=-5,42,8,51", HTTP_ORIGIN="https://umap.openstreetmap.fr")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert len(response.json()["features"]) == 4


def test_responses_are_compressed(client):
    for i in range(40):
        SiteFactory(name=f"Hub number {i}", municipality="Saint-Quentin-Fallavier")
    for url in ("/api/sites/", "/api/sites/?format=csv", "/api/events/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip", url


def test_anonymous_users_cannot_write(client, atlas):
    for url in ("/api/sites/", "/api/sites/liege/", "/api/events/", "/api/press/"):
        assert client.post(url, {"name": "x"}, content_type="application/json").status_code in (401, 403, 405)
        assert client.delete(url).status_code in (401, 403, 405)
    assert Site.objects.filter(slug="liege").exists()


def test_head_and_options_answer_cleanly(client, atlas):
    head = client.head("/api/sites/")
    assert head.status_code == 200 and head["ETag"] and head.content == b""
    options = client.options("/api/sites/")
    assert options.status_code == 200
    assert "application/geo+json" in options.json()["renders"]


def test_unknown_status_and_operator_certainty_filter_and_export(client, atlas):
    Site.objects.filter(slug="briec").update(operator_certainty="reported")
    assert slugs(client, "?status=unknown") == ["nostatus"]
    assert slugs(client, "?status=unknown,abandoned") == ["briec", "nostatus"]
    assert slugs(client, "?operator_certainty=confirmed") == ["augny", "liege"]  # no operator: left out
    assert slugs(client, "?operator_certainty=reported,denied") == ["briec"]
    assert slugs(client, "?operator=amazon&operator_certainty=confirmed") == ["augny"]
    rows = {r["slug"]: r for r in csv_rows(client)}
    assert (rows["briec"]["operator"], rows["briec"]["operator_certainty"]) == ("Amazon", "reported")
    assert rows["nostatus"]["status"] == "" and rows["nostatus"]["operator_certainty"] == ""
    bad = client.get("/api/sites/?operator_certainty=maybe")
    assert bad.status_code == 400 and bad.json()["parameter"] == "operator_certainty"
