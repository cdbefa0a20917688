"""The outline base map: with the tile server unreachable, the map and a site's page still show
where the sites are, on Natural Earth's country outlines."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)


def _block_tiles(page):
    page.unroute("**/test-tiles/**")
    page.route("**/test-tiles/**", lambda route: route.abort())


def _land_pixels(page, selector: str) -> int:
    """Pixels of the outline's land colour (#f7f5ef) in a screenshot of the element."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(page.locator(selector).screenshot())).convert("RGB")
    return {colour: n for n, colour in image.getcolors(maxcolors=1 << 24)}.get((247, 245, 239), 0)


def test_map_draws_country_outlines_when_tiles_fail(page, live_server, reference_data):
    _block_tiles(page)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15000)
    expect(page.locator("#map")).to_have_attribute("data-basemap", "outline", timeout=15000)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
    assert int(page.locator("#map").get_attribute("data-markers")) > 0
    assert _land_pixels(page, "#map") > 10_000


def test_map_without_a_tile_server_uses_the_outlines(page, live_server, reference_data, settings):
    settings.MAP_TILES_URL = ""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/sites/liege-airport/")
    expect(page.locator("#site-map")).to_have_attribute("data-basemap", "outline", timeout=15000)
    assert not [url for url in requested if "test-tiles" in url]
    assert _land_pixels(page, "#site-map") > 1_000


def test_tiles_that_load_keep_the_outlines_away(page, live_server, reference_data):
    page.goto(f"{live_server.url}/")
    expect(page.locator("#map")).to_have_attribute("data-basemap", "tiles", timeout=15000)
    assert page.locator(".leaflet-pane.leaflet-outline-pane path").count() == 0
