"""oEmbed: a pasted link to a site or to the map becomes an embedded map that keeps the link's
filters and date; pages say where to ask (discovery <link>)."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.atlas.test_crawlers import head
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


class Iframe(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs = None

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.attrs = dict(attrs)


def iframe(html: str) -> dict:
    parser = Iframe()
    parser.feed(html)
    return parser.attrs


def discover(client, path: str) -> dict:
    (href,) = head(client.get(path)).links["alternate"][-1:]
    assert href.startswith("/oembed?")
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_map_link_embeds_the_map_with_its_filters_and_date(client):
    data = discover(client, "/fr/?status=abandoned&at=2021-06-01")
    assert data["version"] == "1.0" and data["type"] == "rich" and data["provider_name"] == "Hubwatch"
    assert data["title"] == "Carte des sites logistiques contestés"
    src = iframe(data["html"])["src"]
    assert src.startswith("http://testserver/embed/?")
    # The embedded map and its thumbnail are in the link's language.
    assert parse_qs(urlsplit(src).query) == {"status": ["abandoned"], "at": ["2021-06-01"], "lang": ["fr"]}
    assert data["thumbnail_url"] == "http://testserver/map.png?status=abandoned&at=2021-06-01&lang=fr"
    # The embed answers and may be framed by other sites.
    embed = client.get(src.removeprefix("http://testserver"))
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]


def test_a_site_link_embeds_the_map_around_the_site(client):
    site = SiteFactory(name="Ensisheim <hub>")
    data = discover(client, site.get_absolute_url())
    assert data["title"] == "Ensisheim <hub>"
    attrs = iframe(data["html"])
    assert attrs["title"] == "Ensisheim <hub>"  # escaped in the HTML, read back as text
    query = parse_qs(urlsplit(attrs["src"]).query)
    assert query == {"lat": ["48.8500"], "lon": ["2.3500"], "z": ["11"], "lang": ["en"]}
    assert data["thumbnail_url"] == f"http://testserver/en/sites/{site.slug}/card.png"


def test_a_link_published_before_the_addresses_had_a_language_still_embeds(client):
    site = SiteFactory(name="Briec")
    old = client.get("/oembed", {"url": f"http://testserver/sites/{site.slug}/"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert old.status_code == 200
    assert old.json()["title"] == "Briec"
    assert old.json()["thumbnail_url"] == f"http://testserver/fr/sites/{site.slug}/card.png"
    assert client.get("/oembed", {"url": "http://testserver/?status=abandoned"}).status_code == 200


def test_size_is_bounded(client):
    response = client.get("/oembed", {"url": "http://testserver/", "maxwidth": "400", "maxheight": "5000"})
    data = response.json()
    assert (data["width"], data["height"]) == (400, 600)
    assert 'width="400"' in data["html"]
    bad = client.get("/oembed", {"url": "http://testserver/", "maxwidth": "wide"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "maxwidth"


@pytest.mark.parametrize(
    "url",
    ["http://elsewhere.example/", "http://testserver/en/accounts/login/", "http://testserver/en/sites/nowhere/", ""],
)
def test_only_hubwatch_maps_and_sites_embed(client, url):
    assert client.get("/oembed", {"url": url}).status_code == 404


def test_only_json(client):
    assert client.get("/oembed", {"url": "http://testserver/", "format": "xml"}).status_code == 501
