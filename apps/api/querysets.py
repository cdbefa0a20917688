"""What each endpoint reads: only public records, with everything a page of results needs
fetched in a fixed number of queries (select_related / Prefetch), whatever the row count."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from apps.collectives.models import Collective, NetworkLink, Opposition
from apps.companies.models import Company
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site


def public_events():
    return (
        Event.objects.public()
        .filter(site__in=Site.objects.public())
        .prefetch_related(
            Prefetch("sources", queryset=PressItem.objects.public().newest_first(), to_attr="public_sources"),
            Prefetch("collectives", queryset=Collective.objects.public(), to_attr="public_collectives"),
        )
    )


def site_detail():
    return (
        Site.objects.public()
        .select_related("operator", "developer", "operator_source", "developer_source")
        .prefetch_related(
            Prefetch("events", queryset=public_events().chronological(), to_attr="public_events"),
            Prefetch(
                "oppositions",
                queryset=Opposition.objects.filter(collective__in=Collective.objects.public())
                .select_related("collective")
                .order_by("collective__name"),
                to_attr="public_oppositions",
            ),
            Prefetch(
                "claims",
                queryset=Claim.objects.public()
                .filter(source__in=PressItem.objects.public())
                .select_related("source", "certainty_source"),
                to_attr="public_claims",
            ),
        )
    )


def event_list():
    return public_events().select_related("site").newest_first()


def description_sources():
    return Prefetch("description_sources", queryset=PressItem.objects.public(), to_attr="public_description_sources")


def collective_list():
    return Collective.objects.public().prefetch_related(
        description_sources(),
        Prefetch("network_links", queryset=NetworkLink.objects.select_related("network").order_by("network__name")),
        Prefetch(
            "oppositions",
            queryset=Opposition.objects.filter(site__in=Site.objects.public())
            .select_related("site")
            .order_by("site__name"),
            to_attr="public_oppositions",
        ),
    )


def press_list():
    return (
        PressItem.objects.public()
        .newest_first()
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.public(), to_attr="public_sites"),
            Prefetch("collectives", queryset=Collective.objects.public(), to_attr="public_collectives"),
        )
    )


def _count(field: str):
    sites = (
        Site.objects.public()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sites, output_field=IntegerField()), Value(0))


def company_list():
    return (
        Company.objects.select_related("parent")
        .prefetch_related(description_sources())
        .annotate(public_operated_count=_count("operator"), public_developed_count=_count("developer"))
        .order_by("name")
    )
