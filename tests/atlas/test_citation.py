"""Cite this: the versioned permalink shows the record as it stood on a day, and the BibTeX,
RIS and CSL-JSON name it (parsed with real parsers)."""

import datetime as dt
import json
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from django.utils import timezone

from apps.sites.models import Event, Site, Status
from tests.factories import EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def text(response) -> str:
    parser = Text()
    parser.feed(response.content.decode())
    return " ".join("".join(parser.parts).split())


def _backdate(model, pk, when: dt.datetime):
    model.history.filter(id=pk).update(history_date=when)


def _edited_site():
    """A site recorded in 2020 with an event of 2019 (announced); renamed and given a new
    event (permit granted, 2022) today."""
    site = SiteFactory(name="Entrepôt de Fournès", summary="First summary.")
    old_event = EventFactory(
        site=site, date=dt.date(2019, 3, 1), title="Project announced", status_after=Status.ANNOUNCED
    )
    recorded = timezone.make_aware(dt.datetime(2020, 5, 1, 12))
    _backdate(Site, site.pk, recorded)
    _backdate(Event, old_event.pk, recorded)
    site.name = "Fournès logistics hub"
    site.summary = "Second summary."
    site.save()
    EventFactory(site=site, date=dt.date(2022, 2, 1), title="Permit granted", status_after=Status.PERMIT_GRANTED)
    return Site.objects.get(pk=site.pk)


def test_as_of_shows_the_record_of_that_day_and_today(client):
    site = _edited_site()
    then = client.get(f"/en/sites/{site.slug}/as-of/2021-01-01/")
    assert then.status_code == 200
    old = text(then)
    assert "Entrepôt de Fournès" in old and "First summary." in old
    assert "Project announced" in old and "Permit granted" not in old
    assert "Announced" in old
    assert "An old version: the public record as it stood at the end of Jan. 1, 2021." in old
    assert f'href="{site.get_absolute_url()}"' in then.content.decode()

    now = text(client.get(f"/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"))
    assert "Fournès logistics hub" in now and "Second summary." in now
    assert "Project announced" in now and "Permit granted" in now
    assert "Entrepôt de Fournès" not in now


def test_as_of_a_day_before_the_site_was_recorded_shows_its_events_dated_by_then(client):
    site = SiteFactory(name="Briec")
    EventFactory(site=site, date=dt.date(2018, 6, 1), title="First meeting", status_after=Status.ANNOUNCED)
    EventFactory(site=site, date=dt.date(2023, 6, 1), title="Abandoned", status_after=Status.ABANDONED)
    page = text(client.get(f"/en/sites/{site.slug}/as-of/2021-01-01/"))
    timeline = page.split("Timeline", 1)[1].split("Cite this", 1)[0]
    assert "First meeting" in timeline and "Abandoned" not in timeline
    assert "Announced" in page.split("Timeline", 1)[0]
    assert "recorded this site later" in page


def test_as_of_events_show_their_sources(client):
    site = SiteFactory()
    event = EventFactory(site=site, date=dt.date(2019, 3, 1), title="Announced in the press")
    event.sources.add(PressItemFactory(title="Le Télégramme article", url="https://example.org/a"))
    page = client.get(f"/en/sites/{site.slug}/as-of/2021-01-01/").content.decode()
    assert 'href="https://example.org/a"' in page and "Le Télégramme article" in page


def test_as_of_cites_a_source_without_an_address_by_its_authors(client):
    site = SiteFactory()
    event = EventFactory(site=site, date=dt.date(2019, 3, 1))
    event.sources.add(PressItemFactory(title="A research article", url=None, authors="B. Lefèvre, L. Wiart"))
    page = client.get(f"/en/sites/{site.slug}/as-of/2021-01-01/").content.decode()
    assert "<cite>A research article</cite>, B. Lefèvre, L. Wiart" in page and 'href=""' not in page


def test_as_of_refuses_days_to_come_and_bad_days(client):
    site = SiteFactory()
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert client.get(f"/en/sites/{site.slug}/as-of/{tomorrow}/").status_code == 404
    assert client.get(f"/en/sites/{site.slug}/as-of/2021-02-30/").status_code == 404
    assert client.get(f"/en/sites/{site.slug}/as-of/yesterday/").status_code == 404


