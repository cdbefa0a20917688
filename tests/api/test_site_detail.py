"""GET /api/sites/<slug>/: one GeoJSON Feature with its public timeline, collectives and claims."""

import datetime as dt

import pytest

from apps.collectives.models import Opposition
from apps.sites.models import Claim, Status
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub():
    site = SiteFactory(slug="hub", name="Hub", operator=CompanyFactory(slug="cainiao", name="Cainiao"))
    article = PressItemFactory(
        url="https://www.lesoir.be/a", title="Signed", outlet="Le Soir", published=dt.date(2018, 12, 6)
    )
    hidden_source = PressItemFactory(title="Pending source", state="pending")
    announced = EventFactory(
        site=site, date=dt.date(2018, 1, 1), date_precision="year", kind="announcement",
        status_after=Status.ANNOUNCED, title="Announced", description="It begins.",
    )  # fmt: skip
    announced.sources.add(article, hidden_source)
    collective = CollectiveFactory(slug="watching-alibaba", name="Watching Alibaba")
    announced.collectives.add(collective)
    EventFactory(site=site, date=dt.date(2019, 9, 1), date_precision="month", kind="permit_application",
                 status_after=Status.PERMIT_REQUESTED, title="Permit asked")  # fmt: skip
    EventFactory(site=site, date=dt.date(2020, 1, 1), title="Pending rumour", state="pending")
    Opposition.objects.create(collective=collective, site=site, since=dt.date(2019, 1, 1), since_precision="year")
    Claim.objects.create(
        site=site, figure="surface", statement="220,000 m² leased", value=220000, unit="m²",
        claimant_kind="press", claimant="People's Daily", date=dt.date(2018, 12, 6), source=article,
    )  # fmt: skip
    Claim.objects.create(
        site=site, figure="jobs", statement="900 jobs", claimant_kind="company", claimant="Cainiao",
        source=hidden_source,
    )  # fmt: skip
    return site


def test_detail_is_a_feature_with_timeline_collectives_claims(client, hub):
    response = client.get("/api/sites/hub/")
    assert response.status_code == 200
    feature = response.json()
    assert feature["type"] == "Feature"
    assert feature["id"] == "hub"
    assert feature["geometry"]["type"] == "Point"
    props = feature["properties"]
    assert props["status"] == "permit_requested"
    assert props["status_since"] == "2019-09" and props["status_since_precision"] == "month"
    assert props["operator"] == {"name": "Cainiao", "slug": "cainiao", "certainty": "confirmed", "source": None}
    assert props["url"] == "http://testserver/en/sites/hub/"
    assert feature["license"] == "ODbL-1.0"

    events = props["events"]
    assert [e["title"] for e in events] == ["Announced", "Permit asked"]  # pending one hidden, chronological
    first = events[0]
    assert first["date"] == "2018" and first["date_precision"] == "year" and first["date_display"] == "2018"
    assert first["kind"] == "announcement" and first["status_after"] == "announced"
    assert first["description"] == "It begins."
    assert first["sources"] == [
        {
            "url": "https://www.lesoir.be/a",
            "title": "Signed",
            "outlet": "Le Soir",
            "kind": "article",
            "language": "",
            "published": "2018-12-06",
            "published_precision": "day",
            "authors": "",
            "title_checked": False,
            "link_status": "",
            "archived_url": "",
        }
    ]
    assert first["collectives"] == [{"slug": "watching-alibaba", "name": "Watching Alibaba"}]

    assert props["collectives"] == [
        {"slug": "watching-alibaba", "name": "Watching Alibaba", "since": "2019", "since_precision": "year"}
    ]
    [claim] = props["claims"]  # the claim sourced only by a pending item is not public
    assert claim["figure"] == "surface" and claim["claimant"] == "People's Daily"
    assert claim["source"]["url"] == "https://www.lesoir.be/a"


def test_detail_dates_are_displayed_in_the_readers_language(client, hub):
    en = client.get("/api/sites/hub/", HTTP_ACCEPT_LANGUAGE="en").json()
    fr = client.get("/api/sites/hub/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert en["properties"]["events"][1]["date_display"] == "September 2019"
    assert fr["properties"]["events"][1]["date_display"].lower() == "septembre 2019"


def test_detail_queries_do_not_grow_with_the_timeline(client, django_assert_max_num_queries, hub):
    client.get("/api/sites/hub/")  # warm nothing: each size below is a new data version anyway
    with django_assert_max_num_queries(9) as small:
        client.get("/api/sites/hub/?n=1")
    for i in range(20):
        event = EventFactory(site=hub, title=f"More {i}")
        event.sources.add(PressItemFactory())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/sites/hub/?n=2").json()["properties"]["events"]) == 22
