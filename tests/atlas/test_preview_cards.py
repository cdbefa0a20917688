"""Preview cards: a link pasted into a chat or a social network shows the page's own title,
description and image (Open Graph and Twitter card tags), in the page's language."""

import datetime as dt

import pytest

from apps.sites.models import Status
from tests.atlas.test_crawlers import head
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _site():
    operator = CompanyFactory(name="Amazon France Logistique")
    site = SiteFactory(name="Briec hub", municipality="Briec", admin_area="Finistère", country="FR", operator=operator)
    EventFactory(site=site, date=dt.date(2021, 6, 1), date_precision="month", status_after=Status.UNDER_CONSTRUCTION)
    return site


def test_site_card_says_status_since_when_place_and_operator(client):
    site = _site()
    meta = head(client.get(site.get_absolute_url())).meta
    assert meta["og:title"] == "Briec hub"
    assert meta["twitter:title"] == "Briec hub"
    expected = "Under construction since June 2021 · Briec, Finistère, France · Operator: Amazon France Logistique"
    assert meta["og:description"] == expected
    assert meta["description"] == expected
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:url"] == f"http://testserver{site.get_absolute_url()}"
    assert meta["og:image"].startswith("http://testserver/")
    assert meta["og:locale"] == "en_GB"


def test_site_card_in_french(client):
    site = _site()
    page = head(client.get(f"/fr/sites/{site.slug}/"))
    meta = page.meta
    assert meta["og:description"] == (
        "En construction depuis juin 2021 · Briec, Finistère, France · Exploitant : Amazon France Logistique"
    )
    assert meta["og:locale"] == "fr_FR"
    # The card, the canonical address and the card's image are the French page's.
    assert meta["og:url"] == page.links["canonical"][0] == f"http://testserver/fr/sites/{site.slug}/"
    assert meta["og:image"] == f"http://testserver/fr/sites/{site.slug}/card.png"


def test_each_page_has_its_own_card(client):
    site = _site()
    collective = CollectiveFactory(name="Stop Briec")
    collective.oppositions.create(site=site)
    cards = {
        path: head(client.get(path)).meta
        for path in ("/en/", "/en/sites/", "/en/stats/", collective.get_absolute_url())
    }
    titles = {meta["og:title"] for meta in cards.values()}
    descriptions = {meta["og:description"] for meta in cards.values()}
    assert len(titles) == len(cards) and len(descriptions) == len(cards)
    assert cards[collective.get_absolute_url()]["og:description"] == "Opposes: Briec hub."


def test_map_card_keeps_the_link_query_and_says_the_date(client):
    meta = head(client.get("/en/?status=abandoned&at=2021-06-01")).meta
    assert meta["og:url"] == "http://testserver/en/?status=abandoned&at=2021-06-01"
    assert meta["og:description"] == "Contested logistics sites on June 1, 2021: abandoned."


def test_user_text_in_cards_is_escaped(client):
    site = SiteFactory(name='"><script>alert(1)</script>')
    body = client.get(site.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert head(client.get(site.get_absolute_url())).meta["og:title"] == '"><script>alert(1)</script>'
