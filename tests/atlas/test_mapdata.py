import datetime as dt
import gzip
import json

import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from apps.core.models import PublicationState
from apps.sites.models import Status
from apps.sites.public import PROPERTIES
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _payload(client, query=""):
    response = client.get(reverse("map-data") + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _rows(client, query=""):
    """The document's rows as objects named by its columns, as the map's script reads them."""
    payload = _payload(client, query)
    return [dict(zip(payload["columns"], row, strict=True)) for row in payload["rows"]]


def test_map_data_gives_each_public_site_with_its_public_status_history(client):
    group = CompanyFactory(slug="alibaba")
    operator = CompanyFactory(slug="cainiao", name="Cainiao", parent=group)
    site = SiteFactory(
        slug="liege", name="Liège hub", operator=operator, location=Point(5.45, 50.655), summary="First. Second."
    )
    collective = CollectiveFactory(slug="watching")
    site.oppositions.create(collective=collective)
    EventFactory(site=site, date=dt.date(2018, 12, 5), status_after=Status.ANNOUNCED)
    EventFactory(site=site, date=dt.date(2021, 11, 1), date_precision="month", status_after=Status.OPERATIONAL)
    EventFactory(site=site, date=dt.date(2022, 1, 1), status_after=Status.ABANDONED, state=PublicationState.PENDING)

    rows = _rows(client)

    assert len(rows) == 1
    row = rows[0]
    assert (row["slug"], row["name"], row["operator"], row["operator_group"]) == (
        "liege",
        "Liège hub",
        {"name": "Cainiao", "slug": "cainiao", "certainty": "confirmed"},
        "alibaba",
    )
    assert (round(row["lon"], 3), round(row["lat"], 3)) == (5.45, 50.655)
    assert row["teaser"] == "First."
    assert row["collectives"] == ["watching"]
    # The pending event is not public: it must not leak into the slider's history.
    assert row["history"] == [["2018-12-05", "day", "announced"], ["2021-11-01", "month", "operational"]]
    # Every property of the public record the map carries, named as the API names it.
    assert {p.name for p in PROPERTIES if p.in_map} <= set(row)


def test_map_data_takes_the_sites_filters_and_refuses_bad_ones(client):
    SiteFactory(slug="fr", country="FR")
    SiteFactory(slug="be", country="BE")
    assert [row["slug"] for row in _rows(client, "?country=BE")] == ["be"]
    bad = client.get(reverse("map-data") + "?country=France")
    assert bad.status_code == 400 and bad.json()["parameter"] == "country"


def test_map_data_leaves_deleted_sites_out_in_two_queries(client, django_assert_num_queries):
    SiteFactory.create_batch(3)
    SiteFactory(deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with django_assert_num_queries(2):  # the data version, then the whole document
        rows = _payload(client)["rows"]
    assert len(rows) == 3


def test_map_data_is_cached_until_the_data_changes(client, django_assert_num_queries):
    site = SiteFactory(name="Before")
    first = client.get(reverse("map-data"))
    with django_assert_num_queries(1):  # only the data version
        again = client.get(reverse("map-data"))
    assert again.content == first.content
    assert client.get(reverse("map-data"), headers={"if-none-match": first["ETag"]}).status_code == 304

    site.name = "After"
    site.save()
    changed = client.get(reverse("map-data"), headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert _rows(client)[0]["name"] == "After"


def test_map_data_is_served_compressed(client):
    SiteFactory()
    response = client.get(reverse("map-data"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["rows"]
