"""GET /api/sites/ in GeoJSON takes the fast lane (apps/api/views/collection.py: hand-written SQL,
no DRF, no ORM). It must give exactly what the general path (SiteFilter, the domain QuerySet
methods, the ORM's query) gives, for every filter alone and combined, and refuse the same bad
input with the same message. The general path is what CSV and ?at= still take."""

import datetime as dt
import json

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory

from apps.api.exports import geojson_collection
from apps.api.filters import SiteFilter
from apps.api.version import clear_cached_responses, etag_for
from apps.api.views.collection import fast_collection
from apps.collectives.models import Collective
from apps.companies.models import Company
from apps.scale.generator import Plan, generate
from apps.sites.models import Site
from tests.factories import CompanyFactory, EventFactory, SiteFactory
from tests.scale.conftest import server_conninfo


def general_path(query: str) -> tuple[list, str]:
    """(features, weak ETag) as the general path builds them: SiteFilter and the ORM."""
    request = RequestFactory().get(f"/api/sites/?{query}")
    filterset = SiteFilter(QueryDict(query), queryset=Site.objects.public())
    filterset.validated()
    body, fingerprint = geojson_collection(filterset.qs, False, request, dt.datetime.now(dt.UTC))
    return json.loads(body)["features"], etag_for(fingerprint, weak=True)


def fast_lane(client, query: str):
    clear_cached_responses()
    response = client.get(f"/api/sites/?{query}")
    assert response.status_code == 200, response.content[:300]
    return response


def assert_same(client, query: str) -> int:
    expected, etag = general_path(query)
    response = fast_lane(client, query)
    assert json.loads(response.content)["features"] == expected, query
    assert response["ETag"] == etag, query  # the very same bytes: the tag hashes the features
    return len(expected)


@pytest.mark.django_db(transaction=True)
def test_every_filter_alone_and_combined_gives_what_the_general_path_gives(client):
    plan = Plan(sites=200, events_per_site=6, press=0, seed=11)
    generate(server_conninfo(connection.settings_dict["NAME"]), plan, log=lambda _: None)
    # A group with a subsidiary running sites: operator= must take the subsidiary's sites too.
    group = CompanyFactory(slug="demo-group")
    subsidiary = Company.objects.exclude(pk=group.pk).filter(operated_sites__isnull=False).first()
    Company.objects.filter(pk=subsidiary.pk).update(parent=group)
    collectives = list(Collective.objects.filter(oppositions__isnull=False).values_list("slug", flat=True)[:2])
    town = Site.objects.public().first().municipality
    queries = {
        "status=announced": 1,
        "status=announced,operational,abandoned": 1,
        "operator=demo-group": 1,
        f"operator=demo-group,{Company.objects.exclude(pk__in=[group.pk, subsidiary.pk]).first().slug}": 1,
        "country=BE": 1,
        "country=fr,BE": 1,
        "kind=warehouse": 1,
        "kind=warehouse&kind=sorting_centre": 1,
        f"collective={collectives[0]}": 1,
        f"collective={','.join(collectives)}": 1,
        f"q={town.upper()}": 1,
        "bbox=1.0,46.0,6.0,49.5": 1,
        "bbox=2.3,48.8,2.3,48.8": 0,  # a degenerate box
        "status=announced,permit_requested&country=FR&bbox=-5,41,10,52": 1,
        f"kind=warehouse,sorting_centre&q=a&operator=demo-group&collective={collectives[0]}": 0,
        "status=abandoned&q=zzzz-nowhere": 0,
    }
    for query, must_find in queries.items():
        found = assert_same(client, query)
        assert found >= must_find, query
    total = Site.objects.public().count()
    assert 0 < assert_same(client, "bbox=1.0,46.0,6.0,49.5") < total


@pytest.mark.django_db
def test_text_search_ignores_accents_and_case_and_treats_wildcards_as_text(client):
    for name in ("Entrepôt de Liège", "100% Logistique", "A_B Hub", "Back\\slash", "Liege Sud"):
        SiteFactory(name=name, location=Point(5.57, 50.63), country="BE", municipality="Liège")
    for text, expected in {
        "LIEGE": 5,  # the municipality of them all
        "entrepot": 1,
        "100%": 1,
        "%": 1,  # a percent sign is a percent sign, not "anything"
        "_": 1,
        "A_B": 1,
        "\\": 1,
    }.items():
        query = QueryDict(mutable=True)
        query["q"] = text
        assert assert_same(client, query.urlencode()) == expected, text


