"""The map in a real browser: filters, the time slider, permalinks, popups."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from apps.sites.models import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)

LIEGE = "/en/sites/liege-airport/"


def open_map(page, live_server, query=""):
    page.goto(f"{live_server.url}/en/{query}")
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15000)


def set_slider(page, day: dt.date):
    """Move the range input to a day (its value counts days from the first dated status)."""
    slider = page.locator("#timebar-slider")
    offset = int(slider.get_attribute("max")) - (dt.date.today() - day).days
    slider.fill(str(offset))
    slider.dispatch_event("change")


def visible_links(page):
    return page.locator("#visible-list a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_filtering_by_status_changes_markers_and_counts(page, live_server, reference_data):
    public = Site.objects.public()
    with_status = public.count()  # a site with no known status is drawn too, as "status unknown"
    refused = public.filter(status="refused").count()
    assert 0 < refused < with_status

    open_map(page, live_server)
    expect(page.locator("#map")).to_have_attribute("data-markers", str(with_status))
    expect(page.locator('[data-count-status="unknown"]')).to_have_text(str(public.filter(status=None).count()))
    expect(page.locator('[data-count-status="refused"]')).to_have_text(str(refused))

    page.get_by_role("checkbox", name=re.compile("Refused")).check()

    expect(page.locator("#map")).to_have_attribute("data-markers", str(refused))
    expect(page.locator("#atlas-total")).to_have_text(f"{refused} sites")
    assert len(visible_links(page)) == refused
    assert "status=refused" in page.url
    # The export links and the table link follow the selection.
    expect(page.locator(".downloads a[download]").first).to_have_attribute("href", re.compile(r"status=refused"))
    expect(page.locator("#table-link")).to_have_attribute("href", "/en/sites/?status=refused")
    # The operator counts now count refused sites only.
    amazon = page.locator('#filter-operator option[value="amazon"]')
    expect(amazon).to_have_text(re.compile(rf"\({public.filter(status='refused').operated_by('amazon').count()}\)"))

    page.go_back()
    expect(page.locator("#map")).to_have_attribute("data-markers", str(with_status))
    expect(page.get_by_role("checkbox", name=re.compile("Refused"))).not_to_be_checked()


def test_slider_shows_liege_as_it_was_before_the_agreements_and_today(page, live_server, reference_data):
    open_map(page, live_server)
    assert LIEGE in visible_links(page)

    set_slider(page, dt.date(2018, 12, 1))
    expect(page.locator("#map")).to_have_attribute("data-at", "2018-12-01")
    expect(page.locator("#timebar-date")).to_have_text("December 1, 2018")
    assert LIEGE not in visible_links(page)
    expect(page.locator("#timebar-summary")).to_contain_text("On December 1, 2018:")
    assert "at=2018-12-01" in page.url

    set_slider(page, dt.date(2018, 12, 5))
    liege = page.locator("#visible-list li", has=page.locator(f'a[href="{LIEGE}"]'))
    expect(liege).to_contain_text("announced since December 5, 2018")

    page.get_by_role("button", name="Today").click()
    expect(liege).to_contain_text("operational")
    assert "at=" not in page.url


def test_play_replays_history_to_today(page, live_server, reference_data):
    open_map(page, live_server, "?at=2022-01-01")
    page.locator("#timebar-speed").select_option("4")
    page.get_by_role("button", name="Play the history").click()
    expect(page.locator("#timebar-play")).to_have_attribute("aria-pressed", "true")
    # Replaying starts from the first event (not from the chosen date).
    expect(page.locator("#map")).not_to_have_attribute("data-at", "2022-01-01")
    expect(page.locator("#timebar-play")).to_have_attribute("aria-pressed", "false", timeout=15000)
    expect(page.locator("#map")).to_have_attribute("data-at", dt.date.today().isoformat())


def test_permalink_restores_the_same_view(page, live_server, reference_data):
    query = "?status=operational&status=refused&country=FR&at=2023-06-01&lat=48.1018&lon=-3.9992&z=9"
    open_map(page, live_server, query)
    expect(page.get_by_role("checkbox", name=re.compile("Operational"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("Refused"))).to_be_checked()
    expect(page.locator("#filter-country")).to_have_value("FR")
    expect(page.locator("#timebar-date")).to_have_text("June 1, 2023")
    links = visible_links(page)
    total = int(page.locator("#map").get_attribute("data-markers"))
    assert links and len(links) < total  # zoomed on Brittany: only the sites around Briec are in view
    assert page.url.endswith(query)  # loading the view does not rewrite it


def test_marker_popup_links_to_its_site_page(page, live_server, reference_data):
    liege = Site.objects.get(slug="liege-airport")
    open_map(page, live_server, f"?lat={liege.location.y}&lon={liege.location.x}&z=13")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text(liege.name)
    expect(popup).to_contain_text("Grâce-Hollogne")
    popup.get_by_role("link", name="Open the site page").click()
    expect(page).to_have_url(f"{live_server.url}{LIEGE}")
    expect(page.locator("h1")).to_have_text(liege.name)


def test_map_works_without_tiles(page, live_server, reference_data):
    page.route("**/test-tiles/**", lambda route: route.abort())
    open_map(page, live_server)
    assert LIEGE in visible_links(page)


def test_embed_shows_the_same_selection(page, live_server, reference_data):
    refused = Site.objects.public().filter(status="refused").count()
    page.goto(f"{live_server.url}/embed/?status=refused")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(refused), timeout=15000)
    expect(page.get_by_role("link", name="Open in Hubwatch")).to_have_attribute("href", "/en/?status=refused")


def test_a_very_large_atlas_is_drawn_from_clusters_of_the_view(page, live_server, reference_data, settings):
    """Above MAP_DYNAMIC_ABOVE sites the map asks the server for the clusters of its view
    (/api/sites/clusters/) instead of holding every site: here the threshold is set under the
    reference data's size."""
    settings.MAP_DYNAMIC_ABOVE = 5
    public = Site.objects.public()  # those with no known status included, drawn as "status unknown"
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    open_map(page, live_server)
    expect(page.locator("#map")).to_have_attribute("data-mode", "dynamic")
    expect(page.locator("#atlas-total")).to_have_text(f"{public.count()} sites")
    expect(page.locator(".timebar")).to_be_hidden()
    expect(page.locator(".dynamic-note")).to_contain_text("More than 5 sites")
    assert not [url for url in asked if "/map/sites.json" in url]
    assert [url for url in asked if "/api/sites/clusters/?" in url and "zoom=" in url]
    # Zoomed out, neighbours are grouped: fewer things drawn than sites.
    assert int(page.locator("#map").get_attribute("data-markers")) < public.count()

    refused = public.filter(status="refused").count()
    page.get_by_role("checkbox", name=re.compile("Refused")).check()
    expect(page.locator("#atlas-total")).to_have_text(f"{refused} sites")
    assert "status=refused" in page.url

    # Close in on Liège: the site comes alone, listed and with its popup.
    liege = Site.objects.get(slug="liege-airport")
    open_map(page, live_server, f"?lat={liege.location.y}&lon={liege.location.x}&z=14")
    expect(page.locator("#visible-list a")).to_have_attribute("href", LIEGE)
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text(liege.name)
    popup.get_by_role("link", name="Open the site page").click()
    expect(page).to_have_url(f"{live_server.url}{LIEGE}")


