"""templates/api/download_links.html: download buttons that export exactly the current view."""

import csv
import io
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def links(query: str) -> list[str]:
    request = RequestFactory().get(f"/en/sites/{query}")
    html = render_to_string("api/download_links.html", {"request": request})
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def test_links_carry_the_page_filters_and_drop_the_rest():
    csv_link, geojson_link, docs = links("?status=operational&country=FR&page=3&tab=list")
    assert csv_link == "/api/sites/?status=operational&country=FR&format=csv"
    assert geojson_link == "/api/sites/?status=operational&country=FR"
    assert docs == "/api/docs/"
    assert links("")[:2] == ["/api/sites/?format=csv", "/api/sites/"]
    # the map's filter form sends one `status` per ticked box
    assert links("?status=announced&status=refused")[1] == "/api/sites/?status=announced&status=refused"


def test_the_csv_link_downloads_the_filtered_view(client):
    for status in ("operational", "abandoned"):
        EventFactory(site=SiteFactory(country="FR"), status_after=status)
    EventFactory(site=SiteFactory(country="FR"), status_after="refused")
    csv_link, geojson_link, _docs = links("?status=operational")
    rows = list(csv.DictReader(io.StringIO(client.get(csv_link).content.decode())))
    assert [r["status"] for r in rows] == ["operational"]
    assert len(client.get(geojson_link).json()["features"]) == 1
    csv_link, geojson_link, _docs = links("?status=operational&status=refused")
    rows = list(csv.DictReader(io.StringIO(client.get(csv_link).content.decode())))
    assert sorted(r["status"] for r in rows) == ["operational", "refused"]