@pytest.mark.django_db
def test_the_fast_lane_leaves_csv_at_and_unusual_requests_to_the_general_path(rf):
    SiteFactory()
    for path, headers in [
        ("/api/sites/?format=csv", {}),
        ("/api/sites/", {"HTTP_ACCEPT": "text/csv"}),
        ("/api/sites/?at=2020-01-01", {}),
        ("/api/sites/?format=xml", {}),
        ("/api/sites/", {"HTTP_ACCEPT": "text/html"}),
    ]:
        assert fast_collection(rf.get(path, **headers)) is None, path
    assert fast_collection(rf.options("/api/sites/")) is None
    assert fast_collection(rf.get("/api/sites/?bbox=1,2,3,4")).status_code == 200
    answer = fast_collection(rf.get("/api/sites/", HTTP_ACCEPT="application/json"))
    assert answer["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.django_db
def test_both_paths_answer_the_same_headers(client):
    site = SiteFactory(slug="hub")
    EventFactory(site=site, status_after="announced")
    fast = client.get("/api/sites/?country=FR")
    general = client.get("/api/sites/?country=FR&format=csv")
    for name in (
        "Access-Control-Allow-Origin",
        "Access-Control-Expose-Headers",
        "Allow",
        "Cache-Control",
        "Link",
        # What the middleware outside FastLaneMiddleware adds to every response.
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert fast[name] == general[name], name
    # LocaleMiddleware's, which the lane's answer does without: it is the same in every language.
    assert general["Vary"] == "Accept, Accept-Encoding, Accept-Language" and general["Content-Language"] == "en"
    assert fast["Vary"] == "Accept, Accept-Encoding" and "Content-Language" not in fast
    assert int(fast["Content-Length"]) == len(fast.content)
    assert client.get("/api/sites/?country=FR", HTTP_IF_NONE_MATCH=fast["ETag"]).status_code == 304


@pytest.mark.django_db
def test_the_middleware_answers_before_the_page_middleware_and_leaves_bad_input_to_them(client):
    """FastLaneMiddleware answers a GeoJSON request before sessions, locale, CSRF... (no
    Content-Language); a 400 goes through them all, its message in the reader's language."""
    SiteFactory()
    answer = client.get("/api/sites/?bbox=-5,41,10,52", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 200 and "Content-Language" not in answer
    bad = client.get("/api/sites/?bbox=1,2", HTTP_ACCEPT_LANGUAGE="fr")
    assert bad.status_code == 400 and bad["Content-Language"] == "fr"
    assert bad.json() == {
        "error": "bbox: quatre nombres attendus minLon,minLat,maxLon,maxLat, reçu '1,2'.",
        "parameter": "bbox",
    }
    assert client.get("/api/sites/?bbox=1,2").json()["error"].startswith("bbox: expected four numbers")


@pytest.mark.django_db
def test_several_bad_parameters_name_the_first_in_the_order_the_general_path_checks_them(client):
    for query in ("status=nope&bbox=1,2", "bbox=1,2&status=nope"):
        response = client.get(f"/api/sites/?{query}")
        assert response.status_code == 400
        assert response.json()["parameter"] == "status"  # SiteFilter's declaration order, as its form reports
        assert response["Access-Control-Allow-Origin"] == "*"
    general = client.get("/api/sites/?status=nope&bbox=1,2&format=csv")
    assert general.status_code == 400 and general.json() == response.json()


@pytest.mark.django_db
def test_the_lane_statement_is_kept_prepared_on_the_connection(client):
    """Its parameters travel apart from its text, so PostgreSQL parses and plans it once per
    connection, not for every new bbox of a panning map."""
    SiteFactory(location=Point(2.35, 48.86))
    for i in range(7):  # psycopg prepares after 5 runs (settings: DATABASE_PREPARE); a new bbox each time
        clear_cached_responses()
        assert len(fast_lane(client, f"bbox={2.0 - i / 10:.1f},48.0,3.0,49.5").json()["features"]) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%ST_MakeEnvelope($%'")
        assert cursor.fetchall(), "the bbox statement is not prepared"
