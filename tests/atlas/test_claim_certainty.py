"""How sure a claim is: confirmed, reported or denied (the operator's vocabulary), with the source
that confirms or denies it, on the site page, its as-of versions, the API and /quality/."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from apps.press.models import PressItem
from apps.sites.models import Claim
from tests.factories import PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" )", ")").replace(" .", ".")


@pytest.fixture
def ensisheim():
    site = SiteFactory(slug="ensisheim", name="Ensisheim")
    article = PressItemFactory(outlet="Alterpresse68", title="Projet d'entrepôt Amazon à Ensisheim")
    denial = PressItemFactory(outlet="France Bleu Belfort-Montbéliard", title="Y aura-t-il un site Amazon ?")
    for item in (article, denial):
        item.sites.add(site)
    Claim.objects.create(
        site=site, figure="jobs", statement="1,800 staff in shifts of 600", claimant_kind="press",
        claimant="Alterpresse68", source=article,
    )  # fmt: skip
    Claim.objects.create(
        site=site, figure="other", statement="An Amazon warehouse project", claimant_kind="press",
        claimant="Alterpresse68", source=article, certainty="denied", certainty_source=denial,
    )  # fmt: skip
    Claim.objects.create(
        site=site, figure="surface", statement="189,652 m² of floor area", claimant_kind="company",
        claimant="Eurovia 16 Project", source=article, certainty="confirmed",
    )  # fmt: skip
    return site


def test_the_site_page_says_how_sure_each_claim_is(client, ensisheim):
    page = text(client.get("/en/sites/ensisheim/").content.decode())
    figures = page.split("Figures, and who claims them", 1)[1]
    assert "— Alterpresse68 (press). (reported) Source:" in figures
    assert "(denied; source: France Bleu Belfort-Montbéliard) Source:" in figures
    assert "— Eurovia 16 Project (company or developer). (confirmed) Source:" in figures


def test_the_french_page_says_it_in_french(client, ensisheim):
    page = text(client.get("/fr/sites/ensisheim/").content.decode())
    assert "(rapporté)" in page and "(démenti; source : France Bleu Belfort-Montbéliard)" in page


def test_a_withdrawn_source_of_the_certainty_is_not_shown(client, ensisheim):
    claim = Claim.objects.get(certainty="denied")
    PressItem.objects.filter(pk=claim.certainty_source_id).update(deleted_at=timezone.now())
    html = client.get("/en/sites/ensisheim/").content.decode()
    claims = text(html.split('id="claims-title"', 1)[1].split("<h2", 1)[0])
    assert "(denied) Source:" in claims and "France Bleu" not in claims
    api = client.get("/api/sites/ensisheim/").json()["properties"]["claims"]
    assert [c["certainty_source"] for c in api if c["certainty"] == "denied"] == [None]


def test_the_api_gives_each_claims_certainty_and_its_source(client, ensisheim):
    claims = {c["statement"]: c for c in client.get("/api/sites/ensisheim/").json()["properties"]["claims"]}
    assert claims["1,800 staff in shifts of 600"]["certainty"] == "reported"
    assert claims["1,800 staff in shifts of 600"]["certainty_source"] is None
    denied = claims["An Amazon warehouse project"]
    assert denied["certainty"] == "denied"
    assert denied["certainty_source"]["outlet"] == "France Bleu Belfort-Montbéliard"
    assert denied["source"]["outlet"] == "Alterpresse68"
    feature = client.get("/api/sites/ensisheim/").json()  # the detail is a GeoJSON Feature
    assert feature["type"] == "Feature"
    assert sorted(c["certainty"] for c in feature["properties"]["claims"]) == ["confirmed", "denied", "reported"]


def test_the_as_of_page_shows_the_certainty_a_claim_had_that_day(client, ensisheim):
    claim = Claim.objects.get(figure="jobs")
    Claim.history.filter(id=claim.pk).update(history_date=timezone.make_aware(dt.datetime(2021, 1, 1, 12)))
    claim.certainty = "confirmed"
    claim.save()
    then = text(client.get("/en/sites/ensisheim/as-of/2022-01-01/").content.decode())
    assert "1,800 staff in shifts of 600" in then and "— Alterpresse68 (press). (reported)" in then
    now = text(client.get(f"/en/sites/ensisheim/as-of/{dt.date.today().isoformat()}/").content.decode())
    assert "— Alterpresse68 (press). (confirmed)" in now
    assert "(denied; source: France Bleu Belfort-Montbéliard)" in now


def test_the_quality_page_counts_claims_by_certainty(client, ensisheim):
    html = client.get("/en/quality/").content.decode()
    assert re.search(r'data-total="claims-reported">1</strong> claim only reported', html)
    assert 'data-total="claims-confirmed">1</strong> confirmed' in html
    assert 'data-total="claims-denied">1</strong> denied by the party concerned' in html
    row = re.findall(r'<td class="num">([^<]*)</td>', html.split(">Ensisheim</a>", 1)[1].split("</tr>", 1)[0])
    header = text(html.split("<thead>", 1)[1].split("</thead>", 1)[0])
    assert "Claims reported" in header
    assert row[:2] == ["0", "1"]  # no attribution only reported, one claim only reported
    sorted_page = client.get("/en/quality/?sort=-claims").content.decode()
    assert 'data-column="claims" aria-sort="descending"' in sorted_page
