"""Facts the seed documents and the researched sources state hold in the loaded reference data."""

import datetime as dt

import pytest
from django.db.models import Count

from apps.collectives.models import Collective, Network
from apps.companies.models import Company
from apps.core.translation import columns
from apps.press.models import PressItem
from apps.sites.geo import point_in_country
from apps.sites.models import Certainty, Claim, Event, Site, Status

pytestmark = pytest.mark.django_db

REQUIRED_SITES = [
    "liege-airport", "briec", "augny", "ensisheim", "dambach-la-ville", "fournes", "montbert",
    "moult-chicheboville", "petit-couronne", "rivesaltes", "boigny-sur-bionne", "chartres",
    "mondeville", "tremblay-en-france",
]  # fmt: skip


# Sites whose current status no source gives: shown as "status unknown", never guessed.
UNKNOWN_STATUS = {"boigny-sur-bionne"}


def test_every_named_site_is_there_with_a_status_unless_none_is_known(reference_data):
    statuses = dict(Site.objects.values_list("slug", "status"))
    for slug in REQUIRED_SITES:
        assert slug in statuses, f"{slug} missing"
        if slug in UNKNOWN_STATUS:
            assert statuses[slug] is None, f"{slug}: no source gives its current status"
        else:
            assert statuses[slug], f"{slug} without status"


def test_boigny_sur_bionne_opened_in_2000_and_its_current_status_is_unknown(reference_data):
    boigny = Site.objects.get(slug="boigny-sur-bionne")
    assert boigny.status is None and boigny.status_since is None
    opening = boigny.events.get(kind="opening")
    assert opening.date == dt.date(2000, 1, 1) and opening.date_precision == "year"
    assert opening.status_after is None
    assert "current status is unknown" in boigny.summary


def test_liege_agreements_of_5_december_2018_then_the_hub_opens(reference_data):
    liege = Site.objects.get(slug="liege-airport")
    agreements = Event.objects.filter(site=liege, date=dt.date(2018, 12, 5))
    assert agreements.count() == 2  # Liège Airport-Cainiao, and Alibaba-Belgian federal government
    assert {e.date_precision for e in agreements} == {"day"}
    assert Status.ANNOUNCED in {e.status_after for e in agreements}
    assert agreements.filter(sources__url="https://entraide.be/la-face-cachee-d-alibaba").exists()
    assert liege.status == Status.OPERATIONAL and liege.status_since == dt.date(2021, 11, 8)
    assert liege.country == "BE" and liege.operator.group.name.startswith("Alibaba")
    before = Site.objects.with_status_at(dt.date(2018, 12, 4)).filter(slug="liege-airport")
    assert before.first() is None or before.get().status_at != Status.OPERATIONAL


def test_amazon_plans_at_dambach_and_ensisheim_were_abandoned(reference_data):
    assert Site.objects.get(slug="dambach-la-ville").status == Status.ABANDONED
    ensisheim = Site.objects.get(slug="ensisheim")
    statuses = list(ensisheim.events.chronological().exclude(status_after=None).values_list("status_after", flat=True))
    # Amazon gave the plan up (seed 000), then the developer's warehouse was authorised with an
    # undisclosed tenant (later sources): both are on the timeline, the latter last.
    assert Status.ABANDONED in statuses
    assert statuses[-1] == Status.PERMIT_GRANTED
    assert statuses.index(Status.ABANDONED) < len(statuses) - 1


def test_three_municipalities_refused_amazon(reference_data):
    for slug in ("chartres", "mondeville", "tremblay-en-france"):
        assert Site.objects.get(slug=slug).status == Status.REFUSED


def test_watching_alibaba_and_its_networks(reference_data):
    watching = Collective.objects.get(slug="watching-alibaba")
    assert watching.sites.filter(slug="liege-airport").exists()
    networks = {n.name for n in watching.networks.all()}
    assert any("Greenpeace" in n for n in networks)
    assert any("Students for Climate" in n for n in networks)
    assert any("Liège pour le climat" in n for n in networks)


def test_jobs_at_liege_promised_by_thousands_counted_in_hundreds(reference_data):
    jobs = Claim.objects.filter(site__slug="liege-airport", figure="jobs")
    promoters = jobs.exclude(claimant_kind="collective").values_list("value", flat=True)
    assert any(v and v >= 900 for v in promoters)
    assert jobs.filter(claimant_kind="collective").exists()


def test_every_event_and_claim_is_sourced_and_every_point_is_in_its_country(reference_data):
    assert not Event.objects.annotate(n=Count("sources")).filter(n=0).exists()
    assert not Claim.objects.filter(source__isnull=True).exists()
    for site in Site.objects.all():
        assert point_in_country(site.location.x, site.location.y, site.country), site.slug
    # Every source is at an http(s) address, or (a research article) cited by its authors.
    assert PressItem.objects.filter(url__startswith="http").count() == PressItem.objects.exclude(url=None).count()
    assert not PressItem.objects.filter(url=None, authors="").exists()


