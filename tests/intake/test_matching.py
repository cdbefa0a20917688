"""Articles are matched to sites by names and municipalities: accents and case ignored, whole
words only, and parts of names shared by several sites do not count."""

import pytest

from apps.intake.matching import SiteMatcher

SITES = [
    (1, "Amazon delivery station, Lumunoc'h business park, Briec", "Briec"),
    (2, "Amazon delivery station, Moult industrial zone", "Moult-Chicheboville"),
    (3, "Cainiao eHub, Liège Airport", "Grâce-Hollogne"),
    (4, "Argan / Amazon parcel sorting centre project, zone de la Pale", "Fournès"),
]


@pytest.fixture
def matcher():
    return SiteMatcher(SITES)


def sites(matches):
    return {m.site_id for m in matches}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("À BRIEC, l'entrepôt fait débat", {1}),
        ("briec: les riverains", {1}),
        ("Grace-Hollogne et LIEGE AIRPORT", {3}),
        ("Le projet de FOURNES, dans le Gard", {4}),
        ("Le projet de Fournès", {4}),
        ("Moult-Chicheboville accueille", {2}),
        ("Lumunoc’h business park", {1}),  # typographic apostrophe
    ],
)
def test_accents_and_case_do_not_matter(matcher, text, expected):
    assert sites(matcher.match(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fête de la crêpe à Briecville",  # not a whole word
        "Les Briecois se mobilisent",
        "Amazon delivery station: a new wave",  # shared by several sites
        "Amazon opens a new warehouse",
        "",
    ],
)
def test_partial_words_and_generic_names_do_not_match(matcher, text):
    assert matcher.match(text) == []


def test_match_reports_the_words_found_across_title_and_summary(matcher):
    (match,) = matcher.match("Liège Airport grows", "Residents of Grâce-Hollogne complain")
    assert match.site_id == 3
    assert match.terms == ("grace-hollogne", "liege airport")


@pytest.mark.django_db
def test_only_public_sites_are_matched(briec):
    from django.utils import timezone

    from tests.factories import SiteFactory

    SiteFactory(name="Deleted site, Montbert", municipality="Montbert", deleted_at=timezone.now())
    assert sites(SiteMatcher.from_database().match("Briec et Montbert")) == {briec.pk}
