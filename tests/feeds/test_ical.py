"""GET /feeds/events.ics: upcoming dated events, valid RFC 5545 (parsed with icalendar)."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from apps.feeds.ical import escape_text, fold
from tests.factories import EventFactory, PressItemFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming():
    today = timezone.localdate()
    site = SiteFactory(slug="hub", name="Fournès hub", municipality="Fournès", country="FR")
    inquiry = EventFactory(
        site=site, date=today + dt.timedelta(days=10), kind="public_inquiry",
        title="Public inquiry; hearing, at the town hall",
        description="Line one\nLine two, with a comma; and a semicolon \\ backslash. " + "Long text " * 20,
    )  # fmt: skip
    inquiry.sources.add(
        PressItemFactory(url="https://www.midilibre.fr/x", title="Enquête publique", outlet="Midi Libre")
    )
    EventFactory(site=site, date=today, kind="demonstration", title="March today")
    EventFactory(site=site, date=today - dt.timedelta(days=1), kind="demonstration", title="Yesterday's march")
    EventFactory(site=site, date=dt.date(today.year + 1, 1, 1), date_precision="year", title="Some time next year")
    EventFactory(site=site, date=today + dt.timedelta(days=3), kind="court_ruling", title="Hearing", state="pending")
    return inquiry


def test_calendar_lists_upcoming_day_precise_public_events(client, upcoming):
    response = client.get("/feeds/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [
        "Fournès hub: March today",
        "Fournès hub: Public inquiry; hearing, at the town hall",
    ]
    inquiry = events[1]
    assert inquiry["DTSTART"].dt == upcoming.date
    assert inquiry["DTEND"].dt == upcoming.date + dt.timedelta(days=1)
    description = str(inquiry["DESCRIPTION"])
    assert description.startswith("Line one\nLine two, with a comma; and a semicolon \\ backslash.")
    assert "https://www.midilibre.fr/x" in description
    assert "ODbL-1.0" in description
    assert str(inquiry["LOCATION"]) == "Fournès, FR"
    assert str(inquiry["URL"]) == f"http://testserver/en/sites/hub/#event-{upcoming.pk}"
    assert str(inquiry["UID"]).startswith(f"event-{upcoming.pk}@")
    assert inquiry["GEO"].latitude == pytest.approx(48.85)


def test_calendar_filters_by_site_and_kind(client, upcoming):
    other = SiteFactory(slug="other")
    EventFactory(site=other, date=timezone.localdate() + dt.timedelta(days=2), kind="council_vote", title="Vote")

    def summaries(query):
        calendar = icalendar.Calendar.from_ical(client.get(f"/feeds/events.ics{query}").content)
        return [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]

    assert len(summaries("")) == 3
    assert summaries("?site=other") == [f"{other.name}: Vote"]
    assert summaries("?kind=public_inquiry") == ["Fournès hub: Public inquiry; hearing, at the town hall"]


def test_text_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == line  # never splits a character


def test_unknown_kind_is_a_400_naming_it(client):
    response = client.get("/feeds/events.ics?kind=party")
    assert response.status_code == 400
    assert response.json()["parameter"] == "kind"
