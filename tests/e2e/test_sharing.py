"""Sharing in a real browser: what a chat or a social network does with a site link (read its
Open Graph tags, fetch the image), and the map's "Download the map" menu."""

import io
import json

import pytest
from PIL import Image
from playwright.sync_api import expect

from apps.atlas.legend import STATUS_STYLE
from apps.sites.models import Site, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)


def test_a_shared_site_link_previews_as_a_card_in_its_status_colour(page, live_server, reference_data):
    site = Site.objects.get(slug="liege-airport")
    page.goto(f"{live_server.url}{site.get_absolute_url()}")
    og = {
        name: page.locator(f'meta[property="{name}"]').get_attribute("content")
        for name in ("og:title", "og:description", "og:image", "og:url")
    }
    assert og["og:title"] == site.name
    assert og["og:url"] == f"{live_server.url}{site.get_absolute_url()}"
    assert og["og:description"].startswith(str(Status(site.status).label).capitalize())
    response = page.request.get(og["og:image"])
    assert response.ok and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.body())).convert("RGB")
    assert image.size == (1200, 630)
    colour = STATUS_STYLE[Status(site.status)][0]
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    counts = {c: n for n, c in image.getcolors(maxcolors=1 << 24)}
    assert counts.get(rgb, 0) > 200


def test_download_menu_keeps_the_filters_date_and_view(page, live_server, reference_data):
    page.goto(f"{live_server.url}/en/?status=abandoned&at=2021-06-01&lat=48.5000&lon=3.5000&z=6")
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15000)
    page.get_by_text("Download the map").click()
    png = page.get_by_role("link", name="As an image (PNG)")
    pdf = page.get_by_role("link", name="As a document (PDF)")
    expect(png).to_have_attribute("href", "/map.png?status=abandoned&at=2021-06-01&lat=48.5000&lon=3.5000&z=6")
    expect(pdf).to_have_attribute("href", "/map.pdf?status=abandoned&at=2021-06-01&lat=48.5000&lon=3.5000&z=6")
    # Zoom in: the links follow the view on screen.
    page.locator(".leaflet-control-zoom-in").click()
    expect(png).to_have_attribute("href", "/map.png?status=abandoned&at=2021-06-01&lat=48.5000&lon=3.5000&z=7")
    # So does the citation's permalink.
    permalink = f"{live_server.url}/en/?status=abandoned&at=2021-06-01&lat=48.5000&lon=3.5000&z=7"
    expect(page.locator(".cite-apa a[data-permalink]")).to_have_text(permalink)
    expect(page.locator(".cite-chicago a[data-permalink]")).to_have_attribute("href", permalink)
    with page.expect_download() as download:
        png.click()
    image = Image.open(download.value.path())
    assert image.format == "PNG"
    assert set(json.loads(image.text["Hubwatch-Counts"])) == {"abandoned"}
