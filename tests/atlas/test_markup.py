"""What a browser reads in the markup: machine-readable dates at their precision, and which
pages ask for the map document ahead of time."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import CollectiveFactory, EventFactory, PressItemFactory, site_with_status

pytestmark = pytest.mark.django_db

TIME_DATETIMES = re.compile(r'<time datetime="([^"]*)"')
PRELOADS = re.compile(r"<link\b[^>]*\brel=\"preload\"[^>]*>")


def time_datetimes(html: str) -> set[str]:
    return set(TIME_DATETIMES.findall(html))


def preloaded_hrefs(html: str) -> list[str]:
    return [re.search(r'href="([^"]*)"', link).group(1) for link in PRELOADS.findall(html)]


def test_collective_timeline_dates_are_machine_readable_at_their_precision(client):
    site = site_with_status("alpha")
    collective = CollectiveFactory()
    site.oppositions.create(collective=collective)
    for date, precision in [
        (dt.date(2019, 11, 1), "month"),
        (dt.date(2018, 1, 1), "year"),
        (dt.date(2020, 3, 5), "day"),
    ]:
        EventFactory(site=site, date=date, date_precision=precision).collectives.add(collective)

    html = client.get(collective.get_absolute_url()).content.decode()

    assert {"2019-11", "2018", "2020-03-05"} <= time_datetimes(html)
    assert not {"2019-11-01", "2018-01-01"} & time_datetimes(html)


def test_press_review_dates_are_machine_readable_at_their_precision(client):
    PressItemFactory(published=dt.date(2019, 11, 1), published_precision="month")
    PressItemFactory(published=dt.date(2017, 1, 1), published_precision="year")
    PressItemFactory(published=dt.date(2021, 6, 24), published_precision="day")

    html = client.get(reverse("press")).content.decode()

    assert time_datetimes(html) == {"2019-11", "2017", "2021-06-24"}


def test_site_page_dates_are_machine_readable_at_their_precision(client):
    site = site_with_status("alpha")
    EventFactory(site=site, date=dt.date(2019, 11, 1), date_precision="month")
    EventFactory(site=site, date=dt.date(2016, 1, 1), date_precision="year")

    html = client.get(site.get_absolute_url()).content.decode()

    assert {"2019-11", "2016"} <= time_datetimes(html)
    assert not {"2019-11-01", "2016-01-01"} & time_datetimes(html)


def test_only_the_pages_that_fetch_the_map_document_preload_it(client):
    site = site_with_status("alpha")
    map_data = reverse("map-data")

    site_page = client.get(site.get_absolute_url())
    assert site_page.status_code == 200
    assert map_data not in preloaded_hrefs(site_page.content.decode())

    for name in ("map", "embed"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert map_data in preloaded_hrefs(page.content.decode()), name
