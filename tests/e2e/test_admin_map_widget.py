"""Editors place a site by clicking django-leaflet's map widget in the admin."""

import datetime as dt
import math

import pytest
from django.contrib.auth import get_user_model

from apps.sites.models import Event, Site, Status
from tests.factories import CompanyFactory, EventFactory, SiteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page, live_server):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def _zoom(page) -> int:
    """Leaflet's current zoom, read from the scale of its tile layer container."""
    return int(
        page.evaluate(
            "Number(document.querySelector('.leaflet-tile-container img.leaflet-tile')?.src.split('/').at(-3))"
        )
    )


def _pixel_offset(origin, target, zoom):
    """Screen offset in pixels from `origin` to `target` (lon, lat) in Web Mercator at `zoom`."""

    def project(lon, lat):
        scale = 256 * 2**zoom
        return (lon + 180) / 360 * scale, (
            1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi
        ) / 2 * scale

    (x0, y0), (x1, y1) = project(*origin), project(*target)
    return x1 - x0, y1 - y0


def _click_map_to_place_marker(page, x_fraction, y_fraction):
    page.click(".leaflet-draw-draw-marker")
    box = page.locator(".leaflet-container").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * x_fraction, box["y"] + box["height"] * y_fraction)


def test_an_editor_adds_a_site_by_clicking_the_map(editor_page, live_server):
    page = editor_page
    CompanyFactory(name="Amazon", slug="amazon")
    page.goto(f"{live_server.url}/admin/sites/site/add/")
    page.locator("#id_name").press_sequentially("Amazon delivery station, Briec")
    assert page.input_value("#id_slug") == "amazon-delivery-station-briec"  # prepopulated from the name
    page.select_option("#id_kind", "delivery_station")
    page.fill("#id_municipality", "Briec")
    page.fill("#id_country", "FR")
    page.locator(".leaflet-container").first.scroll_into_view_if_needed()
    # The map opens on France; a click up and left of the centre lands in the Channel.
    _click_map_to_place_marker(page, 0.3, 0.4)
    assert page.locator(".leaflet-marker-icon").count() >= 1
    page.click("input[name=_save]")
    assert "is outside FR" in page.locator(".errorlist").first.inner_text()
    assert not Site.objects.exists()

    # What was typed is kept. The map now shows the wrong point up close: the editor zooms out
    # to zoom 5 and clicks on central France, 47.0 N 2.5 E.
    assert page.input_value("#id_municipality") == "Briec"
    map_box = page.locator(".leaflet-container").first
    map_box.scroll_into_view_if_needed()
    while (zoom := _zoom(page)) > 5:
        page.click(".leaflet-control-zoom-out")
        page.locator(f'img.leaflet-tile[src*="/test-tiles/{zoom}/"]').first.wait_for(state="detached")
    page.click(".leaflet-draw-draw-marker")
    box = map_box.bounding_box()
    dx, dy = _pixel_offset((-2.8125, 49.639194), (2.5, 47.0), zoom=5)
    page.mouse.click(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)
    assert page.locator(".leaflet-marker-icon").count() == 1
    page.click("input[name=_save]")
    page.wait_for_selector("ul.messagelist li.success")

    site = Site.objects.get(slug="amazon-delivery-station-briec")
    assert abs(site.location.x - 2.5) < 1 and abs(site.location.y - 47.0) < 1
    assert site.location.srid == 4326
    assert site.status is None  # no timeline yet: the status comes from events only


def test_an_editor_moves_a_site_and_adds_a_timeline_event_inline(editor_page, live_server):
    page = editor_page
    site = SiteFactory(name="Ensisheim warehouse", slug="ensisheim", municipality="Ensisheim")
    EventFactory(site=site, date=dt.date(2020, 6, 1), date_precision="month", status_after=Status.ANNOUNCED)
    before = site.location.clone()
    page.goto(f"{live_server.url}/admin/sites/site/{site.pk}/change/")
    # The existing point is shown on the widget.
    assert page.locator(".leaflet-marker-icon").count() >= 1
    # Status is read-only, derived from the timeline.
    assert page.locator("#id_status").count() == 0

    # Replace the point: delete it with the draw toolbar, then place a new one.
    page.click(".leaflet-draw-edit-remove")
    page.locator(".leaflet-marker-icon").first.click()
    page.click(".leaflet-draw-actions a[title='Save changes']")
    _click_map_to_place_marker(page, 0.7, 0.6)

    page.click("text=Add another Event")
    row = "#events-1"
    page.fill(f"{row} input[name$='-date']", "2022-10-20")
    page.select_option(f"{row} select[name$='-date_precision']", "day")
    page.select_option(f"{row} select[name$='-kind']", "court_ruling")
    page.select_option(f"{row} select[name$='-status_after']", "suspended")
    # The editor writes the title in English and says so; the French one can come later.
    page.select_option(f"{row} select[name$='-text_language']", "en")
    page.fill(f"{row} input[name$='-title_en']", "Administrative court annuls the permit")
    page.click("input[name=_save]")
    page.wait_for_selector("ul.messagelist li.success")

    site.refresh_from_db()
    assert not site.location.equals_exact(before, tolerance=1e-6)
    assert site.status == Status.SUSPENDED
    assert site.status_since == dt.date(2022, 10, 20)
    assert Event.objects.filter(site=site).count() == 2
    added = Event.objects.get(site=site, date=dt.date(2022, 10, 20))
    assert (added.text_language, added.title_en, added.title_fr) == ("en", "Administrative court annuls the permit", "")
