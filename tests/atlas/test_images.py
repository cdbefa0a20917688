"""Rendered images: the map as PNG or PDF with the filters, date and view of its link, and a
site's 1200x630 preview card."""

import io
import json
from collections import Counter

import pytest
from PIL import Image

from apps.atlas.legend import STATUS_STYLE
from apps.atlas.render.mapimage import FOOTER, PANEL
from apps.sites.models import Status
from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _png(response) -> Image.Image:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def _has_colour(image: Image.Image, hex_colour: str, at_least: int = 20) -> bool:
    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    colours = {colour: n for n, colour in image.convert("RGB").getcolors(maxcolors=1 << 24)}
    return colours.get(rgb, 0) >= at_least


def _api_counts(client, query: str) -> dict[str, int]:
    collection = client.get(f"/api/sites/?{query}").json()
    return dict(Counter(feature["properties"]["status"] for feature in collection["features"]))


def test_map_png_draws_the_sites_abandoned_on_a_day_with_the_api_counts(client, reference_data):
    query = "status=abandoned&at=2021-06-01"
    image = _png(client.get(f"/map.png?{query}"))
    assert image.size == (1200, 800)
    expected = _api_counts(client, query)
    assert expected and set(expected) == {"abandoned"}
    assert json.loads(image.text["Hubwatch-Counts"]) == expected
    # The abandoned sites are drawn in their colour; no other status's colour is on the map.
    assert _has_colour(image, STATUS_STYLE[Status.ABANDONED][0])
    map_area = image.crop((0, 0, 1200 - PANEL, 800 - FOOTER))
    assert not _has_colour(map_area, STATUS_STYLE[Status.OPERATIONAL][0], at_least=1)
    assert image.text["Source"] == f"http://testserver/en/?{query}"
    assert "Hubwatch contributors" in image.text["Comment"] and f"/en/?{query}" in image.text["Comment"]
    # In French (?lang=fr, as the French map page's preview asks), the map's French address.
    french = _png(client.get(f"/map.png?{query}&lang=fr"))
    assert french.text["Source"] == f"http://testserver/fr/?{query}&lang=fr"


def test_map_png_counts_follow_the_day(client, reference_data):
    for query in ("at=2019-06-01", "at=2023-01-01&country=FR", "status=operational,refused"):
        image = _png(client.get(f"/map.png?{query}"))
        assert json.loads(image.text["Hubwatch-Counts"]) == _api_counts(client, query)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=closed", "status"),
        ("at=2021-13-01", "at"),
        ("bbox=1,2,3", "bbox"),
        ("width=99999", "width"),
        ("height=10", "height"),
        ("lat=48.5&lon=3", "z"),
        ("lat=48.5&lon=3&z=40", "z"),
        ("lat=95&lon=3&z=5", "lat"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, query, parameter):
    response = client.get(f"/map.png?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_size_and_view_are_honoured(client):
    site = SiteFactory()
    EventFactory(site=site, status_after=Status.ANNOUNCED)
    image = _png(client.get("/map.png?width=800&height=500&lat=48.85&lon=2.35&z=9"))
    assert image.size == (800, 500)
    # The site is at the centre of the map area, drawn in its status's colour.
    centre = image.convert("RGB").getpixel(((800 - PANEL) // 2, (500 - FOOTER) // 2))
    assert centre == tuple(int(STATUS_STYLE[Status.ANNOUNCED][0][i : i + 2], 16) for i in (1, 3, 5))


def test_map_pdf(client, reference_data):
    response = client.get("/map.pdf?status=abandoned")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_images_are_revalidated_per_data_version(client):
    site = SiteFactory()
    first = client.get("/map.png")
    assert first.status_code == 200 and first.has_header("ETag")
    assert "Content-Encoding" not in first
    assert client.get("/map.png", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    EventFactory(site=site, status_after=Status.ANNOUNCED)
    again = client.get("/map.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert json.loads(_png(again).text["Hubwatch-Counts"]) == {"announced": 1}


def test_site_card_is_a_1200x630_png_in_its_status_colour(client):
    site = SiteFactory(name="Dambach-la-Ville")
    EventFactory(site=site, status_after=Status.PERMIT_GRANTED)
    image = _png(client.get(f"/en/sites/{site.slug}/card.png"))
    assert image.size == (1200, 630)
    assert _has_colour(image, STATUS_STYLE[Status.PERMIT_GRANTED][0], at_least=200)
    assert client.get(f"/en/sites/{site.slug}/card.png", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_a_hidden_site_has_no_card(client):
    from django.utils import timezone

    site = SiteFactory(deleted_at=timezone.now())
    assert client.get(f"/en/sites/{site.slug}/card.png").status_code == 404


def test_pages_point_their_preview_at_the_images(client):
    from tests.atlas.test_crawlers import head

    site = SiteFactory()
    assert (
        head(client.get(site.get_absolute_url())).meta["og:image"] == f"http://testserver/en/sites/{site.slug}/card.png"
    )
    meta = head(client.get("/fr/?status=abandoned&at=2021-06-01&lat=48.5&lon=3.5&z=6")).meta
    # In the page's language: crawlers fetching the image send no Accept-Language.
    assert meta["og:image"] == "http://testserver/map.png?status=abandoned&at=2021-06-01&lat=48.5&lon=3.5&z=6&lang=fr"
    # A link whose view the image cannot draw still gets an image: the whole map.
    assert head(client.get("/en/?z=99&lat=1&lon=1")).meta["og:image"] == "http://testserver/map.png?lang=en"
