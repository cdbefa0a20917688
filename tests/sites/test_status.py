"""The current status of a site is derived from its timeline by the database."""

import datetime as dt

import pytest
from django.db import connection

from apps.core.dates import DatePrecision
from apps.sites.models import Event, Site, Status
from tests.factories import EventFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _status(site):
    site.refresh_status()
    return site.status, site.status_since, site.status_since_precision


def test_new_site_has_no_status_until_an_event_gives_one():
    site = SiteFactory()
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=None)
    assert _status(site) == (None, None, None)


def test_status_is_that_of_the_latest_status_event_whatever_the_insertion_order():
    site = SiteFactory()
    EventFactory(site=site, date=dt.date(2021, 5, 3), status_after=Status.PERMIT_GRANTED)
    EventFactory(site=site, date=dt.date(2019, 1, 1), status_after=Status.ANNOUNCED)
    # A later event without a status does not change it.
    EventFactory(site=site, date=dt.date(2022, 1, 1), status_after=None, title="Demonstration")
    assert _status(site) == (Status.PERMIT_GRANTED, dt.date(2021, 5, 3), DatePrecision.DAY)


def test_deleting_or_redating_the_latest_event_recomputes_the_status():
    site = SiteFactory()
    EventFactory(site=site, date=dt.date(2019, 1, 1), status_after=Status.ANNOUNCED, date_precision="year")
    last = EventFactory(site=site, date=dt.date(2022, 11, 5), status_after=Status.ABANDONED)
    assert _status(site)[0] == Status.ABANDONED

    last.date = dt.date(2018, 6, 1)
    last.save()
    assert _status(site) == (Status.ANNOUNCED, dt.date(2019, 1, 1), DatePrecision.YEAR)

    last.delete()
    EventFactory(site=site, date=dt.date(2023, 2, 1), status_after=Status.SUSPENDED, date_precision="month")
    assert _status(site) == (Status.SUSPENDED, dt.date(2023, 2, 1), DatePrecision.MONTH)
    Event.objects.filter(site=site).delete()  # bulk delete: no Python signals involved
    assert _status(site) == (None, None, None)


def test_moving_an_event_to_another_site_updates_both():
    a, b = SiteFactory(), SiteFactory()
    event = EventFactory(site=a, date=dt.date(2020, 3, 31), status_after=Status.PERMIT_GRANTED)
    event.site = b
    event.save()
    assert _status(a)[0] is None
    assert _status(b)[0] == Status.PERMIT_GRANTED


def test_raw_sql_and_bulk_updates_cannot_leave_the_status_stale():
    site = SiteFactory()
    event = EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    Event.objects.filter(pk=event.pk).update(status_after=Status.REFUSED)
    assert _status(site)[0] == Status.REFUSED
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sites_event SET status_after = 'operational' WHERE id = %s", [event.pk])
    assert _status(site)[0] == Status.OPERATIONAL


def test_same_day_events_are_ordered_by_entry():
    site = SiteFactory()
    day = dt.date(2021, 11, 8)
    EventFactory(site=site, date=day, status_after=Status.UNDER_CONSTRUCTION)
    EventFactory(site=site, date=day, status_after=Status.OPERATIONAL)
    assert _status(site)[0] == Status.OPERATIONAL


def test_status_at_a_date_reads_the_timeline_and_hides_sites_not_yet_known():
    early, late = SiteFactory(name="Early"), SiteFactory(name="Late")
    EventFactory(site=early, date=dt.date(2018, 12, 5), status_after=Status.ANNOUNCED)
    EventFactory(site=early, date=dt.date(2021, 11, 8), status_after=Status.OPERATIONAL)
    EventFactory(site=late, date=dt.date(2021, 2, 1), status_after=Status.RUMOURED)

    in_2019 = {s.name: s.status_at for s in Site.objects.with_status_at(dt.date(2019, 6, 1))}
    assert in_2019 == {"Early": Status.ANNOUNCED}
    in_2022 = {s.name: s.status_at for s in Site.objects.with_status_at(dt.date(2022, 1, 1))}
    assert in_2022 == {"Early": Status.OPERATIONAL, "Late": Status.RUMOURED}


def test_only_published_and_not_deleted_events_set_the_status():
    site = SiteFactory()
    EventFactory(site=site, date=dt.date(2020, 1, 1), status_after=Status.ANNOUNCED)
    pending = EventFactory(site=site, date=dt.date(2021, 1, 1), status_after=Status.ABANDONED, state="pending")
    assert _status(site)[0] == Status.ANNOUNCED
    pending.state = "published"
    pending.save()
    assert _status(site)[0] == Status.ABANDONED
    Event.objects.filter(pk=pending.pk).update(deleted_at=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    assert _status(site)[0] == Status.ANNOUNCED
    assert list(Site.objects.with_status_at(dt.date(2021, 6, 1)).values_list("status_at", flat=True)) == ["announced"]
