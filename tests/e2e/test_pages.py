"""Server-rendered pages in a real browser: the site page, the French interface, a phone screen."""

import re

import pytest
from playwright.sync_api import expect

from apps.sites.models import Event, Site
from tests.conftest import TILE_PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)


def test_site_page_lists_its_dated_events_with_sources(page, live_server, reference_data):
    site = Site.objects.get(slug="liege-airport")
    events = list(Event.objects.public().filter(site=site).chronological())
    page.goto(f"{live_server.url}{site.get_absolute_url()}")

    items = page.locator(".timeline-event")
    expect(items).to_have_count(len(events))
    first = items.first
    expect(first.locator("time")).to_have_text("May 31, 2018")
    expect(first.locator("time")).to_have_attribute("datetime", "2018-05-31")
    source = events[0].sources.first()
    expect(first.locator(".sources a").first).to_have_attribute("href", source.url)
    # A date known to the month is shown as a month, not as its first day.
    month_event = next(e for e in events if e.date_precision == "month")
    expect(page.locator("time", has_text=re.compile(rf"^{month_event.date:%B %Y}$")).first).to_be_visible()
    expect(page.locator("#site-map")).to_have_attribute("data-state", "ready")
    expect(page.get_by_role("heading", name="Opposed by")).to_be_visible()
    expect(page.get_by_role("link", name="Watching Alibaba").first).to_be_visible()


def test_french_interface(browser, live_server, reference_data):
    context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    page = context.new_page()
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    page.goto(f"{live_server.url}/?at=2018-12-05")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("navigation", name="Principale").get_by_role("link", name="Carte")).to_be_visible()
    expect(page.locator("#map")).to_have_attribute("data-state", "ready", timeout=15000)
    expect(page.locator("#timebar-date")).to_have_text("5 décembre 2018")
    expect(page.get_by_role("checkbox", name=re.compile("Annoncé"))).to_be_visible()
    expect(page.locator("#timebar-summary")).to_contain_text("Au 5 décembre 2018")
    expect(page.locator("#visible-list")).to_contain_text("annoncé depuis 5 décembre 2018")

    page.goto(f"{live_server.url}/sites/liege-airport/")
    expect(page.get_by_role("heading", name="Chronologie")).to_be_visible()
    expect(page.locator(".timeline-event time").first).to_have_text("31 mai 2018")
    context.close()


@pytest.mark.parametrize("path", ["/", "/sites/", "/sites/liege-airport/", "/stats/", "/press/"])
def test_pages_fit_a_phone_screen(browser, live_server, reference_data, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.route("**/test-tiles/**", lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG))
    page.goto(f"{live_server.url}{path}")
    # Nothing wider than the screen: no sideways scrolling of the page (wide tables scroll in their box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
