"""The open data in French and English: `?lang=` and Accept-Language choose the texts of a site's
record, a text without a translation says it fell back, and the exports carry both languages."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briec():
    site = SiteFactory(
        slug="briec", name="Briec", summary_en="A delivery station.", summary_fr="Une agence de livraison."
    )
    EventFactory(site=site, date=dt.date(2020, 1, 1), title="Council vote", title_fr="Vote du conseil")
    EventFactory(site=site, date=dt.date(2021, 1, 1), title="Only in English")
    return site


def _properties(response):
    assert response.status_code == 200
    return response.json()["properties"]


def test_lang_parameter_chooses_the_texts(client, briec):
    url = reverse("api:site", kwargs={"slug": "briec"})
    fr = _properties(client.get(url, {"lang": "fr"}))
    assert fr["summary"] == "Une agence de livraison." and fr["fallbacks"] == {}
    assert [e["title"] for e in fr["events"]] == ["Vote du conseil", "Only in English"]
    assert [e["fallbacks"] for e in fr["events"]] == [{}, {"title": "en"}]
    en = _properties(client.get(url, {"lang": "en"}))
    assert en["summary"] == "A delivery station." and en["events"][0]["title"] == "Council vote"


def test_accept_language_chooses_the_texts(client, briec):
    url = reverse("api:site", kwargs={"slug": "briec"})
    assert _properties(client.get(url, HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9"))["summary"] == "Une agence de livraison."
    # ?lang= wins over the header.
    response = client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert _properties(response)["summary"] == "A delivery station."
    assert "Accept-Language" in response["Vary"]


def test_csv_and_geojson_carry_both_languages(client, briec):
    rows = list(csv.DictReader(io.StringIO(client.get("/api/sites/", {"format": "csv"}).content.decode())))
    row = next(r for r in rows if r["slug"] == "briec")
    assert (row["summary_en"], row["summary_fr"]) == ("A delivery station.", "Une agence de livraison.")
    feature = next(f for f in client.get("/api/sites/").json()["features"] if f["properties"]["slug"] == "briec")
    assert feature["properties"]["summary_fr"] == "Une agence de livraison."


@pytest.mark.parametrize("q", ["agence", "LIVRAISON", "delivery STATION"])
def test_search_matches_either_language_ignoring_case_and_accents(client, briec, q):
    SiteFactory(slug="other", summary_en="A warehouse.", summary_fr="Un entrepôt.")
    slugs = [f["properties"]["slug"] for f in client.get("/api/sites/", {"q": q}).json()["features"]]
    assert slugs == ["briec"]


def test_search_ignores_accents_in_french_summaries(client):
    SiteFactory(
        slug="fournes", summary_en="A sorting centre.", summary_fr="Un centre de tri près du Pont du Gard, pie-grièche."
    )
    slugs = [f["properties"]["slug"] for f in client.get("/api/sites/", {"q": "pie-grieche"}).json()["features"]]
    assert slugs == ["fournes"]