def test_a_deleted_event_is_gone_from_later_versions_only(client):
    site = SiteFactory()
    event = EventFactory(site=site, date=dt.date(2020, 1, 1), title="Public hearing")
    _backdate(Event, event.pk, timezone.make_aware(dt.datetime(2020, 1, 2)))
    _backdate(Site, site.pk, timezone.make_aware(dt.datetime(2020, 1, 2)))
    event.deleted_at = timezone.now()
    event.save()
    assert "Public hearing" in text(client.get(f"/en/sites/{site.slug}/as-of/2021-01-01/"))
    assert "Public hearing" not in text(client.get(f"/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"))


def test_bibtex_names_the_versioned_permalink(client):
    site = SiteFactory(name="Hub {Liège} & 50% of_it")
    response = client.get(f"/en/sites/{site.slug}/cite.bib")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    permalink = f"http://testserver/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"
    assert entry["url"] == permalink
    assert entry["urldate"] == TODAY.isoformat()
    assert entry.entry_type == "misc"
    assert entry["author"] == "{Hubwatch contributors}"
    assert "Liège" in entry["title"]
    assert client.get(permalink.removeprefix("http://testserver")).status_code == 200


def test_ris_names_the_versioned_permalink(client):
    site = SiteFactory(name="Cainiao eHub, Liège Airport")
    response = client.get(f"/en/sites/{site.slug}/cite.ris")
    assert response.status_code == 200
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == "Cainiao eHub, Liège Airport"
    assert entry["urls"] == [f"http://testserver/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"]
    assert entry["authors"] == ["Hubwatch contributors"]
    assert entry["access_date"] == TODAY.strftime("%Y/%m/%d")


def test_csl_json(client):
    site = SiteFactory(name="Augny")
    response = client.get(f"/en/sites/{site.slug}/cite.json")
    (item,) = json.loads(response.content)
    assert item["type"] == "webpage" and item["title"] == "Augny"
    assert item["URL"] == f"http://testserver/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"
    assert item["accessed"] == {"date-parts": [[TODAY.year, TODAY.month, TODAY.day]]}


def test_site_page_offers_the_citation(client):
    site = SiteFactory(name="Ensisheim <b>hub</b>")
    response = client.get(site.get_absolute_url())
    body = response.content.decode()
    page = text(response)
    permalink = f"http://testserver/en/sites/{site.slug}/as-of/{TODAY.isoformat()}/"
    container = "Hubwatch: an open atlas of contested logistics sites"
    assert f"Hubwatch contributors. (n.d.). Ensisheim <b>hub</b>. In {container}. Retrieved" in page
    assert "Hubwatch contributors. “Ensisheim <b>hub</b>.”" in page
    assert permalink in page
    assert "<b>hub</b>" not in body
    for ext in ("bib", "ris", "json"):
        assert f'href="/en/sites/{site.slug}/cite.{ext}"' in body


def test_citation_in_french(client):
    site = SiteFactory(name="Montbert")
    page = text(client.get(f"/fr/sites/{site.slug}/"))
    assert "Citer cette page" in page
    assert f"http://testserver/fr/sites/{site.slug}/as-of/" in page
    assert "Consulté le" in page


def test_map_citation_keeps_filters_and_names_a_day(client):
    page = text(client.get("/en/?status=abandoned&country=FR"))
    assert f"http://testserver/en/?status=abandoned&country=FR&at={TODAY.isoformat()}" in page
    assert "Hubwatch contributors. (n.d.). Map of contested logistics sites." in page
    dated = text(client.get("/fr/?at=2021-06-01&lat=48.5&lon=3.5&z=6"))
    assert "http://testserver/fr/?at=2021-06-01&lat=48.5&lon=3.5&z=6" in dated


def test_api_docs_offer_the_citation_and_licence(client):
    response = client.get("/api/docs/")
    page = text(response)
    assert "Cite this" in page
    assert f"http://testserver/api/sites/?at={TODAY.isoformat()}" in page
    assert "Open Database License (ODbL) 1.0" in page