def _texts(queryset, name):
    """Both languages of a translatable text."""
    return [text for column in columns(name) for text in queryset.values_list(column, flat=True)]


def _public_texts():
    return [
        *_texts(Site.objects, "summary"),
        *_texts(Event.objects, "title"),
        *_texts(Event.objects, "description"),
        *_texts(Collective.objects, "description"),
        *Claim.objects.values_list("claimant", flat=True),
        *_texts(Claim.objects, "statement"),
        *PressItem.objects.values_list("excerpt", flat=True),
        *PressItem.objects.values_list("title", flat=True),
        *_texts(Network.objects, "description"),
        *_texts(Company.objects, "description"),
    ]


def test_no_private_individual_is_named(reference_data):
    # Spokespeople and residents named in the research notes must not reach the public data.
    texts = _public_texts()
    for name in ["Waterman", "Martine Petit", "Alma Dufour"]:
        assert not [t for t in texts if name in t], name


def test_public_texts_cite_documents_by_name_not_by_internal_key(reference_data):
    """Readers cannot know what "seed 004" is: a text names the document (its outlet or kind)."""
    assert not [t for t in _public_texts() if "seed 0" in t.lower() or "seed-0" in t.lower()]


def test_liege_airport_ownership_is_two_sourced_claims_that_disagree(reference_data):
    claims = Claim.objects.filter(site__slug="liege-airport", figure="ownership").select_related("source")
    by_kind = {c.claimant_kind: c for c in claims}
    assert set(by_kind) == {"press", "researcher"}
    assert "privately owned" in by_kind["researcher"].statement
    assert by_kind["researcher"].source.authors == "Bruno Lefèvre, Louis Wiart"
    assert "public body" in by_kind["press"].statement
    assert by_kind["press"].source.url.startswith("https://www.lavenir.net/")
    assert Company.objects.get(slug="liege-airport").kind == "public_body"


ARTICLE = (
    "The Creative Economy in Local Territories: Alibaba and Amazon in Territorial Competition, "
    "but Ideological Synergy to Bypass Democratic Governance"
)


def test_the_research_article_is_cited_with_its_authors_and_the_conference_page_is_related(reference_data):
    article = PressItem.objects.get(title=ARTICLE)
    assert article.authors == "Bruno Lefèvre, Louis Wiart"
    assert article.url is None  # no address is known for the article itself
    assert "2019 to 2022" in article.excerpt and "France and Belgium" in article.excerpt
    conference = article.related
    assert conference.url == "https://ecpr.eu/Events/Event/PaperDetails/58119"
    assert conference.title != ARTICLE
    # The facts "as of 2024" are the article's, and the events cite the article.
    amazon = Company.objects.get(slug="amazon")
    assert "as of 2024" in amazon.description and "Lefèvre and Wiart" in amazon.description
    assert Event.objects.filter(sources=article).count() >= 5
    assert not Event.objects.filter(sources=conference).exists()
    assert not [t for t in _public_texts() if "ECPR research paper" in t]


def test_fournes_complaint_is_cited_and_worded_as_an_allegation(reference_data):
    summary = Site.objects.get(slug="fournes").summary
    sentence = next(s for s in summary.split(". ") if "complaint" in s)
    assert "La Tribune Objectif Languedoc-Roussillon (17 November 2021)" in sentence
    assert "alleging" in sentence and "allegation, not a finding" in sentence
    assert PressItem.objects.filter(
        url__contains="2021-11-17/la-commune-de-fournes-se-porte-au-soutien-d-amazon", sites__slug="fournes"
    ).exists()


def test_amazon_is_only_reported_as_operator_of_fournes_and_petit_couronne(reference_data):
    for slug in ("fournes", "petit-couronne"):
        site = Site.objects.get(slug=slug)
        assert site.operator.slug == "amazon"
        assert site.operator_certainty == "reported", slug
        assert site.operator_source is not None and site.operator_source.sites.filter(slug=slug).exists()
        assert site.operator_display == "Amazon (reported)"
    assert Site.objects.get(slug="augny").operator_certainty == "confirmed"


def test_ensisheim_is_not_called_an_amazon_project(reference_data):
    ensisheim = Site.objects.get(slug="ensisheim")
    assert ensisheim.operator is None
    texts = [
        *_texts(Collective.objects.filter(sites=ensisheim), "description"),
        *_texts(Network.objects, "description"),
    ]
    for text in texts:
        if "Ensisheim" in text:
            assert "Amazon project at Ensisheim" not in text and "Amazon projects at Ensisheim" not in text
            assert "Amazon projects at Dambach-la-Ville and Ensisheim" not in text
    alsace = [t for t in texts if "Ensisheim" in t and "undisclosed" in t]
    assert len(alsace) >= 2  # the Alsace collective and the Alternatiba network say the tenant is undisclosed


