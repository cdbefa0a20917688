"""templates/feeds/alternate_links.html: feed discovery in page heads."""

import pytest
from django.template.loader import render_to_string

from tests.factories import CollectiveFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_site_page_advertises_its_own_feed_and_the_global_ones():
    html = render_to_string("feeds/alternate_links.html", {"site": SiteFactory(slug="hub", name="Hub")})
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Hub: events (Atom)" href="/en/sites/hub/feed/">'
        in html
    )
    assert 'href="/en/feeds/events/"' in html and 'href="/en/feeds/events.ics"' in html


def test_collective_page_advertises_its_feed():
    html = render_to_string("feeds/alternate_links.html", {"collective": CollectiveFactory(slug="stop", name="Stop")})
    assert 'href="/en/collectives/stop/feed/"' in html


def test_other_pages_advertise_the_global_feed():
    html = render_to_string("feeds/alternate_links.html", {})
    assert 'type="application/atom+xml"' in html and 'href="/en/feeds/events/"' in html
    assert "/en/sites/" not in html


def test_the_advertised_feeds_answer(client):
    SiteFactory(slug="hub")
    for href in ("/en/sites/hub/feed/", "/feeds/events/", "/feeds/events.ics"):
        assert client.get(href).status_code == 200


def test_pages_advertise_their_feeds_in_the_head(client):
    SiteFactory(slug="hub", name="Hub")
    CollectiveFactory(slug="stop", name="Stop")
    for page, feed in (
        ("/en/sites/hub/", "/en/sites/hub/feed/"),
        ("/en/collectives/stop/", "/en/collectives/stop/feed/"),
    ):
        html = client.get(page).content.decode()
        head = html.split("</head>")[0]
        assert 'type="application/atom+xml"' in head and f'href="{feed}"' in head, page
