"""Feeds in the reader's language: `?lang=` or Accept-Language choose the texts and the xml:lang,
read here as a feed reader does (feedparser)."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    site = SiteFactory(slug="briec", name="Briec")
    EventFactory(site=site, date=dt.date(2020, 1, 1), title="Councillors vote", title_fr="Les élus votent")
    EventFactory(site=site, date=dt.date(2021, 1, 1), title="Earthworks start")


@pytest.mark.parametrize(("query", "headers"), [({"lang": "fr"}, {}), ({}, {"HTTP_ACCEPT_LANGUAGE": "fr-BE,fr;q=0.9"})])
def test_french_atom_feed(client, events, query, headers):
    for url in (reverse("feeds:events"), reverse("feeds:site", kwargs={"slug": "briec"})):
        feed = feedparser.parse(client.get(url, query, **headers).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == "fr"
        titles = [entry.title for entry in feed.entries]
        assert any(t.endswith("Briec: Les élus votent") for t in titles)
        # Not translated yet: the English original, rather than nothing.
        assert any(t.endswith("Briec: Earthworks start") for t in titles)


def test_english_atom_feed_by_default(client, events):
    feed = feedparser.parse(client.get(reverse("feeds:events")).content)
    assert feed.feed.language == "en"
    assert any(entry.title.endswith("Briec: Councillors vote") for entry in feed.entries)
