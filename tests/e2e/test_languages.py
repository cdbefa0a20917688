"""The atlas in French in a browser whose language is French: the record's texts in French, a text
not translated yet marked, the language switch keeping the reader on the page, the French Atom
feed, and axe on French pages. Pages have one address per language (/fr/..., /en/...)."""

import datetime as dt

import feedparser
import pytest
from playwright.sync_api import expect

from apps.sites.models import Event, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

from tests.atlas.conftest import _own_cache  # noqa: E402, F401  (the map data cache, per test)
from tests.e2e.axe import serious_violations  # noqa: E402


@pytest.fixture
def browser_context_args(browser_context_args):
    # A French browser (Accept-Language: fr-FR); axe is injected inline, which the CSP forbids.
    return {**browser_context_args, "locale": "fr-FR", "bypass_csp": True}


def test_french_page_and_the_fallback_marker(page, live_server, reference_data):
    site = Site.objects.get(slug="briec")
    Event.objects.create(site=site, date=dt.date(2023, 1, 10), kind="other", title="Only written in English so far")
    page.goto(f"{live_server.url}/fr/sites/briec/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".summary")).to_contain_text("Agence de livraison du dernier kilomètre")
    expect(
        page.get_by_role("heading", name="Les élus de QBO votent pour un site logistique de 10 000 m² à Briec")
    ).to_be_visible()
    fallback = page.locator('h3.event-title[lang="en"]')
    expect(fallback).to_contain_text("Only written in English so far")
    expect(fallback.locator(".fallback-marker")).to_have_text("(in English)")
    expect(fallback.locator(".fallback-marker")).to_be_visible()


def test_an_old_link_lands_in_french_and_the_switch_keeps_the_page(page, live_server, reference_data):
    # A link published before the pages had a language, opened by a French browser.
    page.goto(f"{live_server.url}/sites/briec/?z=12")
    expect(page).to_have_url(f"{live_server.url}/fr/sites/briec/?z=12")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".summary")).to_contain_text("Agence de livraison")
    expect(page.locator('link[rel=alternate][hreflang="en"]')).to_have_attribute(
        "href", f"{live_server.url}/en/sites/briec/"
    )
    page.select_option("#language-select", "en")
    page.locator("form.language button").click()
    expect(page).to_have_url(f"{live_server.url}/en/sites/briec/?z=12")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".summary")).to_contain_text("Amazon last-mile delivery station")
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    # The choice is remembered: an old link now opens in English, whatever the browser says.
    page.goto(f"{live_server.url}/sites/liege-airport/")
    expect(page).to_have_url(f"{live_server.url}/en/sites/liege-airport/")
    page.goto(f"{live_server.url}/en/sites/briec/")
    page.select_option("#language-select", "fr")
    page.locator("form.language button").click()
    expect(page).to_have_url(f"{live_server.url}/fr/sites/briec/")
    expect(page.locator(".summary")).to_contain_text("Agence de livraison")


@pytest.mark.parametrize("path", ["/fr/sites/briec/feed/", "/fr/feeds/events/", "/sites/briec/feed/?lang=fr"])
def test_french_atom_feed_read_with_feedparser(page, live_server, reference_data, path):
    body = page.request.get(f"{live_server.url}{path}").body()
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "fr"
    assert any("Les élus de QBO votent" in entry.title for entry in feed.entries)
    assert not any("QBO councillors vote" in entry.title for entry in feed.entries)
    briec = [entry for entry in feed.entries if "Briec" in entry.title]
    assert briec and all(entry.link.startswith(f"{live_server.url}/fr/sites/briec/") for entry in briec)


@pytest.mark.parametrize(
    "path", ["/fr/", "/fr/sites/briec/", "/fr/sites/liege-airport/", "/fr/collectives/watching-alibaba/"]
)
def test_no_serious_accessibility_violation_on_french_pages(page, live_server, reference_data, path):
    page.goto(f"{live_server.url}{path}")
    if path == "/fr/":
        page.wait_for_selector("#map[data-state=ready]", timeout=15000)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert serious_violations(page) == []
