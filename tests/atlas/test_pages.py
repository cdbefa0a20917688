import datetime as dt

import pytest
from django.urls import reverse

from apps.sites.models import Status
from tests.factories import CollectiveFactory, CompanyFactory, EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    announced = SiteFactory(name="Alpha hub", slug="alpha", country="BE", municipality="Liège")
    EventFactory(site=announced, date=dt.date(2018, 12, 5), status_after=Status.ANNOUNCED)
    refused = SiteFactory(name="Beta hub", slug="beta", country="FR", municipality="Briec")
    EventFactory(site=refused, date=dt.date(2019, 1, 1), date_precision="year", status_after=Status.ANNOUNCED)
    EventFactory(site=refused, date=dt.date(2021, 3, 1), status_after=Status.REFUSED)
    return announced, refused


def test_site_table_filters_by_status_and_sorts(client, sites):
    response = client.get(reverse("sites:list"), {"status": "refused"})
    assert response.status_code == 200
    assert [s.slug for s in response.context["sites"]] == ["beta"]

    response = client.get(reverse("sites:list"), {"sort": "-name"})
    assert [s.slug for s in response.context["sites"]] == ["beta", "alpha"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_site_table_reads_status_on_a_past_date(client, sites):
    response = client.get(reverse("sites:list"), {"at": "2020-06-01", "status": "announced"})
    assert {s.slug for s in response.context["sites"]} == {"alpha", "beta"}
    response = client.get(reverse("sites:list"), {"at": "2018-06-01"})
    assert list(response.context["sites"]) == []


@pytest.mark.parametrize(
    ("params", "name"), [({"status": "built"}, "status"), ({"at": "2020-13-01"}, "at"), ({"kind": "x"}, "kind")]
)
def test_bad_filter_is_a_400_naming_the_parameter(client, params, name):
    response = client.get(reverse("sites:list"), params)
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{name}: ")


def test_site_table_query_count_does_not_grow(client, django_assert_num_queries):
    SiteFactory.create_batch(5)
    # session-less anonymous GET: count, page, the data version, and after a change the filter
    # options (operators, countries, collectives), then kept until the next change
    with django_assert_num_queries(6):
        client.get(reverse("sites:list"))
    with django_assert_num_queries(3):
        client.get(reverse("sites:list"))
    SiteFactory.create_batch(20)
    with django_assert_num_queries(6):
        client.get(reverse("sites:list"))


def test_site_page_shows_dated_timeline_with_precision_and_sources(client, sites, django_assert_max_num_queries):
    _alpha, beta = sites
    source = PressItemFactory(title="Le Télégramme on Briec", url="https://example.org/briec")
    event = beta.events.get(status_after=Status.REFUSED)
    event.sources.add(source)
    with django_assert_max_num_queries(10):
        response = client.get(beta.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert ">2019</time>" in html  # a year-precision date stays a year
    assert "Le Télégramme on Briec" in html and 'href="https://example.org/briec"' in html


def test_deleted_site_page_is_404(client):
    site = SiteFactory(deleted_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert client.get(site.get_absolute_url()).status_code == 404


def test_collective_pages(client, sites):
    alpha, _beta = sites
    collective = CollectiveFactory(name="Watching Alpha", slug="watching-alpha")
    alpha.oppositions.create(collective=collective)
    listing = client.get(reverse("collectives:list")).content.decode()
    assert "Watching Alpha" in listing
    page = client.get(collective.get_absolute_url()).content.decode()
    assert "Alpha hub" in page
    assert "Sources of this description" not in page and "Source of this description" not in page
    collective.description = "Collective formed in 2019."
    collective.save()
    collective.description_sources.add(PressItemFactory(url="https://example.org/born", title="A collective is born"))
    page = client.get(collective.get_absolute_url()).content.decode()
    assert "Source of this description" in page
    assert '<a href="https://example.org/born" rel="noopener nofollow">A collective is born</a>' in page


def test_press_review_filters_by_site(client, sites):
    alpha, _beta = sites
    on_alpha = PressItemFactory(title="About alpha")
    on_alpha.sites.add(alpha)
    PressItemFactory(title="Unrelated")
    response = client.get(reverse("press"), {"site": "alpha"})
    assert [item.title for item in response.context["items"]] == ["About alpha"]


def test_stats_counts_sites_by_status_and_per_year(client, sites):
    response = client.get(reverse("stats"))
    tables = {t["id"]: t for t in response.context["tables"]}
    assert dict(tables["by-status"]["rows"]) == {"announced": 1, "refused": 1}
    per_year = {row[0]: row[1:] for row in tables["per-year"]["rows"]}
    assert per_year["2018"] == [1, 0, 0]  # alpha first reported
    assert per_year["2019"] == [1, 0, 0]  # beta first reported
    assert per_year["2021"] == [0, 0, 1]  # beta refused


def test_embed_may_be_framed_but_not_the_map(client):
    embed = client.get(reverse("embed"))
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    page = client.get(reverse("map"))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_map_page_passes_config_without_inline_script(client):
    html = client.get(reverse("map")).content.decode()
    assert 'id="map-config"' in html
    assert 'type="application/json"' in html
    assert "<script>" not in html


def _grow(n):
    for i in range(n):
        site = SiteFactory()
        EventFactory(site=site, status_after=Status.ANNOUNCED).sources.add(PressItemFactory())
        collective = CollectiveFactory()
        site.oppositions.create(collective=collective)
        PressItemFactory().sites.add(site)
        EventFactory(site=site, title=f"Action {i}").collectives.add(collective)


@pytest.mark.parametrize("name", ["collectives:list", "press", "stats", "map"])
def test_list_pages_run_a_constant_number_of_queries(client, name, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _grow(8)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse(name))


def test_detail_pages_run_a_constant_number_of_queries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(1)
    site = SiteFactory()
    collective = CollectiveFactory()
    site.oppositions.create(collective=collective)
    # One of each related record, so that every prefetch already runs in the baseline.
    first = EventFactory(site=site, status_after=Status.ANNOUNCED)
    first.sources.add(PressItemFactory())
    first.collectives.add(collective)
    PressItemFactory().sites.add(site)
    PressItemFactory().collectives.add(collective)
    with CaptureQueriesContext(connection) as before:
        client.get(site.get_absolute_url())
        client.get(collective.get_absolute_url())
    for _ in range(5):
        event = EventFactory(site=site, status_after=Status.ANNOUNCED)
        event.sources.add(PressItemFactory(), PressItemFactory())
        event.collectives.add(collective)
        PressItemFactory().sites.add(site)
        PressItemFactory().collectives.add(collective)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(site.get_absolute_url())
        client.get(collective.get_absolute_url())


@pytest.mark.parametrize("name", ["sites:list", "press"])
def test_a_page_that_is_not_a_number_is_a_400(client, name):
    response = client.get(reverse(name), {"page": "abc"})
    assert response.status_code == 400
    assert "“page”" in response.content.decode()


def test_the_filter_options_follow_the_data(client):
    """They are kept per data version: a new operator is offered as soon as its site exists."""
    SiteFactory(operator=CompanyFactory(slug="first-operator", name="First Operator"))
    assert "First Operator" in client.get(reverse("map")).content.decode()
    page = client.get(reverse("sites:list")).content.decode()
    assert "First Operator" in page and "Second Operator" not in page
    SiteFactory(operator=CompanyFactory(slug="second-operator", name="Second Operator"))
    assert "Second Operator" in client.get(reverse("map")).content.decode()
    assert "Second Operator" in client.get(reverse("sites:list")).content.decode()
