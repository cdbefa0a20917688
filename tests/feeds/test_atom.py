"""Atom feeds: all published events newest first, one site's, one collective's."""

import datetime as dt

import feedparser
import pytest

from apps.collectives.models import Opposition
from apps.sites.models import Status
from tests.factories import CollectiveFactory, EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.fixture
def timeline():
    hub = SiteFactory(slug="hub", name="Liège hub", municipality="Grâce-Hollogne", country="BE")
    other = SiteFactory(slug="other", name="Briec")
    source = PressItemFactory(url="https://www.lesoir.be/x", title="Contract signed", outlet="Le Soir")
    signed = EventFactory(
        site=hub, date=dt.date(2018, 12, 5), title="Agreement signed", status_after=Status.ANNOUNCED,
        kind="agreement", description="Cainiao & the airport <sign>.",
    )  # fmt: skip
    signed.sources.add(source, PressItemFactory(title="Hidden source", state="pending"))
    EventFactory(site=hub, date=dt.date(2021, 1, 1), date_precision="year", title="Opening year", kind="opening")
    EventFactory(site=other, date=dt.date(2022, 6, 1), date_precision="month", title="Demonstration in Briec",
                 kind="demonstration")  # fmt: skip
    EventFactory(site=hub, date=dt.date(2023, 1, 1), title="Pending rumour", state="pending")
    collective = CollectiveFactory(slug="stop", name="Stop Briec")
    Opposition.objects.create(collective=collective, site=other)
    involved = EventFactory(site=hub, date=dt.date(2019, 3, 1), title="Stop Briec joins a Liège march")
    involved.collectives.add(collective)
    return hub


def test_all_events_newest_first_with_dates_at_their_precision(client, timeline):
    feed = parse(client, "/feeds/events/")
    titles = [e.title for e in feed.entries]
    assert titles == [
        "June 2022 · Briec: Demonstration in Briec",
        "2021 · Liège hub: Opening year",
        "March 1, 2019 · Liège hub: Stop Briec joins a Liège march",
        "Dec. 5, 2018 · Liège hub: Agreement signed",
    ]
    assert "Pending rumour" not in str(feed.entries)
    signed = feed.entries[-1]
    signed_pk = timeline.events.get(title_en="Agreement signed").pk
    assert signed.link == f"http://testserver/en/sites/hub/#event-{signed_pk}"
    assert "status now: announced" in signed.summary
    assert "Cainiao &amp; the airport &lt;sign&gt;." in signed.summary  # escaped, then parsed as HTML
    content = signed.content[0].value
    assert 'href="https://www.lesoir.be/x"' in content and "Le Soir" in content
    assert "Hidden source" not in content
    assert "ODbL-1.0" in feed.feed.rights


def test_site_feed_has_only_that_sites_events(client, timeline):
    feed = parse(client, "/en/sites/hub/feed/")
    assert "Liège hub" in feed.feed.title
    assert {e.title.split(" · ")[1].split(":")[0] for e in feed.entries} == {"Liège hub"}
    assert len(feed.entries) == 3
    assert client.get("/en/sites/nowhere/feed/").status_code == 404


def test_collective_feed_has_its_events_and_its_sites_events(client, timeline):
    feed = parse(client, "/en/collectives/stop/feed/")
    assert sorted(e.title for e in feed.entries) == [
        "June 2022 · Briec: Demonstration in Briec",
        "March 1, 2019 · Liège hub: Stop Briec joins a Liège march",
    ]
    assert client.get("/en/collectives/nowhere/feed/").status_code == 404


def test_feeds_speak_french(client, timeline):
    assert parse(client, "/feeds/events/").feed.language == "en"
    feed = parse(client, "/feeds/events/", HTTP_ACCEPT_LANGUAGE="fr")
    assert feed.feed.language == "fr"
    assert feed.entries[0].title.startswith("juin 2022")


def test_feed_conditional_get_and_constant_queries(client, timeline, django_assert_num_queries):
    first = client.get("/feeds/events/")
    assert client.get("/feeds/events/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/feeds/events/?n=1")
    for i in range(20):
        EventFactory(site=timeline, title=f"More {i}").sources.add(PressItemFactory())
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/feeds/events/?n=2")
