from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from apps.collectives.models import Collective, Opposition
from apps.sites.models import STATUS_MEANINGS, Event, Site


class MapView(TemplateView):
    template_name = "atlas/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sites"] = Site.objects.select_related("operator")
        context["status_meanings"] = STATUS_MEANINGS
        return context


class SiteListView(ListView):
    template_name = "atlas/site_list.html"
    context_object_name = "sites"

    def get_queryset(self):
        return Site.objects.select_related("operator", "developer")


class SiteDetailView(DetailView):
    template_name = "atlas/site_detail.html"
    context_object_name = "site"

    def get_queryset(self):
        return Site.objects.select_related("operator", "developer").prefetch_related(
            Prefetch("events", queryset=Event.objects.chronological().prefetch_related("sources", "collectives")),
            Prefetch("oppositions", queryset=Opposition.objects.select_related("collective")),
            "claims__source",
            "press_items",
        )


class CollectiveListView(ListView):
    template_name = "atlas/collective_list.html"
    context_object_name = "collectives"
    queryset = Collective.objects.prefetch_related("sites")


class CollectiveDetailView(DetailView):
    template_name = "atlas/collective_detail.html"
    context_object_name = "collective"
    queryset = Collective.objects.prefetch_related("networks", "oppositions__site", "events__site", "press_items")