def test_the_map_says_so_when_its_data_cannot_be_loaded(page, live_server, reference_data):
    page.route("**/map/sites.json", lambda route: route.fulfill(status=503, body="unavailable"))
    page.goto(f"{live_server.url}/")
    expect(page.locator("#map")).to_have_attribute("data-state", "error", timeout=15000)
    message = "The map data could not be loaded. The list of sites still works."
    expect(page.locator("#atlas-total")).to_have_text(message)


def test_a_site_of_unknown_status_is_drawn_and_a_reported_operator_filtered_out(page, live_server, reference_data):
    boigny = Site.objects.get(slug="boigny-sur-bionne")
    assert boigny.status is None
    open_map(page, live_server, f"?lat={boigny.location.y}&lon={boigny.location.x}&z=13")
    item = page.locator("#visible-list li", has=page.locator('a[href="/en/sites/boigny-sur-bionne/"]'))
    expect(item).to_contain_text("status unknown")
    expect(page.locator('[data-count-status="unknown"]')).to_have_text("1")

    fournes = Site.objects.get(slug="fournes")
    open_map(page, live_server, f"?lat={fournes.location.y}&lon={fournes.location.x}&z=13")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".leaflet-popup")).to_contain_text("Operator: Amazon (reported)")

    confirmed = Site.objects.public().filter(operator__isnull=False, operator_certainty="confirmed").count()
    page.locator("#filter-operator_certainty").select_option("confirmed")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(confirmed))
    assert "operator_certainty=confirmed" in page.url
    assert "/en/sites/fournes/" not in visible_links(page)
