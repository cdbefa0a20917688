"""A site page shows the record's texts in the page's language; a text not translated yet falls
back to its original, marked visibly and with its `lang`."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briec():
    site = SiteFactory(
        slug="briec",
        name="Briec",
        summary_en="Amazon delivery station near Quimper.",
        summary_fr="Agence de livraison d'Amazon près de Quimper.",
    )
    EventFactory(site=site, date=dt.date(2020, 1, 1), title="Councillors vote", title_fr="Les élus votent")
    EventFactory(site=site, date=dt.date(2021, 1, 1), title="Earthworks start")
    return site


def _page(client, language):
    with translation.override(language):
        response = client.get(reverse("sites:detail", kwargs={"slug": "briec"}))
    assert response.status_code == 200
    return response.content.decode()


def test_french_page_shows_french_texts_and_marks_the_fallback(client, briec):
    html = _page(client, "fr")
    assert "Agence de livraison d&#x27;Amazon près de Quimper." in html
    assert "Les élus votent" in html and "Councillors vote" not in html
    # Not translated yet: the English original, said to be English, in words and for machines.
    assert '<h3 class="event-title" lang="en">Earthworks start <small class="fallback-marker"' in html
    assert "(in English)" in html


def test_english_page_shows_english_texts(client, briec):
    html = _page(client, "en")
    assert "Amazon delivery station near Quimper." in html
    assert "Councillors vote" in html and "Les élus votent" not in html
    assert "fallback-marker" not in html


def test_a_french_original_is_marked_on_the_english_page(client, briec):
    EventFactory(site=briec, date=dt.date(2022, 1, 1), text_language="fr", title="Blocage du chantier")
    html = _page(client, "en")
    assert '<h3 class="event-title" lang="fr">Blocage du chantier' in html
    assert "(en français)" in html


def test_page_says_when_the_translation_is_older_than_the_original(client, briec):
    now = timezone.now()
    briec.translation_updated = now - dt.timedelta(days=3)
    briec.original_updated = now
    briec.save()
    assert "the translation may be out of date" in _page(client, "en")
    assert "la traduction n'est peut-être plus à jour" in _page(client, "fr")
