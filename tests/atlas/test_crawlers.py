"""What crawlers and browsers ask for: the sitemap, robots.txt, the favicon and the manifest, and
each page's canonical address."""

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from apps.sites.models import Site
from tests.factories import CollectiveFactory, EventFactory, SiteFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class Head(HTMLParser):
    """The <link> and <meta> tags of a page."""

    def __init__(self):
        super().__init__()
        self.links: dict[str, list[str]] = {}
        self.meta: dict[str, str] = {}
        self.hreflang: dict[str, str] = {}  # <link rel="alternate" hreflang>: language -> address

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link":
            if a.get("hreflang"):
                self.hreflang[a["hreflang"]] = a.get("href")
                return
            for rel in (a.get("rel") or "").split():
                self.links.setdefault(rel, []).append(a.get("href"))
        elif tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content")


def head(response) -> Head:
    parser = Head()
    parser.feed(response.content.decode())
    return parser


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own document
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_every_public_page_dated_by_its_record(client):
    site = SiteFactory()
    hidden = SiteFactory(deleted_at=timezone.now())
    collective = CollectiveFactory()
    entries = sitemap_entries(client)
    for path in (
        "/en/",
        "/fr/",
        "/en/sites/",
        "/fr/sites/",
        "/en/collectives/",
        "/en/press/",
        "/en/stats/",
        "/api/docs/",
    ):
        assert f"http://testserver{path}" in entries
    assert "http://testserver/fr/api/docs/" not in entries
    assert f"http://testserver/en/sites/{site.slug}/" in entries
    assert f"http://testserver/en/collectives/{collective.slug}/" in entries
    assert f"http://testserver/fr/sites/{site.slug}/" in entries
    assert f"http://testserver/fr/collectives/{collective.slug}/" in entries
    assert f"http://testserver/en/sites/{hidden.slug}/" not in entries
    assert entries[f"http://testserver/en/sites/{site.slug}/"] == site.updated.astimezone(dt.UTC).date().isoformat()


def test_a_site_lastmod_moves_with_its_timeline(client):
    site = SiteFactory()
    Site.objects.filter(pk=site.pk).update(updated=timezone.now() - dt.timedelta(days=40))
    before = sitemap_entries(client)[f"http://testserver/en/sites/{site.slug}/"]
    EventFactory(site=site)
    after = sitemap_entries(client)[f"http://testserver/en/sites/{site.slug}/"]
    assert before == (timezone.now() - dt.timedelta(days=40)).astimezone(dt.UTC).date().isoformat()
    assert after == timezone.now().astimezone(dt.UTC).date().isoformat()


def test_robots_allows_public_pages_and_keeps_crawlers_out_of_accounts_and_writes(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    for path in (
        "/en/accounts/",
        "/fr/accounts/",
        "/accounts/",
        "/en/moderation/",
        "/admin/",
        "/fr/contribute/",
        "/api/sites/*/events/",
    ):
        assert f"Disallow: {path}" in lines
    # Nothing public is disallowed.
    for path in ("/en/sites/", "/fr/sites/", "/api/sites/", "/en/collectives/", "/en/press/"):
        assert f"Disallow: {path}" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_favicon_and_manifest(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 302
    assert favicon["Location"].endswith(".ico")
    page = head(client.get("/en/sites/"))
    assert any(href.endswith("favicon.svg") for href in page.links["icon"])
    manifest = client.get(page.links["manifest"][0])
    assert manifest.status_code == 200
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["short_name"] == "Hubwatch"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/", "/en/sites/", "/fr/sites/", "/en/collectives/", "/en/press/", "/en/stats/"]
)
def test_every_public_page_names_its_canonical_address(client, path):
    response = client.get(path + "?page=1" if path == "/en/press/" else path)
    assert response.status_code == 200
    assert head(response).links["canonical"] == [f"http://testserver{path}"]


def test_site_and_collective_pages_are_canonical_too(client):
    site = SiteFactory()
    collective = CollectiveFactory()
    for path in (site.get_absolute_url(), collective.get_absolute_url()):
        assert head(client.get(path)).links["canonical"] == [f"http://testserver{path}"]
