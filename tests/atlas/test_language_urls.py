"""One address per page and language (/fr/..., /en/...): hreflang alternates (x-default: the old
unprefixed address, which sends each reader to their language), the switch keeping the page,
old unprefixed addresses answering 301 to the reader's language, the open data keeping its
addresses, the sitemap listing both languages."""

import xml.etree.ElementTree as ET  # noqa: S405 - our own sitemap

import pytest
from django.conf import settings

from tests.atlas.test_crawlers import head
from tests.factories import CollectiveFactory, EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briec():
    site = SiteFactory(
        slug="briec", name="Briec", summary_en="A delivery station.", summary_fr="Une agence de livraison."
    )
    EventFactory(site=site, title="Councillors vote", title_fr="Les élus votent")
    return site


def test_each_language_has_its_page_with_alternates_for_both_and_x_default(client, briec):
    for language, summary in (("fr", "Une agence de livraison."), ("en", "A delivery station.")):
        response = client.get(f"/{language}/sites/briec/", HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}">' in html and summary in html
        page = head(response)
        assert page.links["canonical"] == [f"http://testserver/{language}/sites/briec/"]
        assert page.meta["og:url"] == f"http://testserver/{language}/sites/briec/"
        assert page.hreflang == {
            "fr": "http://testserver/fr/sites/briec/",
            "en": "http://testserver/en/sites/briec/",
            "x-default": "http://testserver/sites/briec/",
        }
    # The timeline too.
    assert "Les élus votent" in client.get("/fr/sites/briec/").content.decode()
    assert "Councillors vote" in client.get("/en/sites/briec/").content.decode()


@pytest.mark.parametrize(
    ("old", "headers", "new"),
    [
        # No cookie, no Accept-Language: the default language.
        ("/sites/briec/", {}, "/en/sites/briec/"),
        ("/sites/briec/", {"HTTP_ACCEPT_LANGUAGE": "fr-BE,fr;q=0.9,en;q=0.5"}, "/fr/sites/briec/"),
        # The language switch's cookie wins over Accept-Language.
        ("/sites/briec/", {"HTTP_ACCEPT_LANGUAGE": "fr", "HTTP_COOKIE": "django_language=en"}, "/en/sites/briec/"),
        ("/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/"),
        (
            "/?status=abandoned&at=2021-06-01&z=6",
            {"HTTP_ACCEPT_LANGUAGE": "fr"},
            "/fr/?status=abandoned&at=2021-06-01&z=6",
        ),
        ("/sites/?country=FR&q=d%C3%A9p%C3%B4t", {}, "/en/sites/?country=FR&q=d%C3%A9p%C3%B4t"),
        ("/sites/briec/as-of/2024-01-01/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/sites/briec/as-of/2024-01-01/"),
        ("/collectives/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/collectives/"),
        ("/press/?page=1", {}, "/en/press/?page=1"),
        ("/stats/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/stats/"),
        ("/follow/", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/follow/"),
        ("/sites/briec/card.png", {"HTTP_ACCEPT_LANGUAGE": "fr"}, "/fr/sites/briec/card.png"),
    ],
)
def test_old_unprefixed_addresses_redirect_permanently_to_the_readers_language(client, briec, old, headers, new):
    response = client.get(old, **headers)
    assert response.status_code == 301
    assert response["Location"] == new
    # Caches must not give one reader's redirect to another.
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    assert client.get(new).status_code == 200


def test_a_published_link_followed_to_the_end(client, briec):
    response = client.get("/sites/briec/?lat=48.1", HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert response.redirect_chain == [("/fr/sites/briec/?lat=48.1", 301)]
    assert "Une agence de livraison." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/sites/",
        "/api/sites/briec/",
        "/api/docs/",
        "/healthz",
        "/embed/",
        "/map/sites.json",
        "/map.png",
        "/sitemap.xml",
        "/robots.txt",
        "/manifest.webmanifest",
        "/oembed?url=http://testserver/fr/sites/briec/",
        # Today's feed addresses keep answering: feed readers do not always follow redirects.
        "/feeds/events/",
        "/feeds/events.ics",
        "/sites/briec/feed/",
    ],
)
def test_open_data_and_feeds_keep_their_addresses(client, briec, path):
    assert client.get(path).status_code == 200


def test_the_language_switch_keeps_the_reader_on_the_same_page(client, briec):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/fr/sites/briec/?lat=48.1&z=9"})
    assert response.status_code == 302
    assert response["Location"] == "/en/sites/briec/?lat=48.1&z=9"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # The switch's form names the page it is on.
    html = client.get("/fr/sites/briec/").content.decode()
    assert 'name="next" type="hidden" value="/fr/sites/briec/"' in html
    # Back to French, from the English page; an address elsewhere is refused.
    back = client.post("/i18n/setlang/", {"language": "fr", "next": "/en/sites/briec/"})
    assert back["Location"] == "/fr/sites/briec/"
    assert client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})["Location"] == "/"
    # Later, an old address follows the choice.
    assert client.get("/sites/briec/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/fr/sites/briec/"


def test_the_sitemap_lists_both_languages_with_their_alternates(client, briec):
    collective = CollectiveFactory(slug="stop-briec")
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", ns)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", ns)
    }
    alternates = {
        "fr": "http://testserver/fr/sites/briec/",
        "en": "http://testserver/en/sites/briec/",
        "x-default": "http://testserver/sites/briec/",
    }
    assert entries["http://testserver/fr/sites/briec/"] == alternates
    assert entries["http://testserver/en/sites/briec/"] == alternates
    assert entries["http://testserver/fr/"]["en"] == "http://testserver/en/"
    assert f"http://testserver/fr/collectives/{collective.slug}/" in entries
    assert not [loc for loc in entries if "://testserver/sites/" in loc]


def test_absolute_addresses_name_the_page_in_its_language(client, briec):
    # The API names each site's page in the language asked.
    french = client.get("/api/sites/?lang=fr").json()["features"][0]["properties"]["url"]
    english = client.get("/api/sites/", HTTP_ACCEPT_LANGUAGE="en").json()["features"][0]["properties"]["url"]
    assert (french, english) == ("http://testserver/fr/sites/briec/", "http://testserver/en/sites/briec/")
    assert client.get("/api/sites/briec/?lang=fr").json()["properties"]["url"] == "http://testserver/fr/sites/briec/"
    # The citation files of the French page name its French permalink.
    bib = client.get("/fr/sites/briec/cite.bib").content.decode()
    assert "http://testserver/fr/sites/briec/as-of/" in bib
    # The French page's cite box, and its card's image.
    page = client.get("/fr/sites/briec/").content.decode()
    assert "http://testserver/fr/sites/briec/as-of/" in page
    assert head(client.get("/fr/sites/briec/")).meta["og:image"] == "http://testserver/fr/sites/briec/card.png"
    # A pasted French link embeds in French.
    oembed = client.get("/oembed", {"url": "http://testserver/fr/sites/briec/"}).json()
    assert oembed["thumbnail_url"] == "http://testserver/fr/sites/briec/card.png"
    assert "lang=fr" in oembed["html"]
