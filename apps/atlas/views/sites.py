"""The table of sites (`/sites/`) and a site's page (`/sites/<slug>/`)."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from apps.collectives.models import Opposition
from apps.press.models import PressItem
from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.sites.models import Claim, Event, Site
from apps.sites.quality import site_quality
from apps.stories.models import Story

from ..fragments import cached_fragments
from ..legend import SHAPES, UNKNOWN, status_legend
from ..options import cached_filter_options, country_name, filter_description
from ..outline import outline_config
from ..sharing import site_description
from .cite import cite_context, site_citation
from .paging import PageParameterMixin

# column -> (header, ordering expression)
SORTS = {
    "name": (_("Site"), F("name")),
    "municipality": (_("Municipality"), F("municipality")),
    "country": (_("Country"), F("country")),
    "operator": (_("Operator"), F("operator__name")),
    "status": (_("Status"), F("status")),
    "since": (_("Since"), F("status_since")),
}


class FilteredSitesMixin:
    """Reads the shared filters from the query string; bad values give a 400 naming the parameter."""

    def dispatch(self, request, *args, **kwargs):
        self.filterset = SiteFilterSet(request.GET)
        try:
            self.filters = self.filterset.cleaned
        except InvalidFilter as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        return super().dispatch(request, *args, **kwargs)


class SiteListView(PageParameterMixin, FilteredSitesMixin, ListView):
    template_name = "atlas/site_list.html"
    context_object_name = "sites"
    paginate_by = 100

    def get_sort(self) -> tuple[str, bool]:
        raw = self.request.GET.get("sort", "name")
        descending = raw.startswith("-")
        key = raw.lstrip("-")
        return (key if key in SORTS else "name"), descending

    def get_queryset(self):
        key, descending = self.get_sort()
        expression = SORTS[key][1]
        if key in ("status", "since") and self.filterset.day:
            expression = F("status_at" if key == "status" else "status_at_since")
        order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        sites = self.filterset.qs.select_related("operator")
        return sites.order_by(order, "name").distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = cached_filter_options()
        key, descending = self.get_sort()
        query = self.request.GET.copy()
        query.pop("page", None)
        columns = []
        for column, (header, _expr) in SORTS.items():
            query["sort"] = f"-{column}" if column == key and not descending else column
            columns.append(
                {
                    "key": column,
                    "header": header,
                    "url": "?" + query.urlencode(),
                    "aria_sort": ("descending" if descending else "ascending") if column == key else None,
                }
            )
        context.update(
            columns=columns,
            filters=self.filters,
            filter_description=filter_description(options),
            options=options,
            country_names={o["value"]: o["label"] for o in options["countries"]},
        )
        return context


class SiteDetailView(DetailView):
    """A site's page. Its public record (everything but the forms and the visitor's actions) is
    rendered as fragments cached per data version and language (see ..fragments): a cached
    page costs two small queries, the site and the data version."""

    template_name = "atlas/site_detail.html"
    context_object_name = "site"
    fragments = ("site_top", "site_record", "site_data")

    def get_queryset(self):
        return Site.objects.public().select_related("operator")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = self.object
        context["share_description"] = site_description(site)
        context["share_image"] = reverse("sites:card", kwargs={"slug": site.slug})
        context["cite"] = cite_context(site_citation(self.request, site), slug=site.slug)
        # Its creation time too: a database made anew (tests, a reset) restarts the data version.
        identity = f"{site.pk}:{site.created.isoformat()}"
        context["record"] = cached_fragments(self.template_name, identity, lambda: self.render_record(site), Site)
        return context

    def render_record(self, site: Site) -> dict[str, str]:
        # Read again, with its companies: what is kept must be read after the data version, and
        # a page served from the cache needs no join.
        site = Site.objects.select_related(
            "operator__parent", "developer", "operator_source", "developer_source", "checked_by"
        ).get(pk=site.pk)
        cited = PressItem.objects.public().select_related("related")
        sources = Prefetch("sources", queryset=cited, to_attr="public_sources")
        prefetch_related_objects(
            [site],
            Prefetch(
                "events",
                queryset=Event.objects.public()
                .chronological()
                .prefetch_related(sources, Prefetch("collectives", to_attr="linked_collectives")),
                to_attr="public_events",
            ),
            Prefetch(
                "oppositions",
                queryset=Opposition.objects.filter(collective__deleted_at__isnull=True)
                .select_related("collective")
                .order_by("collective__name"),
                to_attr="public_oppositions",
            ),
            Prefetch(
                "claims",
                queryset=Claim.objects.public()
                .select_related("source__related", "certainty_source")
                .order_by("figure", "date", "id"),
                to_attr="public_claims",
            ),
            Prefetch("press_items", queryset=cited.newest_first(), to_attr="public_press"),
        )
        claims_by_figure = [
            {"label": claims[0].get_figure_display(), "claims": claims}
            for claims in (list(group) for _figure, group in groupby(site.public_claims, key=lambda c: c.figure))
        ]
        context = {
            "site": site,
            "quality": site_quality(site, site.public_events),
            "claims_by_figure": claims_by_figure,
            "stories": list(Story.objects.public().featuring(site).order_by("-created")),
            "country": country_name(site.country),
            "statuses": status_legend(),
            "shapes": SHAPES,
            "site_map": {
                "lon": site.location.x,
                "lat": site.location.y,
                "name": site.name,
                "status": site.status or UNKNOWN,  # drawn as "status unknown"
                "precision": site.location_precision,
                "footprint": site.footprint.geojson if site.footprint else None,
                "tiles": settings.MAP_TILES_URL,
                "attribution": settings.MAP_TILES_ATTRIBUTION,
                "outline": outline_config(),
            },
        }
        return {name: render_to_string(f"{self.template_name}#{name}", context) for name in self.fragments}
