"""GET /api/events/, /api/collectives/, /api/press/, /api/companies/: paginated, filterable JSON,
and a constant number of SQL queries on every list endpoint whatever the number of rows."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.collectives.models import NetworkLink, Opposition
from apps.core.dataversion import data_version
from apps.sites.models import Status
from tests.factories import (
    CollectiveFactory,
    CompanyFactory,
    EventFactory,
    NetworkFactory,
    PressItemFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def populate(n: int):
    """n sites, each with an operator (a subsidiary), two events with sources, a collective and
    a press item: every relation a list endpoint serialises."""
    group = CompanyFactory()
    network = NetworkFactory()
    for i in range(n):
        operator = CompanyFactory(parent=group)
        site = SiteFactory(operator=operator, developer=group)
        collective = CollectiveFactory()
        NetworkLink.objects.create(collective=collective, network=network)
        Opposition.objects.create(collective=collective, site=site)
        press = PressItemFactory(published=dt.date(2020, 1, 1) + dt.timedelta(days=i))
        press.sites.add(site)
        press.collectives.add(collective)
        for day in (1, 2):
            event = EventFactory(site=site, date=dt.date(2021, 1, day), status_after=Status.ANNOUNCED)
            event.sources.add(press)
            event.collectives.add(collective)


LIST_URLS = [
    "/api/sites/",
    "/api/sites/?format=csv",
    "/api/sites/?at=2021-01-01&status=announced",
    "/api/events/",
    "/api/collectives/",
    "/api/press/",
    "/api/companies/",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_constant_number_of_queries_with_3_and_30_sites(client, django_assert_num_queries, url):
    populate(3)
    # Both built afresh, by a process that knows the data version (cache emptied, version read).
    cache.clear()
    data_version()
    with CaptureQueriesContext(connection) as small:
        small_response = client.get(url)
    assert small_response.status_code == 200
    populate(27)
    cache.clear()
    data_version()
    with django_assert_num_queries(len(small.captured_queries)):
        large_response = client.get(url)
    assert large_response.status_code == 200
    assert len(large_response.content) > 3 * len(small_response.content) // 2  # it did serialise more rows


def test_events_list_newest_first_with_site_and_sources(client):
    site = SiteFactory(slug="hub", name="Hub")
    old = EventFactory(site=site, date=dt.date(2019, 1, 1), date_precision="year", title="Old")
    EventFactory(site=site, date=dt.date(2021, 5, 3), title="New", kind="demonstration")
    EventFactory(site=site, date=dt.date(2022, 1, 1), title="Hidden", state="rejected")
    old.sources.add(PressItemFactory(url="https://example.org/x", title="Src", outlet="Outlet"))
    body = client.get("/api/events/").json()
    assert body["count"] == 2
    assert body["license"] == "ODbL-1.0"
    assert [e["title"] for e in body["results"]] == ["New", "Old"]
    assert body["results"][0]["site"] == {"slug": "hub", "name": "Hub", "url": "http://testserver/en/sites/hub/"}
    assert body["results"][1]["date"] == "2019"
    assert body["results"][1]["sources"][0]["url"] == "https://example.org/x"


def test_events_filters(client):
    a, b = SiteFactory(slug="a"), SiteFactory(slug="b")
    collective = CollectiveFactory(slug="c")
    Opposition.objects.create(collective=collective, site=b)
    EventFactory(site=a, date=dt.date(2019, 6, 1), kind="demonstration", title="a-2019")
    EventFactory(site=a, date=dt.date(2021, 3, 1), kind="court_ruling", title="a-2021")
    EventFactory(site=b, date=dt.date(2020, 1, 1), date_precision="year", kind="petition", title="b-2020")

    def titles(query):
        response = client.get(f"/api/events/{query}")
        assert response.status_code == 200, response.content
        return sorted(e["title"] for e in response.json()["results"])

    assert titles("?site=a") == ["a-2019", "a-2021"]
    assert titles("?site=a,b") == ["a-2019", "a-2021", "b-2020"]
    assert titles("?collective=c") == ["b-2020"]  # events on the site it opposes
    assert titles("?kind=demonstration,petition") == ["a-2019", "b-2020"]
    assert titles("?from=2020") == ["a-2021", "b-2020"]
    assert titles("?to=2020") == ["a-2019", "b-2020"]  # to the end of 2020
    assert titles("?from=2019-06&to=2019-06") == ["a-2019"]
    assert titles("?from=2021-03-02") == []


def test_pagination(client):
    site = SiteFactory()
    for i in range(7):
        EventFactory(site=site, date=dt.date(2020, 1, 1) + dt.timedelta(days=i))
    first = client.get("/api/events/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3
    assert "page=2" in first["next"] and first["previous"] is None
    last = client.get("/api/events/?page_size=3&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert client.get("/api/events/?page_size=3&page=4").status_code == 400


def test_press_filters(client):
    site = SiteFactory(slug="hub")
    collective = CollectiveFactory(slug="c")
    fr = PressItemFactory(title="fr", language="fr", outlet="Le Soir", published=dt.date(2021, 5, 1))
    fr.sites.add(site)
    en = PressItemFactory(title="en", language="en", outlet="Reuters", published=dt.date(2019, 2, 1), kind="official")
    en.collectives.add(collective)
    PressItemFactory(title="pending", language="fr", state="pending")

    def titles(query):
        response = client.get(f"/api/press/{query}")
        assert response.status_code == 200, response.content
        return sorted(p["title"] for p in response.json()["results"])

    assert titles("") == ["en", "fr"]
    assert titles("?language=fr") == ["fr"]
    assert titles("?outlet=le%20soir") == ["fr"]
    assert titles("?site=hub") == ["fr"]
    assert titles("?collective=c") == ["en"]
    assert titles("?kind=official") == ["en"]
    assert titles("?from=2020&to=2021-05-01") == ["fr"]
    body = client.get("/api/press/?site=hub").json()["results"][0]
    assert body["sites"] == ["hub"] and body["published"] == "2021-05-01"


def test_collectives_and_companies(client):
    site = SiteFactory(slug="hub", name="Hub")
    network = NetworkFactory(slug="attac", name="ATTAC")
    collective = CollectiveFactory(slug="c", name="Stop Hub", founded=dt.date(2020, 1, 1))
    CollectiveFactory(slug="other")
    NetworkLink.objects.create(collective=collective, network=network, relation="member")
    Opposition.objects.create(collective=collective, site=site)
    body = client.get("/api/collectives/?site=hub").json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item["name"] == "Stop Hub" and item["founded"] == "2020" and item["founded_precision"] == "year"
    assert item["networks"] == [{"slug": "attac", "name": "ATTAC", "relation": "member"}]
    assert item["sites"][0]["slug"] == "hub"
    assert client.get("/api/collectives/?network=attac").json()["count"] == 1
    assert item["description_sources"] == []
    collective.description_sources.add(PressItemFactory(url="https://example.org/stop-hub", title="Stop Hub is born"))
    [item] = client.get("/api/collectives/?site=hub").json()["results"]
    assert [(s["url"], s["title"]) for s in item["description_sources"]] == [
        ("https://example.org/stop-hub", "Stop Hub is born")
    ]

    group = CompanyFactory(slug="alibaba", name="Alibaba")
    sub = CompanyFactory(slug="cainiao", name="Cainiao", parent=group, kind="logistics_subsidiary")
    SiteFactory(operator=sub, developer=group)
    SiteFactory(operator=sub, deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    companies = {c["slug"]: c for c in client.get("/api/companies/?group=alibaba").json()["results"]}
    assert set(companies) == {"alibaba", "cainiao"}
    assert companies["cainiao"]["parent"] == {"name": "Alibaba", "slug": "alibaba"}
    assert companies["cainiao"]["operated_sites"] == 1  # the deleted site does not count
    assert companies["alibaba"]["developed_sites"] == 1
    kinds = client.get("/api/companies/?kind=logistics_subsidiary").json()["results"]
    assert [c["slug"] for c in kinds] == ["cainiao"]
