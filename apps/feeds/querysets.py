"""The events the feeds publish: public events of public sites, with their public sources."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q

from apps.collectives.models import Collective, Opposition
from apps.press.models import PressItem
from apps.sites.models import Event, Site


def feed_events():
    return (
        Event.objects.public()
        .filter(site__in=Site.objects.public())
        .select_related("site")
        .prefetch_related(
            Prefetch("sources", queryset=PressItem.objects.public().newest_first(), to_attr="public_sources")
        )
    )


def site_events(site: Site):
    return feed_events().filter(site=site)


def collective_events(collective: Collective):
    """Events it took part in, and every event on a site it opposes: what its followers follow."""
    opposed = Opposition.objects.filter(collective=collective).values("site")
    return feed_events().filter(Q(collectives=collective) | Q(site__in=opposed)).distinct()


def upcoming_events(today: dt.date):
    """Dated events still to come (inquiries, hearings, votes, demonstrations...): a calendar
    needs a day, so month- or year-precise plans are left out."""
    return feed_events().filter(date__gte=today, date_precision="day").chronological()
