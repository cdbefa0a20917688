"""Bad input is a 400 with a JSON message naming the parameter; never a 500."""

import pytest

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/sites/?bbox=1,2,3", "bbox"),
        ("/api/sites/?bbox=a,b,c,d", "bbox"),
        ("/api/sites/?bbox=5,50,4,51", "bbox"),  # min lon > max lon
        ("/api/sites/?bbox=4,51,5,50", "bbox"),  # min lat > max lat
        ("/api/sites/?bbox=4,-91,5,50", "bbox"),
        ("/api/sites/?bbox=-181,40,5,50", "bbox"),
        ("/api/sites/?bbox=nan,40,5,50", "bbox"),
        ("/api/sites/?at=2021-13-01", "at"),
        ("/api/sites/?at=yesterday", "at"),
        ("/api/sites/?at=2021", "at"),
        ("/api/sites/?status=built", "status"),
        ("/api/sites/?status=operational,nope", "status"),
        ("/api/sites/?kind=castle", "kind"),
        ("/api/sites/?country=France", "country"),
        ("/api/sites/?country=F1", "country"),
        ("/api/sites/?operator=not a slug", "operator"),
        ("/api/sites/?format=xml", "format"),
        ("/api/sites/?q=" + "x" * 201, "q"),
        ("/api/sites/?format=csv&bbox=1", "bbox"),
        ("/api/events/?page=99", "page"),
        ("/api/events/?page=0", "page"),
        ("/api/events/?page=two", "page"),
        ("/api/events/?page_size=501", "page_size"),
        ("/api/events/?page_size=-1", "page_size"),
        ("/api/events/?from=2021-02-30", "from"),
        ("/api/events/?to=soon", "to"),
        ("/api/events/?kind=party", "kind"),
        ("/api/press/?from=20x1", "from"),
        ("/api/press/?kind=tweet", "kind"),
        ("/api/press/?page=3", "page"),
        ("/api/collectives/?page_size=100000", "page_size"),
        ("/api/collectives/?site=a%20b", "site"),
        ("/api/companies/?kind=bank", "kind"),
        ("/api/companies/?page=2", "page"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, url, parameter):
    site = SiteFactory()
    EventFactory(site=site)
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter
    assert body["error"].startswith(f"{parameter}: ")
    assert len(body["error"]) > len(parameter) + 10  # a message a person can act on


def test_unknown_status_lists_the_valid_ones(client):
    body = client.get("/api/sites/?status=built").json()
    assert "'built'" in body["error"]
    assert "under_construction" in body["error"]


def test_page_size_up_to_the_maximum_is_fine(client):
    assert client.get("/api/events/?page_size=500").status_code == 200
    assert client.get("/api/events/?page=1").status_code == 200  # page 1 of nothing is an empty page


def test_unknown_site_is_a_404(client):
    assert client.get("/api/sites/nowhere/").status_code == 404
