"""Feeds per language: /fr/feeds/events/ and /en/feeds/events/; at today's unprefixed addresses,
`?lang=` or Accept-Language choose the texts and the xml:lang. Read here as a feed reader does
(feedparser)."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    site = SiteFactory(slug="briec", name="Briec")
    EventFactory(site=site, date=dt.date(2020, 1, 1), title="Councillors vote", title_fr="Les élus votent")
    EventFactory(site=site, date=dt.date(2021, 1, 1), title="Earthworks start")


@pytest.mark.parametrize(("query", "headers"), [({"lang": "fr"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "fr-BE,fr;q=0.9"})])
def test_french_atom_feed_at_todays_addresses(client, events, query, headers):
    for url in ("/feeds/events/", "/sites/briec/feed/"):
        feed = feedparser.parse(client.get(url, query, **headers).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == "fr"
        titles = [entry.title for entry in feed.entries]
        assert any(t.endswith("Briec: Les élus votent") for t in titles)
        # Not translated yet: the English original, rather than nothing.
        assert any(t.endswith("Briec: Earthworks start") for t in titles)


def test_feeds_per_language(client, events):
    with translation.override("fr"):
        french = [reverse("feeds:events"), reverse("feeds:site", kwargs={"slug": "briec"})]
    assert french == ["/fr/feeds/events/", "/fr/sites/briec/feed/"]
    for url in french:
        # The address says the language, whatever the reader's browser asks.
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == "fr"
        assert any(entry.title.endswith("Briec: Les élus votent") for entry in feed.entries)
        # Its links go to the French pages; entry ids do not change with the language.
        assert feed.feed.link in ("http://testserver/fr/", "http://testserver/fr/sites/briec/")
        assert all(entry.link.startswith("http://testserver/fr/sites/briec/#event-") for entry in feed.entries)
        assert all(entry.id.startswith("http://testserver/sites/briec/#event-") for entry in feed.entries)
    english = feedparser.parse(client.get("/en/feeds/events/", HTTP_ACCEPT_LANGUAGE="fr").content)
    assert english.feed.language == "en"
    assert any(entry.title.endswith("Briec: Councillors vote") for entry in english.entries)
    assert all(entry.link.startswith("http://testserver/en/sites/briec/") for entry in english.entries)


def test_english_atom_feed_by_default(client, events):
    feed = feedparser.parse(client.get("/feeds/events/").content)
    assert feed.feed.language == "en"
    assert any(entry.title.endswith("Briec: Councillors vote") for entry in feed.entries)
