"""The collectives (`/collectives/`, `/collectives/<slug>/`)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from apps.collectives.models import Collective, NetworkLink, Opposition
from apps.press.models import PressItem
from apps.sites.models import Event

from ..legend import status_legend
from ..sharing import collective_description


def _alive_oppositions(to_attr: str = "public_oppositions") -> Prefetch:
    return Prefetch(
        "oppositions",
        queryset=Opposition.objects.filter(site__deleted_at__isnull=True).select_related("site").order_by("site__name"),
        to_attr=to_attr,
    )


class CollectiveListView(ListView):
    template_name = "atlas/collective_list.html"
    context_object_name = "collectives"

    def get_queryset(self):
        return (
            Collective.objects.public()
            .annotate(
                site_count=Count("oppositions", filter=Q(oppositions__site__deleted_at__isnull=True), distinct=True)
            )
            .prefetch_related(
                _alive_oppositions(),
                Prefetch(
                    "network_links", queryset=NetworkLink.objects.select_related("network").order_by("network__name")
                ),
            )
            .order_by("name")
        )


class CollectiveDetailView(DetailView):
    template_name = "atlas/collective_detail.html"
    context_object_name = "collective"

    def get_queryset(self):
        sources = Prefetch("sources", queryset=PressItem.objects.public().select_related("related"))
        cited = PressItem.objects.public().select_related("related")
        return Collective.objects.public().prefetch_related(
            _alive_oppositions(),
            Prefetch("description_sources", queryset=cited, to_attr="public_description_sources"),
            Prefetch("network_links", queryset=NetworkLink.objects.select_related("network").order_by("network__name")),
            Prefetch(
                "events",
                queryset=Event.objects.public()
                .filter(site__deleted_at__isnull=True)
                .newest_first()
                .select_related("site")
                .prefetch_related(sources),
                to_attr="public_events",
            ),
            Prefetch(
                "press_items",
                queryset=PressItem.objects.public().select_related("related").newest_first(),
                to_attr="public_press",
            ),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "statuses": status_legend(),
            "share_description": collective_description(self.object),
        }
