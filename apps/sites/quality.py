"""How good a site's record is: when an editor last checked all of it against its sources, how
sure its attributions and claims are, how precise its dates are, and how many of its facts rest on one
source; and what needs work across the atlas (the /quality/ page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.dates import DatePrecision
from apps.core.models import PublicationState
from apps.press.models import LinkStatus, PressItem

from .models import Certainty, Claim, Event, Site

# A record not checked for this long is listed as needing a check.
CHECK_EVERY = dt.timedelta(days=365)


class _Count(Func):
    """COUNT(DISTINCT pk) of a subquery's rows, without a GROUP BY: a scalar subquery."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _count(queryset: QuerySet):
    return Coalesce(Subquery(queryset.order_by().annotate(n=_Count(F("pk"))).values("n")[:1]), 0)


def sources_of(site_ref) -> QuerySet:
    """The public sources a site's record rests on: those of its public events and claims, and
    the press items filed under it. `site_ref` is a Site or an OuterRef to one. Joins, not IN
    subqueries: an OuterRef in a nested subquery would point at the wrong query. Rows may repeat;
    counts are DISTINCT."""
    return PressItem.objects.public().filter(
        Q(events__site=site_ref, events__state=PublicationState.PUBLISHED, events__deleted_at__isnull=True)
        | Q(claims__site=site_ref, claims__state=PublicationState.PUBLISHED, claims__deleted_at__isnull=True)
        | Q(sites=site_ref)
    )


def _single_source_events(site_ref) -> QuerySet:
    sources = Event.sources.through.objects.filter(event=OuterRef("pk"), pressitem__in=PressItem.objects.public())
    return Event.objects.public().filter(site=site_ref).annotate(n_sources=_count(sources)).filter(n_sources=1)


def _reported(role: str):
    return Case(
        When(Q(**{f"{role}__isnull": False, f"{role}_certainty": Certainty.REPORTED}), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def with_quality(sites: QuerySet) -> QuerySet:
    """Annotate each site with what needs work on its record."""
    site = OuterRef("pk")
    events = Event.objects.public().filter(site=site)
    return sites.annotate(
        q_reported=_reported("operator") + _reported("developer"),
        q_reported_claims=_count(Claim.objects.public().filter(site=site, certainty=Certainty.REPORTED)),
        q_events=_count(events),
        q_year_only=_count(events.filter(date_precision=DatePrecision.YEAR)),
        q_single_source=_count(_single_source_events(site)),
        q_unchecked_titles=_count(sources_of(site).filter(title_checked=False)),
        q_dead_links=_count(sources_of(site).filter(link_status=LinkStatus.DEAD)),
    )


def overdue(now: dt.datetime | None = None) -> Q:
    """Sites never checked, or not for CHECK_EVERY."""
    limit = (now or timezone.now()) - CHECK_EVERY
    return Q(checked_at__isnull=True) | Q(checked_at__lt=limit)


@dataclass(frozen=True)
class Totals:
    sites: int
    not_checked_for_a_year: int
    reported_attributions: int
    unchecked_titles: int
    year_only_events: int
    dead_links: int
    claims: dict  # certainty -> number of public claims


def claims_by_certainty(sites: QuerySet) -> dict[str, int]:
    """{"confirmed": n, "reported": n, "denied": n} over the public claims of `sites`."""
    rows = Claim.objects.public().filter(site__in=sites).values_list("certainty").annotate(n=Count("pk"))
    counts = dict(rows.order_by())
    return {value: counts.get(value, 0) for value in Certainty.values}


def totals() -> Totals:
    """The counts at the head of /quality/, over the public record."""
    sites = Site.objects.public()
    reported_count = sum(
        sites.filter(**{f"{role}__isnull": False, f"{role}_certainty": Certainty.REPORTED}).count()
        for role in ("operator", "developer")
    )
    cited = PressItem.objects.public().filter(
        Exists(Event.sources.through.objects.filter(pressitem=OuterRef("pk"), event__site__in=sites))
        | Exists(Claim.objects.public().filter(source=OuterRef("pk"), site__in=sites))
        | Exists(PressItem.sites.through.objects.filter(pressitem=OuterRef("pk"), site__in=sites))
    )
    return Totals(
        sites=sites.count(),
        not_checked_for_a_year=sites.filter(overdue()).count(),
        reported_attributions=reported_count,
        unchecked_titles=cited.filter(title_checked=False).count(),
        year_only_events=Event.objects.public().filter(site__in=sites, date_precision=DatePrecision.YEAR).count(),
        dead_links=cited.filter(link_status=LinkStatus.DEAD).count(),
        claims=claims_by_certainty(sites),
    )


@dataclass(frozen=True)
class SiteQuality:
    """What a site page shows of its record's quality."""

    checked_at: dt.datetime | None
    checked_by: str
    overdue: bool
    events: int
    year_only: int
    month_only: int
    single_source: int


def site_quality(site: Site, events: list[Event]) -> SiteQuality:
    """From the site and its public events, each with `public_sources` prefetched."""
    now = timezone.now()
    return SiteQuality(
        checked_at=site.checked_at,
        checked_by=site.checked_by.public_name if site.checked_by else "",
        overdue=site.checked_at is None or site.checked_at < now - CHECK_EVERY,
        events=len(events),
        year_only=sum(1 for e in events if e.date_precision == DatePrecision.YEAR),
        month_only=sum(1 for e in events if e.date_precision == DatePrecision.MONTH),
        single_source=sum(1 for e in events if len(e.public_sources) == 1),
    )
