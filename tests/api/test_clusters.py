"""GET /api/sites/clusters/: the sites of a view grouped by area, what the map of a very large
atlas draws. Same filters as /api/sites/; a cell holding one site gives that site."""

import pytest
from django.contrib.gis.geos import Point

from apps.sites.models import Status
from tests.factories import SiteFactory, site_with_status

pytestmark = pytest.mark.django_db

FRANCE = "bbox=-5,41,10,52"


site = site_with_status


def clusters(client, query):
    response = client.get(f"/api/sites/clusters/?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


@pytest.fixture
def sites():
    site("paris-a", 2.35, 48.86)
    site("paris-b", 2.36, 48.87, status=Status.OPERATIONAL)
    site("lyon", 4.83, 45.76, status=Status.REFUSED)
    SiteFactory(slug="no-status-yet", location=Point(2.40, 48.88))  # drawn as "status unknown"


def test_far_out_nearby_sites_merge_and_every_site_is_counted_once(client, sites):
    payload = clusters(client, f"{FRANCE}&zoom=5")
    assert payload["count"] == 4
    assert sorted(c[2] for c in payload["clusters"]) == [1, 3]
    paris = next(c for c in payload["clusters"] if c[2] == 3)
    assert paris[0] == pytest.approx(2.37) and paris[1] == pytest.approx(48.87)
    assert paris[3:] == [None, None, None]  # a group names none of its sites
    lyon = next(c for c in payload["clusters"] if c[2] == 1)
    assert lyon[3:] == ["lyon", "Lyon", "refused"]


def test_close_in_each_site_comes_alone_with_its_name_and_status(client, sites):
    payload = clusters(client, f"{FRANCE}&zoom=16")
    assert sorted(c[3] for c in payload["clusters"]) == ["lyon", "no-status-yet", "paris-a", "paris-b"]
    statuses = {c[3]: c[5] for c in payload["clusters"]}
    assert statuses["paris-b"] == "operational" and statuses["no-status-yet"] == "unknown"


def test_the_collection_filters_apply(client, sites):
    assert clusters(client, f"{FRANCE}&zoom=16&status=refused")["count"] == 1
    assert clusters(client, f"{FRANCE}&zoom=16&status=unknown")["count"] == 1
    assert clusters(client, f"{FRANCE}&zoom=16&q=LYON")["count"] == 1
    assert clusters(client, "bbox=4,45,6,46&zoom=16")["count"] == 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("zoom=5", "bbox"),
        (f"{FRANCE}", "zoom"),
        (f"{FRANCE}&zoom=23", "zoom"),
        (f"{FRANCE}&zoom=-1", "zoom"),
        ("bbox=1,2&zoom=5", "bbox"),
        (f"{FRANCE}&zoom=5&status=nope", "status"),
        (f"{FRANCE}&zoom=5&at=2020-01-01", "at"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/sites/clusters/?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_new_site_shows_at_once_and_an_unchanged_view_is_a_304(client, sites):
    first = client.get(f"/api/sites/clusters/?{FRANCE}&zoom=16")
    assert client.get(f"/api/sites/clusters/?{FRANCE}&zoom=16", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    site("marseille", 5.37, 43.3)
    assert clusters(client, f"{FRANCE}&zoom=16")["count"] == 5


def test_views_are_snapped_to_the_cell_grid_so_edges_cut_no_cell(client, sites, django_assert_num_queries):
    """A view whose edge runs between the two Paris sites still gets their whole cell."""
    cut = clusters(client, "bbox=2.355,48.0,3.0,49.0&zoom=5")
    assert [c[2] for c in cut["clusters"]] == [3]
    # Two slightly different views at a low zoom are one answer, built once.
    one = client.get("/api/sites/clusters/?bbox=-5,41,10,52&zoom=5")
    with django_assert_num_queries(1):  # the data version only
        other = client.get("/api/sites/clusters/?bbox=-4.9,41.1,9.9,51.9&zoom=5")
    assert one.content == other.content