def test_smaller_corrections(reference_data):
    demo = Event.objects.get(site__slug="liege-airport", date=dt.date(2021, 11, 1), kind="demonstration")
    assert "about 250" in demo.description and "300" not in demo.description
    liege_sans_pub = Collective.objects.get(slug="liege-sans-pub")
    assert "advertising" not in liege_sans_pub.description.lower()
    assert "posters" in liege_sans_pub.description
    rivesaltes = Site.objects.get(slug="rivesaltes").summary
    assert "led the opposition" not in rivesaltes and "Alternatiba 66" in rivesaltes


def test_titles_rebuilt_from_addresses_are_marked_unchecked(reference_data):
    unchecked = PressItem.objects.filter(title_checked=False)
    assert 25 <= unchecked.count() <= 35
    assert unchecked.filter(url__startswith="https://notreaffaireatous.org/cp-un-entrepot-amazon-dissimule").exists()
    assert PressItem.objects.get(url="https://entraide.be/la-face-cachee-d-alibaba").title_checked


def test_descriptions_cite_their_sources(reference_data):
    amazon = Company.objects.get(slug="amazon")
    # The figures "as of 2024" come from the research article, which the description cites.
    assert [s.authors for s in amazon.description_sources.all()] == ["Bruno Lefèvre, Louis Wiart"]
    liege_sans_pub = Collective.objects.get(slug="liege-sans-pub").description_sources.get()
    assert liege_sans_pub.outlet == "7sur7" and "affiches" in liege_sans_pub.title
    assert Network.objects.get(slug="alternatiba").description_sources.count() == 2


# Claims: how sure each is, read from its cited sources. Confirmed only where the party whose act it
# is says so itself; denied where the party concerned denied it; otherwise reported.
# (site, the start of the English statement)
CONFIRMED_CLAIMS = {
    ("liege-airport", "Extension request for three new halls"),  # the applicant's own permit request
    ("augny", "185,000 m² of floor area"),  # Argan, of the building it delivered
    ("augny", "3,800 permanent staff"),  # Amazon's site director, of its own staff
    ("colombier-saugnieu", "Part of Amazon's EUR 1.2 billion investment"),  # Amazon, of its own investment
}


def test_every_reference_claim_in_the_files_states_its_certainty():
    """No claim left to a default: each says confirmed, reported or denied."""
    import yaml
    from django.conf import settings

    sites = yaml.safe_load((settings.BASE_DIR / "fixtures" / "reference" / "sites.yaml").read_text())
    claims = [(s["slug"], c) for s in sites for c in s.get("claims") or []]
    assert len(claims) > 100
    missing = [(slug, c["statement"]["en"]) for slug, c in claims if c.get("certainty") not in Certainty.values]
    assert not missing, f"claims without a certainty: {missing}"


def test_claims_are_reported_unless_a_source_confirms_or_the_party_denies(reference_data):
    claims = list(Claim.objects.select_related("site", "source", "certainty_source"))
    confirmed = [c for c in claims if c.certainty == Certainty.CONFIRMED]
    assert len(confirmed) == len(CONFIRMED_CLAIMS)
    for slug, start in CONFIRMED_CLAIMS:
        assert [c for c in confirmed if c.site.slug == slug and c.statement_en.startswith(start)], start
    denied = [c for c in claims if c.certainty == Certainty.DENIED]
    assert [(c.site.slug, c.figure) for c in denied] == [("ensisheim", "other")]
    assert sum(c.certainty == Certainty.REPORTED for c in claims) == len(claims) - len(CONFIRMED_CLAIMS) - 1


def test_ensisheim_as_an_amazon_project_is_a_claim_amazon_denied(reference_data):
    claim = Claim.objects.get(site__slug="ensisheim", certainty=Certainty.DENIED)
    assert "Amazon" in claim.statement_en and "Amazon" in claim.statement_fr
    assert claim.source.outlet == "Alterpresse68"
    # Amazon France's CEO, December 2020: no project at Ensisheim.
    assert claim.certainty_source.url.startswith("https://www.francebleu.fr/") and "amazon-france" in (
        claim.certainty_source.url
    )
    assert Site.objects.get(slug="ensisheim").operator is None


def test_statements_by_others_stay_reported(reference_data):
    """Opponents' estimates, officials' figures about a company and hedged court findings are only reported."""
    reported = {
        ("liege-airport", "The Liège Airport site is privately owned, which eased the negotiations"),
        ("chartres", "'50,000 vehicles per day'"),
        ("fournes", "Probably 600 full-time equivalents"),
        ("liege-airport", "More than 200 jobs at the opening of the hub"),
        ("petit-couronne", "At least 1,200 jobs"),
    }
    for slug, statement in reported:
        assert Claim.objects.get(site__slug=slug, statement_en=statement).certainty == Certainty.REPORTED, statement
    ownership = Claim.objects.filter(site__slug="liege-airport", figure="ownership")
    assert set(ownership.values_list("certainty", flat=True)) == {Certainty.REPORTED}
